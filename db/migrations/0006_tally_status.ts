// FROZEN once shipped: change the schema with a new migration file.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialect-name";

/**
 * What a tally of a large scope needs of every unit below it, summed per ancestor, so that a
 * national tally does not read ~10^5 units (app/services/tally-status.server.ts):
 *  - tally_status: each unit's own standing in a campaign, for the campaign's whole period (open
 *    at its end, expected to report, reported, on time, below target, without activity, members,
 *    members reached, the points it covers, the day it reported);
 *  - tally_status_sum: those summed over each unit's proper descendants (leaves have no row);
 *  - tally_status_count: per ancestor, how many expected units below it cover each point
 *    (kind 'point') and reported on each Vietnam day (kind 'day');
 *  - tally_status_dirty: which statuses to compute again, appended by triggers on every table a
 *    status reads (campaign_id 0: every campaign; unit_id 0: every unit), so no write path can
 *    forget one. Activities reach statuses through the roll-up's fold instead. No keys: appending
 *    must not lock a shared row.
 */
export function tallyStatus(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  const flags = ["expected", "submitted", "on_time", "below_target", "without_activity"];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const withoutRowid = <T extends CreateTableBuilder<any, any>>(table: T): T => (dialect === "sqlite" ? (table.modifyEnd(sql`without rowid`) as T) : table);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      let status = db.schema
        .createTable("tally_status")
        .addColumn("campaign_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.notNull())
        .addColumn("is_open", "integer", (c) => c.notNull())
        .addColumn("members", big, (c) => c.notNull())
        .addColumn("reached", big, (c) => c.notNull());
      for (const flag of flags) status = status.addColumn(flag, "integer", (c) => c.notNull());
      status = status
        .addColumn("submitted_on", "text", (c) => c.notNull())
        .addColumn("covered_points", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("tally_status_pk", ["campaign_id", "unit_id"]);
      await withoutRowid(status).execute();

      let sum = db.schema
        .createTable("tally_status_sum")
        .addColumn("campaign_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.notNull())
        .addColumn("units", big, (c) => c.notNull())
        .addColumn("open_units", big, (c) => c.notNull())
        .addColumn("members", big, (c) => c.notNull())
        .addColumn("reached", big, (c) => c.notNull());
      for (const flag of flags) sum = sum.addColumn(flag, big, (c) => c.notNull());
      await withoutRowid(sum.addPrimaryKeyConstraint("tally_status_sum_pk", ["campaign_id", "unit_id"])).execute();

      await withoutRowid(
        db.schema
          .createTable("tally_status_count")
          .addColumn("campaign_id", "integer", (c) => c.notNull())
          .addColumn("unit_id", "integer", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("units", big, (c) => c.notNull())
          .addPrimaryKeyConstraint("tally_status_count_pk", ["campaign_id", "unit_id", "kind", "key"]),
      ).execute();

      await db.schema
        .createTable("tally_status_dirty")
        .addColumn("campaign_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.notNull())
        .execute();

      // Every existing (campaign, unit) is computed at the next fold.
      await sql`insert into tally_status_dirty (campaign_id, unit_id) select id, 0 from campaign`.execute(db);

      const unitColumns = "kind_id, members, opened_on, closed_on, parent_id";
      if (dialect === "postgres") {
        await sql`create function tally_status_mark() returns trigger language plpgsql as $$
          begin
            if TG_TABLE_NAME = 'unit' then
              insert into tally_status_dirty (campaign_id, unit_id) values (0, new.id);
            elsif TG_TABLE_NAME = 'campaign' then
              insert into tally_status_dirty (campaign_id, unit_id) values (new.id, 0);
            elsif TG_TABLE_NAME = 'unit_report' then
              if TG_OP <> 'INSERT' then insert into tally_status_dirty (campaign_id, unit_id) values (old.campaign_id, old.unit_id); end if;
              if TG_OP <> 'DELETE' then insert into tally_status_dirty (campaign_id, unit_id) values (new.campaign_id, new.unit_id); end if;
            else
              if TG_OP <> 'INSERT' then insert into tally_status_dirty (campaign_id, unit_id) values (old.campaign_id, 0); end if;
              if TG_OP <> 'DELETE' then insert into tally_status_dirty (campaign_id, unit_id) values (new.campaign_id, 0); end if;
            end if;
            return null;
          end $$`.execute(db);
        const on = (name: string, events: string, table: string) =>
          sql`create trigger ${sql.raw(name)} after ${sql.raw(events)} on ${sql.raw(table)} for each row execute function tally_status_mark()`.execute(db);
        await on("tally_status_unit", `insert or update of ${unitColumns}`, "unit");
        await on("tally_status_campaign", "insert or update of ends_on", "campaign");
        await on("tally_status_report", "insert or update or delete", "unit_report");
        await on("tally_status_reporting_kind", "insert or update or delete", "campaign_reporting_kind");
        await on("tally_status_target", "insert or update or delete", "campaign_target");
      } else {
        const mark = (campaign: string, unit: string) => `insert into tally_status_dirty (campaign_id, unit_id) values (${campaign}, ${unit});`;
        const triggers: [string, string, string, string][] = [
          ["tally_status_unit_insert", "insert", "unit", mark("0", "new.id")],
          ["tally_status_unit_update", `update of ${unitColumns}`, "unit", mark("0", "new.id")],
          ["tally_status_campaign_insert", "insert", "campaign", mark("new.id", "0")],
          ["tally_status_campaign_update", "update of ends_on", "campaign", mark("new.id", "0")],
          ["tally_status_report_insert", "insert", "unit_report", mark("new.campaign_id", "new.unit_id")],
          ["tally_status_report_update", "update", "unit_report", mark("old.campaign_id", "old.unit_id") + mark("new.campaign_id", "new.unit_id")],
          ["tally_status_report_delete", "delete", "unit_report", mark("old.campaign_id", "old.unit_id")],
        ];
        for (const table of ["campaign_reporting_kind", "campaign_target"]) {
          triggers.push([`tally_status_${table}_insert`, "insert", table, mark("new.campaign_id", "0")]);
          triggers.push([`tally_status_${table}_update`, "update", table, mark("old.campaign_id", "0") + mark("new.campaign_id", "0")]);
          triggers.push([`tally_status_${table}_delete`, "delete", table, mark("old.campaign_id", "0")]);
        }
        for (const [name, event, table, body] of triggers) await sql.raw(`create trigger ${name} after ${event} on ${table} for each row begin ${body} end`).execute(db);
      }
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      if (dialect === "postgres") await sql`drop function tally_status_mark() cascade`.execute(db);
      else {
        const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and name like 'tally_status_%'`.execute(db);
        for (const { name } of rows) await sql.raw(`drop trigger ${name}`).execute(db);
      }
      for (const table of ["tally_status_dirty", "tally_status_count", "tally_status_sum", "tally_status"]) await db.schema.dropTable(table).execute();
    },
  };
}
