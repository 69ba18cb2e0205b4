import sharp from "sharp";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from "~/domain/result-schemas";
import type { MessageKey } from "~/i18n";

export interface UploadedImage {
  fileName: string;
  bytes: Buffer;
}

const THUMBNAIL_WIDTH = 320;
const FORMAT_TO_MIME: Record<string, (typeof EVIDENCE_TYPES)[number]> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };

export type CheckedImage = UploadedImage & { mimeType: (typeof EVIDENCE_TYPES)[number]; thumbnail: Buffer };

/**
 * Reads the picture itself (not its name or declared type): only real JPEG, PNG or WebP
 * within the size limit pass, and each gets a small WebP thumbnail for lists.
 */
export async function checkImage(upload: UploadedImage): Promise<CheckedImage | { errorKey: MessageKey }> {
  if (upload.bytes.length === 0) return { errorKey: "results.evidence.empty" };
  if (upload.bytes.length > MAX_EVIDENCE_BYTES) return { errorKey: "results.evidence.tooLarge" };
  try {
    // limitInputPixels guards against decompression bombs (a tiny file that decodes to gigapixels).
    const image = sharp(upload.bytes, { limitInputPixels: 40_000_000, failOn: "error" });
    const meta = await image.metadata();
    const mimeType = meta.format ? FORMAT_TO_MIME[meta.format] : undefined;
    if (!mimeType) return { errorKey: "results.evidence.notImage" };
    const thumbnail = await image.rotate().resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    return { ...upload, mimeType, thumbnail };
  } catch {
    return { errorKey: "results.evidence.notImage" };
  }
}

export async function evidenceCount(db: Kysely<Database> | Transaction<Database>, activityId: number): Promise<number> {
  const row = await db.selectFrom("attachment").select((eb) => eb.fn.countAll<number>().as("n")).where("activity_id", "=", activityId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function roomForEvidence(current: number, adding: number): boolean {
  return current + adding <= MAX_EVIDENCE_FILES;
}

export async function storeImages(trx: Transaction<Database>, actor: Actor, activityId: number, images: readonly CheckedImage[]): Promise<number[]> {
  const ids: number[] = [];
  for (const image of images) {
    const { id } = await trx
      .insertInto("attachment")
      .values({
        activity_id: activityId,
        campaign_id: null,
        file_name: image.fileName.slice(0, 200),
        mime_type: image.mimeType,
        size_bytes: image.bytes.length,
        content: image.bytes,
        thumbnail: image.thumbnail,
        created_at: new Date(),
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

export function listEvidence(db: Kysely<Database>, activityId: number) {
  return db
    .selectFrom("attachment")
    .select(["id", "file_name", "mime_type", "size_bytes", "created_at"])
    .where("activity_id", "=", activityId)
    .orderBy("id")
    .execute();
}
