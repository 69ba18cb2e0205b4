import type { Migration } from "kysely";
import type { DialectName } from "../dialect-name";
import { initial } from "./0001_initial";
import { benchIndexes } from "./0002_bench_indexes";
import { loginThrottle } from "./0003_login_throttle";
import { tallyRollup } from "./0004_tally_rollup";
import { tallyDelta } from "./0005_tally_delta";
import { tallyStatus } from "./0006_tally_status";

/**
 * Every migration, in order, as a static list: the server bundle cannot read a folder
 * at run time. Append new entries; never edit or reorder shipped ones.
 */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    "0001_initial": initial(dialect),
    "0002_bench_indexes": benchIndexes(dialect),
    "0003_login_throttle": loginThrottle(dialect),
    "0004_tally_rollup": tallyRollup(dialect),
    "0005_tally_delta": tallyDelta(dialect),
    "0006_tally_status": tallyStatus(dialect),
  };
}
