import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { campaignDetail } from "./campaigns.server";
import { notFound } from "./http-errors.server";
import { isUnitInScope } from "./scope.server";

/** An attachment the actor may read: of a campaign it can see, or of an activity in its subtree. */
export async function readAttachment(db: Kysely<Database>, actor: Actor, attachmentId: number) {
  const attachment = await db
    .selectFrom("attachment")
    .leftJoin("activity", "activity.id", "attachment.activity_id")
    .select(["attachment.file_name", "attachment.mime_type", "attachment.content", "attachment.thumbnail", "attachment.campaign_id", "attachment.activity_id", "activity.unit_id"])
    .where("attachment.id", "=", attachmentId)
    .executeTakeFirst();
  if (!attachment) throw notFound();
  if (attachment.activity_id !== null) {
    if (attachment.unit_id === null || !(await isUnitInScope(db, actor, attachment.unit_id))) throw notFound();
  } else if (attachment.campaign_id !== null) {
    await campaignDetail(db, actor, attachment.campaign_id); // 404 when the campaign is not visible
  } else {
    throw notFound();
  }
  return attachment;
}
