import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignInput } from "~/domain/campaign-schemas";
import { parseGuidance } from "~/domain/guidance-parser";
import { isExpectedToReport } from "~/domain/reporting";
import { readAttachment } from "~/services/attachments.server";
import { addCustomForm, addDocument, addTarget, removeDocument, removeTarget, setRequiredForms } from "~/services/campaign-guidance.server";
import { campaignDetail, createCampaign, listCampaigns, requireManagedCampaign, updateCampaign } from "~/services/campaigns.server";
import {
  addPoint,
  archivePoint,
  importPoints,
  mergePoint,
  movePoint,
  pointsWithUsage,
  removePoint,
  restorePoint,
  updatePoint,
} from "~/services/content-points.server";
import { reportingProgress } from "~/services/reporting.server";
import { insertAccount } from "~/services/users.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const SECTION_1 = readFileSync(new URL("../fixtures/guidance/967-section1.txt", import.meta.url), "utf8");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

describe.each(testDialects())("campaign guidance on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const kindId = async (code: string) => (await db().selectFrom("unit_kind").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const demoCampaignId = async () => (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;

  async function input(overrides: Partial<CampaignInput> = {}): Promise<CampaignInput> {
    return {
      title: "Tuyên truyền kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam",
      summary: null,
      issuerUnitId: await unitId("LC"),
      startsOn: "2024-01-01",
      endsOn: "2024-12-31",
      reportDueOn: "2024-12-20",
      status: "active",
      reportingKinds: [
        { unitKindId: await kindId("grassroots"), dueOn: "2024-12-05" },
        { unitKindId: await kindId("district"), dueOn: "2024-12-12" },
      ],
      ...overrides,
    };
  }

  beforeAll(async () => {
    database = await demoDatabase(dialect, "campaigns");
  });
  afterAll(() => database?.dispose());

  it("lets a province manager create a campaign, with per-level deadlines", async () => {
    const manager = await actorFor(db(), "tinh.quanly");
    const id = await createCampaign(db(), manager, await input());
    const detail = await campaignDetail(db(), manager, id);
    expect(detail.canManage).toBe(true);
    expect(detail.reportingKinds.map((k) => k.due_on).sort()).toEqual(["2024-12-05", "2024-12-12"]);
    const audit = await db().selectFrom("audit_log").selectAll().where("entity", "=", "campaign").where("entity_id", "=", id).execute();
    expect(audit).toHaveLength(1);
  });

  it("refuses a campaign for a unit above or beside the manager, and any campaign from an editor", async () => {
    const district = await actorFor(db(), "huyen.quanly");
    await expectStatus(createCampaign(db(), district, await input()), 404);
    await expectStatus(createCampaign(db(), district, await input({ issuerUnitId: await unitId("LC-PT") })), 404);
    const ownDistrict = await createCampaign(db(), district, await input({ issuerUnitId: district.unitId, title: "Kế hoạch của huyện" }));
    expect(ownDistrict).toBeGreaterThan(0);
    const editor = await actorFor(db(), "huyen.bientap");
    await expectStatus(createCampaign(db(), editor, await input({ issuerUnitId: editor.unitId })), 403);
  });

  it("shows the province's campaign to a grassroots editor but refuses every edit", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const id = await demoCampaignId();
    expect((await listCampaigns(db(), editor)).map((c) => c.id)).toContain(id);
    const detail = await campaignDetail(db(), editor, id);
    expect(detail.canManage).toBe(false);
    await expectStatus(requireManagedCampaign(db(), editor, id), 403);
    await expectStatus(updateCampaign(db(), editor, id, await input()), 403);
    await expectStatus(addPoint(db(), editor, id, { title: "X", details: null, parentId: null }), 403);
    await expectStatus(addTarget(db(), editor, id, { unitKindId: null, minMembers: null, maxMembers: null, channel: null, minActivities: 1, memberCoveragePct: null }), 403);
    await expectStatus(setRequiredForms(db(), editor, id, []), 403);
    // A district manager cannot edit the province's campaign either: it is issued above them.
    await expectStatus(updateCampaign(db(), await actorFor(db(), "huyen.quanly"), id, await input()), 403);
  });

  it("hides a district's own campaign from units of another district", async () => {
    const district = await actorFor(db(), "huyen.quanly");
    const id = await createCampaign(db(), district, await input({ issuerUnitId: district.unitId, title: "Riêng huyện Tam Đường" }));
    await insertAccount(db(), { login: "phongtho.xem", password: "mat-khau-dai", displayName: "Người xem Phong Thổ", role: "viewer", unitId: await unitId("LC-PT") });
    const outsider = await actorFor(db(), "phongtho.xem");
    expect((await listCampaigns(db(), outsider)).map((c) => c.title)).not.toContain("Riêng huyện Tam Đường");
    await expectStatus(campaignDetail(db(), outsider, id), 404);
    const docId = await addDocument(db(), district, id, { kind: "ke_hoach", number: "15/KH-LĐLĐ", issuedOn: "2024-01-10", issuer: "LĐLĐ huyện Tam Đường", title: "Kế hoạch", url: null }, { fileName: "ke-hoach.pdf", bytes: PDF });
    const doc = await db().selectFrom("source_document").select("attachment_id").where("id", "=", docId).executeTakeFirstOrThrow();
    expect((await readAttachment(db(), district, doc.attachment_id!)).content.equals(PDF)).toBe(true);
    expect((await readAttachment(db(), await actorFor(db(), "coso.bientap"), doc.attachment_id!)).file_name).toBe("ke-hoach.pdf");
    await expectStatus(readAttachment(db(), outsider, doc.attachment_id!), 404);
    await removeDocument(db(), district, id, docId);
    expect(await db().selectFrom("attachment").select("id").where("id", "=", doc.attachment_id!).executeTakeFirst()).toBeUndefined();
  });

  it("turns pasted section 1 of 967/LĐLĐ into the numbered point tree", async () => {
    const manager = await actorFor(db(), "tinh.quanly");
    const id = await createCampaign(db(), manager, await input({ title: "Tạo lại 967" }));
    expect(await importPoints(db(), manager, id, parseGuidance(SECTION_1))).toBe(16);
    const points = await pointsWithUsage(db(), id);
    expect(points.map((p) => p.code).sort()).toEqual(
      ["1", "1.1", "1.2", "1.3", "1.4", ...Array.from({ length: 8 }, (_, i) => `1.4.${i + 1}`), "2", "3", "4"].sort(),
    );
    const byCode = new Map(points.map((p) => [p.code, p]));
    expect(byCode.get("1.2")!.title).toBe("Trụ cột đối ngoại nhân dân");
    expect(byCode.get("1.4.4")!.parent_id).toBe(byCode.get("1.4")!.id);
  });

  it("reorders, nests and refuses cycles, renumbering the outline", async () => {
    const manager = await actorFor(db(), "tinh.quanly");
    const id = await createCampaign(db(), manager, await input({ title: "Sắp xếp" }));
    const a = await addPoint(db(), manager, id, { title: "A", details: null, parentId: null });
    const b = await addPoint(db(), manager, id, { title: "B", details: null, parentId: null });
    const a1 = await addPoint(db(), manager, id, { title: "A1", details: null, parentId: a });
    const code = async (pointId: number) => (await pointsWithUsage(db(), id)).find((p) => p.id === pointId)!.code;
    expect([await code(a), await code(b), await code(a1)]).toEqual(["1", "2", "1.1"]);
    await movePoint(db(), manager, id, b, "up");
    expect([await code(b), await code(a), await code(a1)]).toEqual(["1", "2", "2.1"]);
    expect(await updatePoint(db(), manager, id, a, { title: "A", details: null, parentId: a1 })).toEqual({ ok: false, reason: "cycle" });
    expect(await updatePoint(db(), manager, id, a1, { title: "A1 mới", details: "chi tiết", parentId: b })).toEqual({ ok: true });
    expect(await code(a1)).toBe("1.1");
  });

  it("does not delete a point that activities use: it offers merge or archive", async () => {
    const manager = await actorFor(db(), "tinh.quanly");
    const id = await demoCampaignId();
    const points = await pointsWithUsage(db(), id);
    const used = points.find((p) => p.code === "1.4.7")!;
    const into = points.find((p) => p.code === "1.4.6")!;
    expect(used.usage).toBeGreaterThan(0);
    expect(await removePoint(db(), manager, id, used.id)).toEqual({ removed: false, reason: "in_use", usage: used.usage });
    expect(await removePoint(db(), manager, id, points.find((p) => p.code === "1.4")!.id)).toEqual({ removed: false, reason: "has_children" });

    const tagged = (await db().selectFrom("activity_point").select("activity_id").where("content_point_id", "=", used.id).execute()).map((r) => r.activity_id);
    const versionsBefore = await db().selectFrom("activity").select(["id", "version"]).where("id", "in", tagged).execute();
    const expected = new Set([
      ...tagged,
      ...(await db().selectFrom("activity_point").select("activity_id").where("content_point_id", "=", into.id).execute()).map((r) => r.activity_id),
    ]);
    expect(await mergePoint(db(), manager, id, used.id, into.id)).toEqual({ removed: true });
    const after = (await db().selectFrom("activity_point").select("activity_id").where("content_point_id", "=", into.id).execute()).map((r) => r.activity_id);
    expect(new Set(after)).toEqual(expected);
    expect(after.length).toBe(expected.size); // no duplicate tags
    const versionsAfter = await db().selectFrom("activity").select(["id", "version"]).where("id", "in", tagged).execute();
    for (const v of versionsAfter) expect(v.version).toBe(versionsBefore.find((b) => b.id === v.id)!.version + 1);
    expect((await pointsWithUsage(db(), id)).find((p) => p.code === "1.4.7")!.title).not.toBe(used.title); // renumbered: 1.4.8 moved up

    const archived = points.find((p) => p.code === "4")!;
    await archivePoint(db(), manager, id, archived.id);
    const detail = await campaignDetail(db(), manager, id);
    expect(detail.points.map((p) => p.id)).not.toContain(archived.id);
    expect((await db().selectFrom("activity_point").select("activity_id").where("content_point_id", "=", archived.id).execute()).length).toBe(archived.usage);
    await restorePoint(db(), manager, id, archived.id);
    expect((await campaignDetail(db(), manager, id)).points.map((p) => p.id)).toContain(archived.id);
  });

  it("keeps required forms and targets, refusing forms of other campaigns", async () => {
    const manager = await actorFor(db(), "tinh.quanly");
    const id = await createCampaign(db(), manager, await input({ title: "Hình thức" }));
    const other = await createCampaign(db(), manager, await input({ title: "Khác" }));
    const foreign = await addCustomForm(db(), manager, other, { channel: "facebook", name: "Zalo", quantityUnit: "tin" });
    const shared = await db().selectFrom("channel_form").select("id").where("campaign_id", "is", null).limit(3).execute();
    await setRequiredForms(db(), manager, id, shared.map((f) => f.id));
    expect((await campaignDetail(db(), manager, id)).forms).toHaveLength(3);
    await expectStatus(setRequiredForms(db(), manager, id, [foreign]), 404);
    const own = await addCustomForm(db(), manager, id, { channel: "media", name: "Cuộc thi trực tuyến", quantityUnit: "lượt bài dự thi" });
    expect((await campaignDetail(db(), manager, id)).forms.map((f) => f.id)).toContain(own);
    const target = await addTarget(db(), manager, id, { unitKindId: await kindId("grassroots"), minMembers: 1000, maxMembers: null, channel: null, minActivities: 4, memberCoveragePct: null });
    expect((await campaignDetail(db(), manager, id)).targets).toHaveLength(1);
    await removeTarget(db(), manager, id, target);
    expect((await campaignDetail(db(), manager, id)).targets).toHaveLength(0);
  });

  it("counts expected units by kind and by being open at the period's end", async () => {
    const id = await demoCampaignId();
    const campaign = await db().selectFrom("campaign").select(["id", "ends_on"]).where("id", "=", id).executeTakeFirstOrThrow();
    const kinds = new Set((await db().selectFrom("campaign_reporting_kind").select("unit_kind_id").where("campaign_id", "=", id).execute()).map((k) => k.unit_kind_id));
    const units = await db().selectFrom("unit").select(["id", "kind_id", "opened_on", "closed_on"]).execute();
    const expectedIds = units.filter((u) => isExpectedToReport({ kindId: u.kind_id, openedOn: u.opened_on, closedOn: u.closed_on }, kinds, campaign.ends_on)).map((u) => u.id);
    const reports = await db().selectFrom("unit_report").select(["unit_id", "status"]).where("campaign_id", "=", id).execute();
    const reported = reports.filter((r) => (r.status === "submitted" || r.status === "accepted") && expectedIds.includes(r.unit_id)).length;
    const progress = await reportingProgress(db(), campaign, await unitId("LC"));
    expect(progress).toEqual({ expected: expectedIds.length, reported });
    const closed = units.filter((u) => u.closed_on !== null && u.closed_on <= campaign.ends_on);
    expect(closed.length).toBeGreaterThan(0);
    for (const u of closed) expect(expectedIds).not.toContain(u.id);
  });
});
