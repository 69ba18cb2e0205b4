/**
 * The one Kysely schema of the app, shared by SQLite and PostgreSQL.
 *
 * Column naming carries the JavaScript type, so both dialects return the same types
 * (see db/sqlite-types.ts for how SQLite is brought in line):
 *   - `*_at`  timestamp  -> Date
 *   - `*_on`  calendar date -> string "yyyy-MM-dd"
 *   - `is_*`  boolean -> boolean
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamp read as Date; written as Date. */
export type Timestamp = ColumnType<Date, Date, Date>;
/** A calendar date as "yyyy-MM-dd". */
export type DateOnly = string;

export type Role = "admin" | "manager" | "editor" | "viewer";
export type ChannelCode = "spoken" | "visual" | "media" | "facebook";
export type CampaignStatus = "draft" | "active" | "closed";
export type ActivityStatus = "planned" | "done" | "cancelled";
export type ReportStatus = "draft" | "submitted" | "returned" | "accepted";

export interface UnitKindTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** Depth-like rank used for ordering and defaults: 1 province, 2 directly-superior, 3 grassroots ... */
  level: number;
  is_grassroots: boolean;
}

export interface UnitTable {
  id: Generated<number>;
  parent_id: number | null;
  code: string | null;
  name: string;
  short_name: string | null;
  kind_id: number;
  members: number;
  opened_on: DateOnly | null;
  closed_on: DateOnly | null;
  created_at: Timestamp;
}

/** Closure table: one row per (ancestor, descendant) pair, including (u, u) at depth 0. */
export interface UnitTreeTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

export interface AppUserTable {
  id: Generated<number>;
  login: string;
  display_name: string;
  password_hash: string;
  unit_id: number;
  role: Role;
  is_active: boolean;
  is_password_change_required: boolean;
  /** Bumped to invalidate every session of the user (sign out everywhere, password change). */
  session_epoch: number;
  feed_token: string | null;
  created_at: Timestamp;
  last_login_at: Timestamp | null;
}

/** Failed sign-ins per login (migration 0003). */
export interface LoginThrottleTable {
  login: string;
  failures: number;
  last_failed_at: Timestamp;
  retry_at: Timestamp | null;
}

/**
 * The tally's roll-up (migration 0004): one unit's whole subtree, summed per campaign, content
 * point (0 = every counted activity), Vietnam month ("yyyy-MM", or "*" for all months) and
 * channel. Derived data, kept by app/services/tally-rollup.server.ts.
 */
export interface TallyRollupTable {
  campaign_id: number;
  unit_id: number;
  point_id: number;
  month: string;
  channel: ChannelCode;
  activities: number;
  attendance: number;
  quantity: number;
  items: number;
  posts: number;
  reach: number;
  engagements: number;
  shares: number;
}

/** How many counted activities of a unit's subtree touch a point (or one below it), all months. */
export interface TallyCoverageTable {
  campaign_id: number;
  unit_id: number;
  point_id: number;
  activities: number;
}

/**
 * Per campaign and unit, all months (migration 0004): the counted activities the unit organised
 * itself per channel and their spoken attendance, its subtree's count, and the points (with the
 * points above them) its subtree covers, as a comma-separated id list. Derived data, kept by
 * app/services/tally-rollup.server.ts; a tally reads one of these rows per unit.
 */
export interface TallyUnitTable {
  campaign_id: number;
  unit_id: number;
  spoken: number;
  visual: number;
  media: number;
  facebook: number;
  spoken_attendance: number;
  subtree_activities: number;
  covered_points: string;
}

/** A pending change to one of the three tables above (see migration 0005); unused sums are 0. */
export interface TallyDeltaTable {
  kind: "rollup" | "coverage" | "unit";
  campaign_id: number;
  unit_id: number;
  point_id: Generated<number>;
  month: Generated<string>;
  channel: Generated<string>;
  activities: Generated<number>;
  attendance: Generated<number>;
  quantity: Generated<number>;
  items: Generated<number>;
  posts: Generated<number>;
  reach: Generated<number>;
  engagements: Generated<number>;
  shares: Generated<number>;
  spoken: Generated<number>;
  visual: Generated<number>;
  media: Generated<number>;
  facebook: Generated<number>;
  spoken_attendance: Generated<number>;
}

/** What a unit status adds to its ancestors' sums (flags 0/1 in a status, counts in a sum). */
interface StatusFigures {
  members: number;
  reached: number;
  expected: number;
  submitted: number;
  on_time: number;
  below_target: number;
  without_activity: number;
}

/** A unit's own standing in a campaign for its whole period (migration 0006). */
export interface TallyStatusTable extends StatusFigures {
  campaign_id: number;
  unit_id: number;
  is_open: number;
  /** The Vietnam day the report was submitted ("yyyy-MM-dd"), "" when not counted as reported. */
  submitted_on: string;
  /** The points its subtree covers, when it is expected to report ("" otherwise). */
  covered_points: string;
}

/** tally_status summed over a unit's proper descendants. */
export interface TallyStatusSumTable extends StatusFigures {
  campaign_id: number;
  unit_id: number;
  units: number;
  open_units: number;
}

