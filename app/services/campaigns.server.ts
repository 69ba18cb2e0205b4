import type { Kysely } from "kysely";
import type { CampaignStatus, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import type { CampaignInput } from "~/domain/campaign-schemas";
import { roleAtLeast } from "~/domain/roles";
import { recordAudit } from "./audit.server";
import { forbidden, notFound } from "./http-errors.server";
import { reportingProgress, type ReportingProgress } from "./reporting.server";
import { isUnitInScope } from "./scope.server";

export interface CampaignListItem {
  id: number;
  title: string;
  issuer_unit_id: number;
  issuer_name: string;
  starts_on: string;
  ends_on: string;
  report_due_on: string;
  status: CampaignStatus;
  /** Expected and reported units within the actor's part of the campaign. */
  progress: ReportingProgress;
}

const inActorsTree = (db: Kysely<Database>, actor: Actor) =>
  db.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", actor.unitId);

/**
 * Campaigns that concern the actor: issued by its unit or any unit above it (they apply to
 * the issuer's whole subtree), or issued by a unit inside its scope (it oversees them).
 */
function visibleCampaigns(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom("campaign as c")
    .innerJoin("unit as issuer", "issuer.id", "c.issuer_unit_id")
    .where((eb) =>
      eb.or([
        eb("c.issuer_unit_id", "in", eb.selectFrom("unit_tree").select("ancestor_id").where("descendant_id", "=", actor.unitId)),
        eb("c.issuer_unit_id", "in", inActorsTree(db, actor)),
      ]),
    )
    .select([
      "c.id",
      "c.title",
      "c.summary",
      "c.issuer_unit_id",
      "issuer.name as issuer_name",
      "c.starts_on",
      "c.ends_on",
      "c.report_due_on",
      "c.status",
    ]);
}

/** The part of a campaign's tree the actor answers for: the issuer's subtree cut at the actor's unit. */
async function actorsRootFor(db: Kysely<Database>, actor: Actor, issuerUnitId: number): Promise<number> {
  return (await isUnitInScope(db, actor, issuerUnitId)) ? issuerUnitId : actor.unitId;
}

/** The campaigns the actor can see, newest first, without figures (cheap: for pickers and checks). */
export function visibleCampaignRows(db: Kysely<Database>, actor: Actor) {
  return visibleCampaigns(db, actor).orderBy("c.starts_on", "desc").orderBy("c.id", "desc").execute();
}

export async function listCampaigns(db: Kysely<Database>, actor: Actor): Promise<CampaignListItem[]> {
  const rows = await visibleCampaignRows(db, actor);
  return Promise.all(
    rows.map(async ({ summary: _summary, ...c }) => ({
      ...c,
      progress: await reportingProgress(db, c, await actorsRootFor(db, actor, c.issuer_unit_id)),
    })),
  );
}

/** Managers (and admins) of the issuing unit or a unit above it may edit a campaign. */
export async function canManageCampaign(db: Kysely<Database>, actor: Actor, issuerUnitId: number): Promise<boolean> {
  return roleAtLeast(actor.role, "manager") && (await isUnitInScope(db, actor, issuerUnitId));
}

/** The campaign if the actor may see it (else 404) and manage it (else 403). */
export async function requireManagedCampaign(db: Kysely<Database>, actor: Actor, campaignId: number) {
  const campaign = await visibleCampaigns(db, actor).where("c.id", "=", campaignId).executeTakeFirst();
  if (!campaign) throw notFound();
  if (!(await canManageCampaign(db, actor, campaign.issuer_unit_id))) throw forbidden();
  return campaign;
}

/** What a tally needs of a campaign: who reports and the targets (404 when the actor cannot see it). */
export async function campaignRules(db: Kysely<Database>, actor: Actor, campaignId: number) {
  // Read together (one round trip on PostgreSQL); the rules are returned only for a visible campaign.
  const [campaign, reportingKinds, targets] = await Promise.all([
    visibleCampaigns(db, actor).where("c.id", "=", campaignId).executeTakeFirst(),
    reportingKindsOf(db, campaignId),
    targetsOf(db, campaignId),
  ]);
  if (!campaign) throw notFound();
  return { campaign, reportingKinds, targets };
}

export function reportingKindsOf(db: Kysely<Database>, campaignId: number) {
  return db
    .selectFrom("campaign_reporting_kind as k")
    .innerJoin("unit_kind", "unit_kind.id", "k.unit_kind_id")
    .select(["k.unit_kind_id", "k.due_on", "unit_kind.name", "unit_kind.level"])
    .where("k.campaign_id", "=", campaignId)
    .orderBy("unit_kind.level", "desc")
    .execute();
}

export function targetsOf(db: Kysely<Database>, campaignId: number) {
  return db
    .selectFrom("campaign_target as t")
    .leftJoin("unit_kind", "unit_kind.id", "t.unit_kind_id")
    .select(["t.id", "t.unit_kind_id", "unit_kind.name as unit_kind_name", "t.min_members", "t.max_members", "t.channel", "t.min_activities", "t.member_coverage_pct"])
    .where("t.campaign_id", "=", campaignId)
    .orderBy("t.id")
    .execute();
}

export async function campaignDetail(db: Kysely<Database>, actor: Actor, campaignId: number) {
  const campaign = await visibleCampaigns(db, actor).where("c.id", "=", campaignId).executeTakeFirst();
  if (!campaign) throw notFound();
  const [documents, points, forms, reportingKinds, targets, canManage, progress] = await Promise.all([
    db.selectFrom("source_document").selectAll().where("campaign_id", "=", campaignId).orderBy("position").orderBy("id").execute(),
    db
      .selectFrom("content_point")
      .select(["id", "parent_id", "code", "title", "details", "position"])
      .where("campaign_id", "=", campaignId)
      .where("is_archived", "=", false)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("campaign_channel as cc")
      .innerJoin("channel_form as f", "f.id", "cc.form_id")
      .select(["f.id", "f.channel", "f.name", "f.quantity_unit", "f.campaign_id"])
      .where("cc.campaign_id", "=", campaignId)
      .orderBy("f.position")
      .orderBy("f.id")
      .execute(),
    reportingKindsOf(db, campaignId),
    targetsOf(db, campaignId),
    canManageCampaign(db, actor, campaign.issuer_unit_id),
    reportingProgress(db, campaign, await actorsRootFor(db, actor, campaign.issuer_unit_id)),
  ]);
  return { campaign, documents, points, forms, reportingKinds, targets, canManage, progress };
}

/** Units the actor may issue a campaign for: its own and those below, for managers. */
export async function issuerChoices(db: Kysely<Database>, actor: Actor) {
  if (!roleAtLeast(actor.role, "manager")) return [];
  return db
    .selectFrom("unit_tree as t")
    .innerJoin("unit", "unit.id", "t.descendant_id")
    .innerJoin("unit_kind as k", "k.id", "unit.kind_id")
    .where("t.ancestor_id", "=", actor.unitId)
    .where("k.is_grassroots", "=", false)
    .where("unit.closed_on", "is", null)
    .select(["unit.id", "unit.name", "t.depth"])
    .orderBy("t.depth")
    .orderBy("unit.name")
    .limit(500)
    .execute();
}

export function unitKinds(db: Kysely<Database>) {
  return db.selectFrom("unit_kind").select(["id", "name", "level", "is_grassroots"]).orderBy("level").orderBy("name").execute();
}

async function writeReportingKinds(db: Kysely<Database>, campaignId: number, kinds: CampaignInput["reportingKinds"]) {
  await db.deleteFrom("campaign_reporting_kind").where("campaign_id", "=", campaignId).execute();
  if (kinds.length) {
    await db
      .insertInto("campaign_reporting_kind")
      .values(kinds.map((k) => ({ campaign_id: campaignId, unit_kind_id: k.unitKindId, due_on: k.dueOn })))
      .execute();
  }
}

async function assertKindsExist(db: Kysely<Database>, kinds: CampaignInput["reportingKinds"]) {
  if (!kinds.length) return;
  const ids = [...new Set(kinds.map((k) => k.unitKindId))];
  const found = await db.selectFrom("unit_kind").select("id").where("id", "in", ids).execute();
  if (found.length !== ids.length) throw notFound();
}

export async function createCampaign(db: Kysely<Database>, actor: Actor, input: CampaignInput): Promise<number> {
  if (!(await isUnitInScope(db, actor, input.issuerUnitId))) throw notFound();
  if (!roleAtLeast(actor.role, "manager")) throw forbidden();
  await assertKindsExist(db, input.reportingKinds);
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const { id } = await trx
      .insertInto("campaign")
      .values({
        issuer_unit_id: input.issuerUnitId,
        title: input.title,
        summary: input.summary,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        report_due_on: input.reportDueOn,
        status: input.status,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeReportingKinds(trx, id, input.reportingKinds);
    await recordAudit(trx, actor, { action: "create", entity: "campaign", entityId: id, unitId: input.issuerUnitId, after: input });
    return id;
  });
}

export async function updateCampaign(db: Kysely<Database>, actor: Actor, campaignId: number, input: CampaignInput): Promise<void> {
  const before = await requireManagedCampaign(db, actor, campaignId);
  if (!(await isUnitInScope(db, actor, input.issuerUnitId))) throw notFound();
  await assertKindsExist(db, input.reportingKinds);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("campaign")
      .set({
        issuer_unit_id: input.issuerUnitId,
        title: input.title,
        summary: input.summary,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        report_due_on: input.reportDueOn,
        status: input.status,
        updated_at: new Date(),
      })
      .where("id", "=", campaignId)
      .execute();
    await writeReportingKinds(trx, campaignId, input.reportingKinds);
    await recordAudit(trx, actor, { action: "update", entity: "campaign", entityId: campaignId, unitId: input.issuerUnitId, before, after: input });
  });
}

/** The campaign's editable fields plus its reporting kinds, for the edit form. */
export async function campaignForEdit(db: Kysely<Database>, actor: Actor, campaignId: number) {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  const reportingKinds = await db
    .selectFrom("campaign_reporting_kind")
    .select(["unit_kind_id", "due_on"])
    .where("campaign_id", "=", campaignId)
    .execute();
  return { campaign, reportingKinds };
}
