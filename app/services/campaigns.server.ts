import type { Kysely } from "kysely";
import type { CampaignStatus, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { notFound } from "./http-errors.server";

export interface CampaignListItem {
  id: number;
  title: string;
  issuer_unit_id: number;
  issuer_name: string;
  starts_on: string;
  ends_on: string;
  report_due_on: string;
  status: CampaignStatus;
}

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
        eb("c.issuer_unit_id", "in", eb.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", actor.unitId)),
      ]),
    )
    .select([
      "c.id",
      "c.title",
      "c.issuer_unit_id",
      "issuer.name as issuer_name",
      "c.starts_on",
      "c.ends_on",
      "c.report_due_on",
      "c.status",
    ]);
}

export async function listCampaigns(db: Kysely<Database>, actor: Actor): Promise<CampaignListItem[]> {
  return visibleCampaigns(db, actor).orderBy("c.starts_on", "desc").orderBy("c.id", "desc").execute();
}

export async function campaignDetail(db: Kysely<Database>, actor: Actor, campaignId: number) {
  const campaign = await visibleCampaigns(db, actor).where("c.id", "=", campaignId).executeTakeFirst();
  if (!campaign) throw notFound();
  const [documents, points, forms] = await Promise.all([
    db.selectFrom("source_document").selectAll().where("campaign_id", "=", campaignId).orderBy("position").execute(),
    db
      .selectFrom("content_point")
      .select(["id", "parent_id", "code", "title", "position"])
      .where("campaign_id", "=", campaignId)
      .where("is_archived", "=", false)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("campaign_channel as cc")
      .innerJoin("channel_form as f", "f.id", "cc.form_id")
      .select(["f.id", "f.channel", "f.name"])
      .where("cc.campaign_id", "=", campaignId)
      .orderBy("f.position")
      .execute(),
  ]);
  return { campaign, documents, points, forms };
}
