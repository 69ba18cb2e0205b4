// FROZEN: this migration has shipped. Change the schema with a new migration file.
import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialect-name";

export function initial(dialect: DialectName): Migration {
  const pg = dialect === "postgres";
  const t = {
    timestamp: pg ? "timestamptz" : "text",
    date: pg ? "date" : "text",
    boolean: pg ? "boolean" : "integer",
    blob: pg ? "bytea" : "blob",
  } as const;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const table = (db: Kysely<any>, name: string) =>
    db.schema
      .createTable(name)
      .addColumn("id", "integer", (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
      );

  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await table(db, "unit_kind")
        .addColumn("code", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("level", "integer", (c) => c.notNull())
        .addColumn("is_grassroots", t.boolean, (c) => c.notNull().defaultTo(sql`false`))
        .execute();

      await table(db, "unit")
        .addColumn("parent_id", "integer", (c) => c.references("unit.id"))
        .addColumn("code", "text", (c) => c.unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("short_name", "text")
        .addColumn("kind_id", "integer", (c) => c.notNull().references("unit_kind.id"))
        .addColumn("members", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("opened_on", t.date)
        .addColumn("closed_on", t.date)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("unit_parent_idx").on("unit").column("parent_id").execute();

      await db.schema
        .createTable("unit_tree")
        .addColumn("ancestor_id", "integer", (c) => c.notNull().references("unit.id").onDelete("cascade"))
        .addColumn("descendant_id", "integer", (c) => c.notNull().references("unit.id").onDelete("cascade"))
        .addColumn("depth", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("unit_tree_pk", ["ancestor_id", "descendant_id"])
        .execute();
      await db.schema
        .createIndex("unit_tree_descendant_idx")
        .on("unit_tree")
        .columns(["descendant_id", "depth"])
        .execute();

      await table(db, "app_user")
        .addColumn("login", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("is_active", t.boolean, (c) => c.notNull().defaultTo(sql`true`))
        .addColumn("is_password_change_required", t.boolean, (c) => c.notNull().defaultTo(sql`false`))
        .addColumn("session_epoch", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("feed_token", "text", (c) => c.unique())
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("last_login_at", t.timestamp)
        .execute();
      await db.schema.createIndex("app_user_unit_idx").on("app_user").column("unit_id").execute();

      await table(db, "campaign")
        .addColumn("issuer_unit_id", "integer", (c) => c.notNull().references("unit.id"))
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("summary", "text")
        .addColumn("starts_on", t.date, (c) => c.notNull())
        .addColumn("ends_on", t.date, (c) => c.notNull())
        .addColumn("report_due_on", t.date, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("campaign_issuer_idx").on("campaign").column("issuer_unit_id").execute();

      await db.schema
        .createTable("campaign_reporting_kind")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_kind_id", "integer", (c) => c.notNull().references("unit_kind.id"))
        .addColumn("due_on", t.date, (c) => c.notNull())
        .addPrimaryKeyConstraint("campaign_reporting_kind_pk", ["campaign_id", "unit_kind_id"])
        .execute();

      await table(db, "attachment")
        .addColumn("activity_id", "integer")
        .addColumn("campaign_id", "integer")
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("mime_type", "text", (c) => c.notNull())
        .addColumn("size_bytes", "integer", (c) => c.notNull())
        .addColumn("content", t.blob, (c) => c.notNull())
        .addColumn("thumbnail", t.blob)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
        .execute();
      await db.schema.createIndex("attachment_activity_idx").on("attachment").column("activity_id").execute();

      await table(db, "source_document")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("number", "text", (c) => c.notNull())
        .addColumn("issued_on", t.date)
        .addColumn("issuer", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("url", "text")
        .addColumn("attachment_id", "integer", (c) => c.references("attachment.id").onDelete("set null"))
        .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("source_document_campaign_idx").on("source_document").column("campaign_id").execute();

      await table(db, "content_point")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("parent_id", "integer", (c) => c.references("content_point.id"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("details", "text")
        .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("is_archived", t.boolean, (c) => c.notNull().defaultTo(sql`false`))
        .execute();
      await db.schema.createIndex("content_point_campaign_idx").on("content_point").column("campaign_id").execute();

      await table(db, "channel_form")
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("quantity_unit", "text", (c) => c.notNull())
        .addColumn("campaign_id", "integer", (c) => c.references("campaign.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable("campaign_channel")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("form_id", "integer", (c) => c.notNull().references("channel_form.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("campaign_channel_pk", ["campaign_id", "form_id"])
        .execute();

      await table(db, "campaign_target")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_kind_id", "integer", (c) => c.references("unit_kind.id"))
        .addColumn("min_members", "integer")
        .addColumn("max_members", "integer")
        .addColumn("channel", "text")
        .addColumn("min_activities", "integer", (c) => c.notNull())
        .addColumn("member_coverage_pct", "integer")
        .execute();

      await table(db, "activity")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id"))
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id"))
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("form_id", "integer", (c) => c.references("channel_form.id"))
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("starts_at", t.timestamp, (c) => c.notNull())
        .addColumn("ends_at", t.timestamp, (c) => c.notNull())
        .addColumn("is_all_day", t.boolean, (c) => c.notNull().defaultTo(sql`false`))
        .addColumn("location", "text")
        .addColumn("presenter", "text")
        .addColumn("audience", "text")
        .addColumn("planned_attendance", "integer")
        .addColumn("planned_quantity", "integer")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("cancel_reason", "text")
        .addColumn("series_id", "text")
        .addColumn("external_ref", "text")
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("activity_campaign_start_idx").on("activity").columns(["campaign_id", "starts_at"]).execute();
      await db.schema.createIndex("activity_unit_start_idx").on("activity").columns(["unit_id", "starts_at"]).execute();
      await db.schema.createIndex("activity_external_ref_idx").on("activity").column("external_ref").execute();

      await db.schema
        .createTable("activity_point")
        .addColumn("activity_id", "integer", (c) => c.notNull().references("activity.id").onDelete("cascade"))
        .addColumn("content_point_id", "integer", (c) => c.notNull().references("content_point.id"))
        .addPrimaryKeyConstraint("activity_point_pk", ["activity_id", "content_point_id"])
        .execute();
      await db.schema.createIndex("activity_point_point_idx").on("activity_point").column("content_point_id").execute();

      await db.schema
        .createTable("activity_result")
        .addColumn("activity_id", "integer", (c) => c.primaryKey().references("activity.id").onDelete("cascade"))
        .addColumn("attendance", "integer")
        .addColumn("members_attending", "integer")
        .addColumn("women_attending", "integer")
        .addColumn("quantity", "integer")
        .addColumn("quantity_unit", "text")
        .addColumn("display_place", "text")
        .addColumn("display_days", "integer")
        .addColumn("items", "integer")
        .addColumn("outlet", "text")
        .addColumn("posts", "integer")
        .addColumn("reach", "integer")
        .addColumn("views", "integer")
        .addColumn("engagements", "integer")
        .addColumn("shares", "integer")
        .addColumn("reach_source", "text")
        .addColumn("links", "text")
        .addColumn("notes", "text")
        .addColumn("reported_at", t.timestamp, (c) => c.notNull())
        .addColumn("reported_by", "integer", (c) => c.references("app_user.id"))
        .execute();

      await table(db, "unit_report")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id"))
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("highlights", "text")
        .addColumn("assessment", "text")
        .addColumn("difficulties", "text")
        .addColumn("proposals", "text")
        .addColumn("figures", "text")
        .addColumn("submitted_at", t.timestamp)
        .addColumn("submitted_by", "integer", (c) => c.references("app_user.id"))
        .addColumn("is_on_time", t.boolean)
        .addColumn("reviewed_at", t.timestamp)
        .addColumn("reviewed_by", "integer", (c) => c.references("app_user.id"))
        .addColumn("review_comment", "text")
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint("unit_report_campaign_unit_uq", ["campaign_id", "unit_id"])
        .execute();

      await table(db, "audit_log")
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("user_id", "integer")
        .addColumn("unit_id", "integer")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("entity", "text", (c) => c.notNull())
        .addColumn("entity_id", "integer")
        .addColumn("before_data", "text")
        .addColumn("after_data", "text")
        .execute();
      await db.schema.createIndex("audit_log_entity_idx").on("audit_log").columns(["entity", "entity_id"]).execute();
      await db.schema.createIndex("audit_log_unit_idx").on("audit_log").columns(["unit_id", "created_at"]).execute();
    },
  };
}
