import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import type { DocumentInput, TargetInput } from "~/domain/campaign-schemas";
import type { z } from "zod";
import type { customFormSchema } from "~/domain/campaign-schemas";
import { recordAudit } from "./audit.server";
import { requireManagedCampaign } from "./campaigns.server";
import { notFound } from "./http-errors.server";

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface UploadedPdf {
  fileName: string;
  bytes: Buffer;
}

/** Source documents (văn bản căn cứ), with an optional PDF kept in the database. */
export async function addDocument(db: Kysely<Database>, actor: Actor, campaignId: number, input: DocumentInput, pdf: UploadedPdf | null): Promise<number> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  return db.transaction().execute(async (trx) => {
    let attachmentId: number | null = null;
    if (pdf) {
      const row = await trx
        .insertInto("attachment")
        .values({
          activity_id: null,
          campaign_id: campaignId,
          file_name: pdf.fileName,
          mime_type: "application/pdf",
          size_bytes: pdf.bytes.length,
          content: pdf.bytes,
          thumbnail: null,
          created_at: new Date(),
          created_by: actor.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      attachmentId = row.id;
    }
    const last = await trx
      .selectFrom("source_document")
      .select((eb) => eb.fn.max("position").as("max"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirst();
    const { id } = await trx
      .insertInto("source_document")
      .values({
        campaign_id: campaignId,
        kind: input.kind,
        number: input.number,
        issued_on: input.issuedOn,
        issuer: input.issuer,
        title: input.title,
        url: input.url,
        attachment_id: attachmentId,
        position: Number(last?.max ?? -1) + 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: "create", entity: "source_document", entityId: id, unitId: campaign.issuer_unit_id, after: input });
    return id;
  });
}

export async function removeDocument(db: Kysely<Database>, actor: Actor, campaignId: number, documentId: number): Promise<void> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  await db.transaction().execute(async (trx) => {
    const document = await trx
      .selectFrom("source_document")
      .selectAll()
      .where("id", "=", documentId)
      .where("campaign_id", "=", campaignId)
      .executeTakeFirst();
    if (!document) throw notFound();
    await trx.deleteFrom("source_document").where("id", "=", documentId).execute();
    if (document.attachment_id) await trx.deleteFrom("attachment").where("id", "=", document.attachment_id).execute();
    await recordAudit(trx, actor, { action: "delete", entity: "source_document", entityId: documentId, unitId: campaign.issuer_unit_id, before: { ...document } });
  });
}

/** Every form the campaign may use: the shared ones and the campaign's own. */
export function availableForms(db: Kysely<Database>, campaignId: number) {
  return db
    .selectFrom("channel_form")
    .select(["id", "channel", "name", "quantity_unit", "campaign_id"])
    .where((eb) => eb.or([eb("campaign_id", "is", null), eb("campaign_id", "=", campaignId)]))
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** Replaces the set of forms the guidance asks for. */
export async function setRequiredForms(db: Kysely<Database>, actor: Actor, campaignId: number, formIds: number[]): Promise<void> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  const allowed = new Set((await availableForms(db, campaignId)).map((f) => f.id));
  const wanted = [...new Set(formIds)];
  if (wanted.some((id) => !allowed.has(id))) throw notFound();
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("campaign_channel").select("form_id").where("campaign_id", "=", campaignId).execute();
    await trx.deleteFrom("campaign_channel").where("campaign_id", "=", campaignId).execute();
    if (wanted.length) {
      await trx.insertInto("campaign_channel").values(wanted.map((form_id) => ({ campaign_id: campaignId, form_id }))).execute();
    }
    await recordAudit(trx, actor, {
      action: "update",
      entity: "campaign_channel",
      entityId: campaignId,
      unitId: campaign.issuer_unit_id,
      before: before.map((r) => r.form_id),
      after: wanted,
    });
  });
}

/** A form of the campaign's own (e.g. "Cuộc thi trực tuyến", "Zalo"), required at once. */
export async function addCustomForm(db: Kysely<Database>, actor: Actor, campaignId: number, input: z.infer<typeof customFormSchema>): Promise<number> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  return db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom("channel_form").select((eb) => eb.fn.max("position").as("max")).executeTakeFirst();
    const { id } = await trx
      .insertInto("channel_form")
      .values({
        channel: input.channel,
        code: `campaign_${campaignId}_${Date.now().toString(36)}`,
        name: input.name,
        quantity_unit: input.quantityUnit,
        campaign_id: campaignId,
        position: Number(last?.max ?? 0) + 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("campaign_channel").values({ campaign_id: campaignId, form_id: id }).execute();
    await recordAudit(trx, actor, { action: "create", entity: "channel_form", entityId: id, unitId: campaign.issuer_unit_id, after: input });
    return id;
  });
}

export async function addTarget(db: Kysely<Database>, actor: Actor, campaignId: number, input: TargetInput): Promise<number> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  if (input.unitKindId !== null) {
    const kind = await db.selectFrom("unit_kind").select("id").where("id", "=", input.unitKindId).executeTakeFirst();
    if (!kind) throw notFound();
  }
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("campaign_target")
      .values({
        campaign_id: campaignId,
        unit_kind_id: input.unitKindId,
        min_members: input.minMembers,
        max_members: input.maxMembers,
        channel: input.channel,
        min_activities: input.minActivities,
        member_coverage_pct: input.memberCoveragePct,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: "create", entity: "campaign_target", entityId: id, unitId: campaign.issuer_unit_id, after: input });
    return id;
  });
}

export async function removeTarget(db: Kysely<Database>, actor: Actor, campaignId: number, targetId: number): Promise<void> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  await db.transaction().execute(async (trx) => {
    const target = await trx.selectFrom("campaign_target").selectAll().where("id", "=", targetId).where("campaign_id", "=", campaignId).executeTakeFirst();
    if (!target) throw notFound();
    await trx.deleteFrom("campaign_target").where("id", "=", targetId).execute();
    await recordAudit(trx, actor, { action: "delete", entity: "campaign_target", entityId: targetId, unitId: campaign.issuer_unit_id, before: target });
  });
}
