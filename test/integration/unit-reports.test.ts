import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { sameFigures } from "~/domain/report-figures";
import { readSnapshot } from "~/domain/report-schemas";
import type { SpokenResult } from "~/domain/result-schemas";
import { areResultsLocked } from "~/services/report-lock.server";
import { reportingProgress } from "~/services/reporting.server";
import { saveResult } from "~/services/results.server";
import {
  acceptReport,
  remindersCsv,
  reportList,
  reportPage,
  returnReport,
  saveReportDraft,
  submitReport,
  toCsv,
  unitFigures,
} from "~/services/unit-reports.server";
import { insertAccount } from "~/services/users.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const NARRATIVE = {
  highlights: "Tổ chức 3 buổi sinh hoạt công đoàn quán triệt Chỉ thị số 12-CT/TW cho 89 lượt đoàn viên.",
  assessment: "Đoàn viên nắm được nội dung cơ bản của Chỉ thị.",
  difficulties: "Địa bàn rộng, đi lại khó khăn.",
  proposals: null,
};

/** Vietnam is UTC+7: 16:30 UTC is 23:30 the same day there, 17:30 UTC is 00:30 the next day. */
const at = (iso: string) => new Date(iso);

describe.each(testDialects())("unit reports on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let campaignId: number;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const reportRow = async (code: string) =>
    db().selectFrom("unit_report").selectAll().where("campaign_id", "=", campaignId).where("unit_id", "=", await unitId(code)).executeTakeFirst();
  async function account(login: string, role: Role, code: string): Promise<Actor> {
    await insertAccount(db(), { login, password: "mat-khau-dai-2022", displayName: `Người dùng ${login}`, role, unitId: await unitId(code) });
    return actorFor(db(), login);
  }
  /** A done spoken activity of the unit with its result, for correcting. */
  async function spokenActivityOf(code: string) {
    return db()
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.id", "r.attendance"])
      .where("a.unit_id", "=", await unitId(code))
      .where("a.campaign_id", "=", campaignId)
      .where("a.channel", "=", "spoken")
      .where("a.status", "=", "done")
      .orderBy("a.id")
      .executeTakeFirstOrThrow();
  }
  const spoken = (attendance: number): SpokenResult => ({ attendance, membersAttending: null, womenAttending: null, presenter: null, notes: null, links: null });

  beforeAll(async () => {
    database = await demoDatabase(dialect, "unit_reports");
    campaignId = (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  });
  afterAll(() => database?.dispose());

  it("lets the grassroots editor draft and submit; only a manager above returns or accepts, and the results lock and unlock", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const district = await actorFor(db(), "huyen.quanly");
    const districtEditor = await actorFor(db(), "huyen.bientap");
    const province = await actorFor(db(), "tinh.quanly");
    const viewer = await actorFor(db(), "xem");
    const ownManager = await account("binhlu.quanly", "manager", "LC-TD-003");
    const sibling = await account("phongtho.quanly", "manager", "LC-PT");
    const unit = await unitId("LC-TD-003");

    const first = await reportPage(db(), editor, campaignId, unit);
    expect(first.state).toBe("none");
    expect(first.version).toBe(0);
    expect(first.canWrite).toBe(true);
    expect(first.canReview).toBe(false);
    expect(first.dueOn).toBe("2022-12-10");
    expect(first.figures.spoken.sessions).toBeGreaterThan(0);

    // A draft, then a submission that forgot the required sections.
    const draft = await saveReportDraft(db(), editor, campaignId, unit, { version: 0, ...NARRATIVE, assessment: null });
    expect(draft).toMatchObject({ ok: true, version: 1, status: "draft" });
    const missing = await submitReport(db(), editor, campaignId, unit, { version: 1, ...NARRATIVE, assessment: " " });
    expect(missing).toEqual({ ok: false, errors: { assessment: { key: "validation.required" } } });

    const activity = await spokenActivityOf("LC-TD-003");
    const figuresBefore = await unitFigures(db(), campaignId, unit);
    const sent = await submitReport(db(), editor, campaignId, unit, { version: 1, ...NARRATIVE }, { now: at("2022-12-09T03:00:00Z") });
    expect(sent).toMatchObject({ ok: true, version: 2, status: "submitted" });
    const row = (await reportRow("LC-TD-003"))!;
    expect(row.status).toBe("submitted");
    expect(row.submitted_by).toBe(editor.id);
    expect(row.submitted_at?.toISOString()).toBe("2022-12-09T03:00:00.000Z");
    expect(row.is_on_time).toBe(true);
    expect(sameFigures(readSnapshot(row.figures)!.figures, figuresBefore)).toBe(true);

    // Submitted: the unit's results are frozen for its editors.
    expect(await areResultsLocked(db(), campaignId, unit)).toBe(true);
    expect(await saveResult(db(), editor, activity.id, spoken(40))).toEqual({ ok: false, reason: "locked" });
    expect(await saveReportDraft(db(), editor, campaignId, unit, { version: 2, ...NARRATIVE })).toEqual({ ok: false, reason: "state" });

    // Nobody of the unit itself reviews its report, nor an editor above, nor a viewer.
    await expectStatus(acceptReport(db(), editor, campaignId, unit, { version: 2, comment: null }), 403);
    await expectStatus(returnReport(db(), editor, campaignId, unit, { version: 2, comment: "Tự trả lại" }), 403);
    await expectStatus(acceptReport(db(), ownManager, campaignId, unit, { version: 2, comment: null }), 403);
    await expectStatus(acceptReport(db(), districtEditor, campaignId, unit, { version: 2, comment: null }), 403);
    await expectStatus(acceptReport(db(), viewer, campaignId, unit, { version: 2, comment: null }), 403);
    await expectStatus(saveReportDraft(db(), viewer, campaignId, unit, { version: 2, ...NARRATIVE }), 403);
    await expectStatus(submitReport(db(), district, campaignId, unit, { version: 2, ...NARRATIVE }), 403);
    expect((await reportPage(db(), ownManager, campaignId, unit)).canReview).toBe(false);
    const read = await reportPage(db(), viewer, campaignId, unit);
    expect(read.state).toBe("submitted");
    expect(read.canWrite || read.canReview).toBe(false);

    // A district beside it cannot even see it.
    await expectStatus(reportPage(db(), sibling, campaignId, unit), 404);
    await expectStatus(returnReport(db(), sibling, campaignId, unit, { version: 2, comment: "Không thuộc phạm vi" }), 404);

    // The district manager returns it: a comment is required.
    expect((await reportPage(db(), district, campaignId, unit)).canReview).toBe(true);
    expect(await returnReport(db(), district, campaignId, unit, { version: 2, comment: "  " })).toEqual({
      ok: false,
      errors: { comment: { key: "reports.commentRequired" } },
    });
    const comment = "Đề nghị bổ sung số lượt nữ đoàn viên tham dự buổi sinh hoạt tháng 9.";
    expect(await returnReport(db(), district, campaignId, unit, { version: 2, comment }, { now: at("2022-12-09T08:00:00Z") })).toMatchObject({
      ok: true,
      status: "returned",
      version: 3,
    });
    expect(await areResultsLocked(db(), campaignId, unit)).toBe(false);
    expect(await saveResult(db(), editor, activity.id, spoken(40))).toEqual({ ok: true });
    const returned = await reportPage(db(), editor, campaignId, unit);
    expect(returned.state).toBe("returned");
    expect(returned.canWrite).toBe(true);
    expect(returned.report?.reviewComment).toBe(comment);
    expect(returned.history.map((h) => [h.action, h.comment])).toEqual([
      ["submit", null],
      ["return", comment],
    ]);

    // Corrected and sent again; the province manager (two levels up) accepts.
    expect(await submitReport(db(), editor, campaignId, unit, { version: 3, ...NARRATIVE, proposals: "Cấp thêm tài liệu." })).toMatchObject({ ok: true, version: 4 });
    expect((await reportRow("LC-TD-003"))!.review_comment).toBeNull();
    expect(readSnapshot((await reportRow("LC-TD-003"))!.figures)!.figures.spoken.attendance).toBe(figuresBefore.spoken.attendance - activity.attendance! + 40);
    expect(await acceptReport(db(), province, campaignId, unit, { version: 4, comment: null })).toMatchObject({ ok: true, status: "accepted", version: 5 });
    expect(await saveResult(db(), editor, activity.id, spoken(41))).toEqual({ ok: false, reason: "locked" });
    expect(await returnReport(db(), district, campaignId, unit, { version: 5, comment: "Muộn rồi" })).toEqual({ ok: false, reason: "state" });

    const reportId = (await reportRow("LC-TD-003"))!.id;
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "user_id", "unit_id"])
      .where("entity", "=", "unit_report")
      .where("entity_id", "=", reportId)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "submit", "return", "submit", "accept"]);
    expect(audit.map((a) => a.user_id)).toEqual([editor.id, editor.id, district.id, editor.id, province.id]);
    expect(new Set(audit.map((a) => a.unit_id))).toEqual(new Set([unit]));
  });

  it("keeps the figures sent in the snapshot while today's figures move on", async () => {
    const districtEditor = await actorFor(db(), "huyen.bientap");
    const district = await unitId("LC-TD");
    const sentFigures = await unitFigures(db(), campaignId, district);
    const outcome = await submitReport(db(), districtEditor, campaignId, district, { version: 0, ...NARRATIVE }, { now: at("2022-12-15T02:00:00Z") });
    expect(outcome).toMatchObject({ ok: true, status: "submitted" });
    // The district's deadline (18/12) is its own, not its grassroots unions' (10/12).
    expect((await reportRow("LC-TD"))!.is_on_time).toBe(true);

    // A grassroots union below corrects a result afterwards (its own report is not sent).
    const below = await spokenActivityOf("LC-TD-002");
    expect(await saveResult(db(), districtEditor, below.id, spoken(below.attendance! + 12))).toEqual({ ok: true });
    const page = await reportPage(db(), districtEditor, campaignId, district);
    expect(page.snapshot?.takenAt).toBe("2022-12-15T02:00:00.000Z");
    expect(sameFigures(page.snapshot!.figures, sentFigures)).toBe(true);
    expect(page.figures.spoken.attendance).toBe(sentFigures.spoken.attendance + 12);
    expect(page.figuresChangedSinceSubmission).toBe(true);
  });

  it("decides on time or late by the Vietnamese calendar day against the unit's own deadline", async () => {
    const onTimeEditor = await account("tdthitran.bientap", "editor", "LC-TD-002");
    const lateEditor = await account("hothau.bientap", "editor", "LC-TD-009");
    const manager = await actorFor(db(), "huyen.quanly");
    // 23:30 on 10/12 in Vietnam (still 10/12 in UTC too) and 00:30 on 11/12 in Vietnam (10/12 in UTC).
    await submitReport(db(), onTimeEditor, campaignId, await unitId("LC-TD-002"), { version: 0, ...NARRATIVE }, { now: at("2022-12-10T16:30:00Z") });
    await submitReport(db(), lateEditor, campaignId, await unitId("LC-TD-009"), { version: 0, ...NARRATIVE }, { now: at("2022-12-10T17:30:00Z") });
    expect((await reportRow("LC-TD-002"))!.is_on_time).toBe(true);
    expect((await reportRow("LC-TD-009"))!.is_on_time).toBe(false);

    // Returned for corrections after the deadline, resubmitted later: the unit did meet its deadline.
    await returnReport(db(), manager, campaignId, await unitId("LC-TD-002"), { version: 1, comment: "Bổ sung số liệu nữ." }, { now: at("2022-12-12T02:00:00Z") });
    await submitReport(db(), onTimeEditor, campaignId, await unitId("LC-TD-002"), { version: 2, ...NARRATIVE }, { now: at("2022-12-20T02:00:00Z") });
    expect((await reportRow("LC-TD-002"))!.is_on_time).toBe(true);

    const list = await reportList(db(), manager, { campaign: campaignId, status: "all" });
    const byCode = new Map(list.rows.map((r) => [r.unitName, r]));
    expect(byCode.get("Công đoàn Trường THCS thị trấn Tam Đường")?.timeliness).toBe("onTime");
    expect(byCode.get("Công đoàn Trường Mầm non Hồ Thầu")?.timeliness).toBe("late");
    const late = await reportList(db(), manager, { campaign: campaignId, status: "late" });
    expect(late.rows.map((r) => r.unitName)).toContain("Công đoàn Trường Mầm non Hồ Thầu");
    expect(late.rows.every((r) => r.timeliness === "late")).toBe(true);
  });

  it("expects only open units of the kinds asked to report, and lists them for the manager above", async () => {
    const manager = await actorFor(db(), "huyen.quanly");
    const list = await reportList(db(), manager, { campaign: campaignId, status: "all" });
    const codes = await db().selectFrom("unit").select(["id", "code"]).execute();
    const codeOf = new Map(codes.map((c) => [c.id, c.code]));
    const listed = list.rows.map((r) => codeOf.get(r.unitId));
    // The two schools merged on 30/09/2022 closed before the period ended; the merged one opened during it.
    expect(listed).not.toContain("LC-TD-011");
    expect(listed).not.toContain("LC-TD-012");
    expect(listed).toContain("LC-TD-013");
    expect(listed[0]).toBe("LC-TD");
    expect(list.rows[0].isOwnUnit).toBe(true);
    expect(list.summary.expected).toBe(12);
    expect(listed.every((c) => c === "LC-TD" || c?.startsWith("LC-TD-"))).toBe(true);
    const progress = await reportingProgress(db(), { id: campaignId, ends_on: "2022-12-31" }, await unitId("LC-TD"));
    expect(list.summary.submitted).toBe(progress.reported);
    expect(list.summary.expected).toBe(progress.expected);

    const missing = await reportList(db(), manager, { campaign: campaignId, status: "missing" });
    expect(missing.rows.length).toBe(list.summary.missing);
    expect(missing.rows.every((r) => r.state === "none" || r.state === "draft" || r.state === "returned")).toBe(true);
    const accepted = await reportList(db(), manager, { campaign: campaignId, status: "accepted" });
    expect(accepted.rows.map((r) => codeOf.get(r.unitId))).toContain("LC-TD-006");

    // A closed unit's own people cannot send a report, and the page says it is not expected.
    const closedEditor = await account("sonbinh.bientap", "editor", "LC-TD-011");
    const closed = await unitId("LC-TD-011");
    expect(await saveReportDraft(db(), closedEditor, campaignId, closed, { version: 0, ...NARRATIVE })).toEqual({ ok: false, reason: "notExpected" });
    expect(await submitReport(db(), closedEditor, campaignId, closed, { version: 0, ...NARRATIVE })).toEqual({ ok: false, reason: "notExpected" });
    const page = await reportPage(db(), closedEditor, campaignId, closed);
    expect(page.isExpected).toBe(false);
    expect(page.canWrite).toBe(false);

    // Closing after the period does not change who had to report for it.
    await db().updateTable("unit").set({ closed_on: "2023-01-15" }).where("code", "=", "LC-TD-010").execute();
    const after = await reportList(db(), manager, { campaign: campaignId, status: "all" });
    expect(after.rows.map((r) => codeOf.get(r.unitId))).toContain("LC-TD-010");
    await db().updateTable("unit").set({ closed_on: "2022-12-01" }).where("code", "=", "LC-TD-010").execute();
    const closedNow = await reportList(db(), manager, { campaign: campaignId, status: "all" });
    expect(closedNow.rows.map((r) => codeOf.get(r.unitId))).not.toContain("LC-TD-010");
    await db().updateTable("unit").set({ closed_on: null }).where("code", "=", "LC-TD-010").execute();

    // A sibling district's manager sees only its own units; the province sees none of the department kind.
    const sibling = await actorFor(db(), "phongtho.quanly");
    const theirs = await reportList(db(), sibling, { campaign: campaignId, status: "all" });
    expect(theirs.rows.every((r) => codeOf.get(r.unitId)?.startsWith("LC-PT"))).toBe(true);
    const province = await reportList(db(), await actorFor(db(), "tinh.quanly"), { campaign: campaignId, status: "all" });
    const provinceCodes = province.rows.map((r) => codeOf.get(r.unitId));
    expect(provinceCodes).not.toContain("LC-TGNC");
    expect(provinceCodes).not.toContain("LC");
    expect(provinceCodes).toContain("LC-TD-003");
    await expectStatus(reportList(db(), sibling, { campaign: 999_999, status: "all" }), 404);
  });

  it("refuses stale and concurrent writes with a conflict, and writes once", async () => {
    const editor = await account("khunha.bientap", "editor", "LC-TD-010");
    const unit = await unitId("LC-TD-010");
    const both = await Promise.all([
      saveReportDraft(db(), editor, campaignId, unit, { version: 0, ...NARRATIVE }),
      saveReportDraft(db(), editor, campaignId, unit, { version: 0, ...NARRATIVE, highlights: "Bản khác" }),
    ]);
    expect(both.filter((o) => o.ok)).toHaveLength(1);
    expect(both.filter((o) => !o.ok)).toEqual([{ ok: false, reason: "conflict" }]);
    expect((await reportRow("LC-TD-010"))!.version).toBe(1);
    expect(await saveReportDraft(db(), editor, campaignId, unit, { version: 0, ...NARRATIVE })).toEqual({ ok: false, reason: "conflict" });
    expect(await submitReport(db(), editor, campaignId, unit, { version: 7, ...NARRATIVE })).toEqual({ ok: false, reason: "conflict" });

    // Two reviewers at once on LC-TD-004's submitted report (version 1): one wins.
    const reviewers = [await actorFor(db(), "huyen.quanly"), await actorFor(db(), "tinh.quanly")];
    const target = await unitId("LC-TD-004");
    const auditsBefore = await db().selectFrom("audit_log").select("id").where("entity", "=", "unit_report").execute();
    const reviews = await Promise.all([
      acceptReport(db(), reviewers[0], campaignId, target, { version: 1, comment: "Đồng ý." }),
      returnReport(db(), reviewers[1], campaignId, target, { version: 1, comment: "Bổ sung." }),
    ]);
    expect(reviews.filter((o) => o.ok)).toHaveLength(1);
    expect(reviews.filter((o) => !o.ok)).toEqual([{ ok: false, reason: "conflict" }]);
    const auditsAfter = await db().selectFrom("audit_log").select("id").where("entity", "=", "unit_report").execute();
    expect(auditsAfter.length).toBe(auditsBefore.length + 1);
    expect((await reportRow("LC-TD-004"))!.version).toBe(2);
  });

  it("exports the reminder list in scope with formulas neutralised", async () => {
    const manager = await actorFor(db(), "huyen.quanly");
    const csv = await remindersCsv(db(), manager, campaignId, "vi", at("2022-12-12T03:00:00Z"));
    expect(csv.body.startsWith("\uFEFFSTT,Mã đơn vị,Đơn vị")).toBe(true);
    expect(csv.body).toContain("Công đoàn Trường PTDTBT Tiểu học và THCS Sơn Bình");
    expect(csv.body).not.toContain("Phong Thổ");
    expect(csv.body).not.toContain("Công đoàn Công ty Cổ phần Chè Tam Đường"); // accepted
    expect(csv.fileName).toBe(`nhac-bao-cao-${campaignId}-20221212.csv`);
    // Text that a spreadsheet would run is neutralised; numbers stay numbers (shared with the tally exports).
    expect(toCsv([["a\"b", "@SUM(A1)", "=1+1", "\tx", "Bình Lư", -2]])).toBe("\uFEFF\"a\"\"b\",'@SUM(A1),'=1+1,'\tx,Bình Lư,-2\r\n");
  });
});
