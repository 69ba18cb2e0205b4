import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { tallyDocx } from "~/services/export-docx.server";
import { tallyXlsx } from "~/services/export-xlsx.server";
import { heavyWork, heavyWorkerThreadId, stopHeavyWork, useHeavyWorker } from "~/services/heavy-work.server";
import { computeTally, monthlySeries, tallyForPage, type TallyScope } from "~/services/tally.server";
import { actorFor } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";
import { zipText } from "../support/zip";

// Tallies and exports go to a worker thread with its own connection (server.mjs starts it); what
// comes back must be what the same call gives in place: figures, files, and refusals.
describe.each(testDialects())("heavy work on a worker thread (%s)", (dialect) => {
  let database: TestDatabase;
  let admin: Actor;
  let grassroots: Actor;
  let scope: TallyScope;
  let lastThread: Worker | undefined;
  const db = () => database.handle.db;

  beforeAll(async () => {
    database = await demoDatabase(dialect, "heavy");
    admin = await actorFor(db(), "tinh.quanly");
    grassroots = await actorFor(db(), "coso.bientap");
    const campaign = await db().selectFrom("campaign").select(["id", "starts_on", "ends_on"]).orderBy("id").executeTakeFirstOrThrow();
    scope = { campaignId: campaign.id, unitId: admin.unitId, from: campaign.starts_on, to: campaign.ends_on };
    useHeavyWorker(
      () =>
        (lastThread = new Worker(new URL("../support/heavy-worker.mjs", import.meta.url), {
          env: { ...process.env, DATABASE_URL: database.url, PG_POOL_SIZE: "2" },
        })),
    );
  });
  afterAll(async () => {
    await stopHeavyWork();
    expect(heavyWorkerThreadId()).toBeNull();
    await database?.dispose();
  });

  it("gives the tally page's figures exactly as computed in place", async () => {
    const [fromWorker, tally, monthly] = await Promise.all([
      heavyWork("tallyPage", admin, scope),
      computeTally(db(), admin, scope).then(tallyForPage),
      monthlySeries(db(), admin, scope),
    ]);
    expect(heavyWorkerThreadId()).toBeGreaterThan(0);
    expect(fromWorker.tally.totalActivities).toBeGreaterThan(100);
    expect(fromWorker).toEqual({ tally, monthly });
  });

  it("streams the workbook and sends the report whole, with the same content as in place", async () => {
    // Every part of the file but its creation time, as a digest (a diff of two workbooks is unreadable).
    const content = (bytes: Uint8Array) =>
      createHash("sha256").update(zipText(bytes).replace(/<dcterms:(created|modified)[^>]*>[^<]*<\/dcterms:\1>/g, "")).digest("hex");
    const [xlsx, inPlace] = await Promise.all([heavyWork("tallyXlsx", admin, scope), tallyXlsx(db(), admin, scope)]);
    expect(xlsx.fileName).toBe(inPlace.fileName);
    const [workerBytes, placeBytes] = await Promise.all([new Response(xlsx.body).arrayBuffer(), new Response(inPlace.body).arrayBuffer()]);
    expect(workerBytes.byteLength).toBeGreaterThan(10_000);
    expect(content(new Uint8Array(workerBytes))).toBe(content(new Uint8Array(placeBytes)));

    const docx = await heavyWork("tallyDocx", admin, scope, null);
    const docxInPlace = await tallyDocx(db(), admin, scope, null);
    expect(docx.fileName).toBe(docxInPlace.fileName);
    expect(Buffer.from(docx.body).subarray(0, 2).toString()).toBe("PK");
    expect(zipText(docx.body)).toContain("BÁO CÁO");
    expect(content(docx.body)).toBe(content(docxInPlace.body));
  });

  it("drops an abandoned download without harm: later chunks are ignored and the worker goes on", async () => {
    const xlsx = await heavyWork("tallyXlsx", admin, scope);
    const reader = xlsx.body.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    const again = await heavyWork("tallyPage", admin, scope);
    expect(again.tally.totalActivities).toBeGreaterThan(100);
    const csv = await heavyWork("activitiesCsv", admin, scope);
    expect((await new Response(csv.body).text()).split("\n").length).toBeGreaterThan(100);
  });

  it("answers 503 when the thread dies under a job (out of memory), and starts a new one for the next", async () => {
    const job = heavyWork("tallyPage", admin, scope);
    const thread = heavyWorkerThreadId();
    expect(thread).toBeGreaterThan(0);
    // What the heap cap does to a job that does not fit: the thread is gone.
    await lastThread!.terminate();
    const refused = await job.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(503);
    expect(await (refused as Response).json()).toEqual({ messageKey: "error.heavyWorkStopped" });
    const again = await heavyWork("tallyPage", admin, scope);
    expect(again.tally.totalActivities).toBeGreaterThan(100);
    expect(heavyWorkerThreadId()).not.toBe(thread);
  });

  it("a failed thread stopping for good later does not touch the jobs of the thread that replaced it", async () => {
    await heavyWork("tallyPage", admin, scope);
    const failed = lastThread!;
    // An error (out of memory) comes first; the thread's exit follows a moment later.
    failed.emit("error", new Error("ERR_WORKER_OUT_OF_MEMORY"));
    const job = heavyWork("tallyPage", admin, scope);
    expect(lastThread).not.toBe(failed);
    await failed.terminate();
    expect((await job).tally.totalActivities).toBeGreaterThan(100);
  });

  it("refuses out of scope the same way: the thrown response crosses the thread with its status", async () => {
    const outside = { ...scope, unitId: admin.unitId };
    const inPlace = await computeTally(db(), grassroots, outside).catch((e: unknown) => e);
    const fromWorker = await heavyWork("tallyPage", grassroots, outside).catch((e: unknown) => e);
    expect(inPlace).toBeInstanceOf(Response);
    expect(fromWorker).toBeInstanceOf(Response);
    expect((fromWorker as Response).status).toBe((inPlace as Response).status);
    expect(await (fromWorker as Response).json()).toEqual(await (inPlace as Response).json());
  });
});