/** Per ancestor: expected units below it covering a point ('point', its id) or reporting on a day ('day', "yyyy-MM-dd"). */
export interface TallyStatusCountTable {
  campaign_id: number;
  unit_id: number;
  kind: "point" | "day";
  key: string;
  units: number;
}

/** Statuses to compute again (0 = every campaign / every unit). */
export interface TallyStatusDirtyTable {
  campaign_id: number;
  unit_id: number;
}

export interface CampaignTable {
  id: Generated<number>;
  issuer_unit_id: number;
  title: string;
  summary: string | null;
  starts_on: DateOnly;
  ends_on: DateOnly;
  report_due_on: DateOnly;
  status: CampaignStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Which unit kinds must report on a campaign, each with its own deadline. */
export interface CampaignReportingKindTable {
  campaign_id: number;
  unit_kind_id: number;
  due_on: DateOnly;
}

export interface SourceDocumentTable {
  id: Generated<number>;
  campaign_id: number;
  kind: string;
  number: string;
  issued_on: DateOnly | null;
  issuer: string;
  title: string;
  url: string | null;
  attachment_id: number | null;
  position: number;
}

export interface ContentPointTable {
  id: Generated<number>;
  campaign_id: number;
  parent_id: number | null;
  code: string;
  title: string;
  details: string | null;
  position: number;
  is_archived: boolean;
}

/** A form of a channel (báo cáo viên, pa nô, bài viết ...); campaign_id set for a campaign's own forms. */
export interface ChannelFormTable {
  id: Generated<number>;
  channel: ChannelCode;
  code: string;
  name: string;
  /** Unit word for quantities: "buổi", "cái", "tờ", "bài" ... */
  quantity_unit: string;
  campaign_id: number | null;
  position: number;
}

export interface CampaignChannelTable {
  campaign_id: number;
  form_id: number;
}

export interface CampaignTargetTable {
  id: Generated<number>;
  campaign_id: number;
  unit_kind_id: number | null;
  min_members: number | null;
  max_members: number | null;
  channel: ChannelCode | null;
  min_activities: number;
  member_coverage_pct: number | null;
}

export interface ActivityTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  channel: ChannelCode;
  form_id: number | null;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  is_all_day: boolean;
  location: string | null;
  presenter: string | null;
  audience: string | null;
  planned_attendance: number | null;
  planned_quantity: number | null;
  status: ActivityStatus;
  cancel_reason: string | null;
  series_id: string | null;
  /** Facebook post id or similar external key, for idempotent imports. */
  external_ref: string | null;
  version: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActivityPointTable {
  activity_id: number;
  content_point_id: number;
}

export interface ActivityResultTable {
  activity_id: number;
  attendance: number | null;
  members_attending: number | null;
  women_attending: number | null;
  quantity: number | null;
  quantity_unit: string | null;
  display_place: string | null;
  display_days: number | null;
  items: number | null;
  outlet: string | null;
  posts: number | null;
  reach: number | null;
  views: number | null;
  engagements: number | null;
  shares: number | null;
  reach_source: string | null;
  links: string | null;
  notes: string | null;
  reported_at: Timestamp;
  reported_by: number | null;
}

export interface AttachmentTable {
  id: Generated<number>;
  activity_id: number | null;
  campaign_id: number | null;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  content: Buffer;
  thumbnail: Buffer | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface UnitReportTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  status: ReportStatus;
  highlights: string | null;
  assessment: string | null;
  difficulties: string | null;
  proposals: string | null;
  /** JSON snapshot of the figures at submission time. */
  figures: string | null;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  is_on_time: boolean | null;
  reviewed_at: Timestamp | null;
  reviewed_by: number | null;
  review_comment: string | null;
  version: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  created_at: Timestamp;
  user_id: number | null;
  unit_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  before_data: string | null;
  after_data: string | null;
}

export interface Database {
  unit_kind: UnitKindTable;
  unit: UnitTable;
  unit_tree: UnitTreeTable;
  app_user: AppUserTable;
  campaign: CampaignTable;
  campaign_reporting_kind: CampaignReportingKindTable;
  source_document: SourceDocumentTable;
  content_point: ContentPointTable;
  channel_form: ChannelFormTable;
  campaign_channel: CampaignChannelTable;
  campaign_target: CampaignTargetTable;
  tally_status: TallyStatusTable;
  tally_status_sum: TallyStatusSumTable;
  tally_status_count: TallyStatusCountTable;
  tally_status_dirty: TallyStatusDirtyTable;
  activity: ActivityTable;
  activity_point: ActivityPointTable;
  activity_result: ActivityResultTable;
  attachment: AttachmentTable;
  unit_report: UnitReportTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
  tally_rollup: TallyRollupTable;
  tally_coverage: TallyCoverageTable;
  tally_unit: TallyUnitTable;
  tally_delta: TallyDeltaTable;
}

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitKind = Selectable<UnitKindTable>;
export type AppUser = Selectable<AppUserTable>;
export type Campaign = Selectable<CampaignTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type ContentPoint = Selectable<ContentPointTable>;
export type ChannelForm = Selectable<ChannelFormTable>;
export type Activity = Selectable<ActivityTable>;
export type NewActivity = Insertable<ActivityTable>;
export type ActivityUpdate = Updateable<ActivityTable>;
export type ActivityResult = Selectable<ActivityResultTable>;
export type UnitReport = Selectable<UnitReportTable>;
