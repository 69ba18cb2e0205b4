import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInAppZone } from "~/domain/dates";
import { auditLog, diffAudit } from "~/services/audit-log.server";
import { recordAudit } from "~/services/audit.server";
import { returnReport, saveReportDraft, submitReport } from "~/services/unit-reports.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

describe("audit diff", () => {
  it("lists changed fields as dotted paths, counts the unchanged, and hides secrets", () => {
    const diff = diffAudit(
      { title: "Hội nghị", points: [1, 2], unit: { id: 3, name: "A" }, password_hash: "$argon2id$secret", is_active: true, starts_at: "2022-07-21T00:30:00.000Z" },
      { title: "Hội nghị quán triệt", points: [1, 2, 3], unit: { id: 3, name: "B" }, password_hash: "$argon2id$other", is_active: false, due_on: "2022-12-10" },
    );
    expect(diff.unchanged).toBe(1);
    const byPath = Object.fromEntries(diff.changes.map((c) => [c.path, c]));
    expect(byPath.title).toEqual({ path: "title", before: { text: "Hội nghị" }, after: { text: "Hội nghị quán triệt" } });
    expect(byPath.points).toEqual({ path: "points", before: { text: "[1,2]" }, after: { text: "[1,2,3]" } });
    expect(byPath["unit.name"].after).toEqual({ text: "B" });
    expect(byPath.password_hash).toEqual({ path: "password_hash", before: { text: "••••••" }, after: { text: "••••••" } });
    expect(byPath.is_active).toEqual({ path: "is_active", before: { bool: true }, after: { bool: false } });
    // Times in Vietnam, dates as dd/MM/yyyy; a field that appears or disappears has no other side.
    expect(byPath.starts_at).toEqual({ path: "starts_at", before: { text: "21/07/2022 07:30" }, after: null });
    expect(byPath.due_on).toEqual({ path: "due_on", before: null, after: { text: "10/12/2022" } });
    expect(JSON.stringify(diff)).not.toContain("argon2");
  });

  it("shows a created record whole, and caps long lists", () => {
    const created = diffAudit(undefined, { a: 1, b: null, c: [{ x: 1 }, { x: 2 }] });
    expect(created.changes).toEqual([
      { path: "a", before: null, after: { text: "1" } },
      { path: "b", before: null, after: { empty: true } },
      { path: "c[0].x", before: null, after: { text: "1" } },
      { path: "c[1].x", before: null, after: { text: "2" } },
    ]);
    const big = diffAudit({}, Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])), 40);
    expect(big.changes).toHaveLength(40);
    expect(big.more).toBe(60);
  });
});

describe.each(testDialects())("audit log page on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let campaignId: number;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    database = await demoDatabase(dialect, "audit_log");
    campaignId = (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const editor = await actorFor(db(), "coso.bientap");
    const unit = await unitId("LC-TD-003");
    await saveReportDraft(db(), editor, campaignId, unit, { version: 0, highlights: "Nháp", assessment: null, difficulties: null, proposals: null });
    await submitReport(db(), editor, campaignId, unit, { version: 1, highlights: "Đã làm", assessment: "Tốt", difficulties: null, proposals: null });
    await returnReport(db(), await actorFor(db(), "huyen.quanly"), campaignId, unit, { version: 2, comment: "Bổ sung ảnh." });
    // Changes elsewhere: a sibling district's union, and a system-wide one (no unit).
    const admin = await actorFor(db(), "admin");
    await recordAudit(db(), admin, { action: "update", entity: "unit", entityId: await unitId("LC-PT-001"), unitId: await unitId("LC-PT-001"), before: { name: "Cũ" }, after: { name: "Mới" } });
    await recordAudit(db(), admin, { action: "update", entity: "unit_kind", entityId: 1, unitId: null, before: { name: "A" }, after: { name: "B" } });
  });
  afterAll(() => database?.dispose());

  it("shows a district manager who did what in its subtree, before and after, and nothing beside it", async () => {
    const manager = await actorFor(db(), "huyen.quanly");
    const log = await auditLog(db(), manager, {});
    const reportEntries = log.entries.filter((e) => e.entity === "unit_report");
    expect(reportEntries.map((e) => e.action)).toEqual(["return", "submit", "create"]);
    const [returned, submitted] = reportEntries;
    expect(returned.userName).toBe("Hoàng Văn Thắng");
    expect(returned.unitName).toBe("Công đoàn Trường THCS Bình Lư");
    expect(returned.link).toBe(`/reports/${campaignId}/${await unitId("LC-TD-003")}`);
    expect(returned.diff.changes.find((c) => c.path === "status")).toEqual({ path: "status", before: { text: "submitted" }, after: { text: "returned" } });
    expect(returned.diff.changes.find((c) => c.path === "comment")?.after).toEqual({ text: "Bổ sung ảnh." });
    expect(submitted.diff.changes.find((c) => c.path === "highlights")).toEqual({ path: "highlights", before: { text: "Nháp" }, after: { text: "Đã làm" } });
    expect(submitted.diff.changes.some((c) => c.path.startsWith("figures.spoken"))).toBe(true);
    expect(log.entries.some((e) => e.unitName?.includes("Phong Thổ") || e.entity === "unit_kind")).toBe(false);

    const province = await auditLog(db(), await actorFor(db(), "tinh.quanly"), {});
    expect(province.entries.some((e) => e.entity === "unit" && e.diff.changes[0]?.after !== null)).toBe(true);
    expect(province.entries.some((e) => e.entity === "unit_kind")).toBe(false);
    const admin = await auditLog(db(), await actorFor(db(), "admin"), {});
    expect(admin.entries.some((e) => e.entity === "unit_kind")).toBe(true);
  });

  it("filters by kind of record and by Vietnamese calendar day, and pages", async () => {
    const manager = await actorFor(db(), "tinh.quanly");
    const reports = await auditLog(db(), manager, { entity: "report" });
    expect(reports.entries.length).toBe(3);
    expect(reports.entries.every((e) => e.entity === "unit_report")).toBe(true);
    const units = await auditLog(db(), manager, { entity: "unit" });
    expect(units.entries.every((e) => e.entity === "unit" || e.entity === "unit_kind")).toBe(true);

    const today = todayInAppZone();
    expect((await auditLog(db(), manager, { entity: "report", from: today, to: today })).entries.length).toBe(3);
    expect((await auditLog(db(), manager, { entity: "report", from: "2022-01-01", to: "2022-12-31" })).entries.length).toBe(0);

    const first = await auditLog(db(), manager, { entity: "report" }, 2);
    expect(first.entries.map((e) => e.action)).toEqual(["return", "submit"]);
    expect(first.hasNext).toBe(true);
    expect(first.hasPrevious).toBe(false);
    const second = await auditLog(db(), manager, { entity: "report", page: 2 }, 2);
    expect(second.entries.map((e) => e.action)).toEqual(["create"]);
    expect(second.hasNext).toBe(false);
    expect(second.hasPrevious).toBe(true);
  });

  it("is for managers only", async () => {
    await expectStatus(auditLog(db(), await actorFor(db(), "huyen.bientap"), {}), 403);
    await expectStatus(auditLog(db(), await actorFor(db(), "xem"), {}), 403);
  });
});
