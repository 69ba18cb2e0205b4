import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

/**
 * Makes SQLite speak the same JavaScript types as PostgreSQL, coming out, by the schema's naming
 * rule: `*_at` -> Date, `is_*` -> boolean. Going in, the statements bind their parameters through
 * `toSqliteValue` (db/connection.ts), once per parameter: rewriting every query's operation tree
 * here cost more than most queries themselves.
 */
export class SqliteTypesPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) convertRow(row);
    return args.result;
  }
}

/** Date -> ISO-8601 text (sortable, UTC), boolean -> 1/0: better-sqlite3 binds neither. */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function convertRow(row: UnknownRow): void {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (value === null || value === undefined) continue;
    if (key.endsWith("_at") && typeof value === "string") row[key] = new Date(value);
    else if (key.startsWith("is_") && typeof value === "number") row[key] = value !== 0;
  }
}
