import type { MessagePort, Worker } from "node:worker_threads";
import type { Actor } from "~/domain/actor";
import type { ReportOptions } from "~/domain/tally-query";
import { db } from "./db.server";
import { activitiesCsv } from "./export-csv.server";
import { tallyDocx } from "./export-docx.server";
import { tallyXlsx } from "./export-xlsx.server";
import { httpError } from "./http-errors.server";
import { monthlySeries, pageTally, type TallyScope } from "./tally.server";

/**
 * Tallies and exports of a large scope take seconds, and better-sqlite3 runs every statement
 * synchronously: on the request thread they would freeze every other user's page meanwhile.
 * server.mjs therefore starts a worker thread (worker.mjs) with its own database connection and
 * registers it here; the routes call `heavyWork`, which sends the job to the worker when one is
 * registered and runs it in place otherwise (tests, tools). Authorization happens in the job
 * itself (the services check the actor), exactly as in place.
 */
const JOBS = {
  tallyPage: async (actor: Actor, scope: TallyScope) => {
    const [tally, monthly] = await Promise.all([pageTally(db(), actor, scope), monthlySeries(db(), actor, scope)]);
    return { tally, monthly };
  },
  tallyXlsx: (actor: Actor, scope: TallyScope) => tallyXlsx(db(), actor, scope),
  tallyDocx: (actor: Actor, scope: TallyScope, options: ReportOptions | null) => tallyDocx(db(), actor, scope, options),
  activitiesCsv: (actor: Actor, scope: TallyScope) => activitiesCsv(db(), actor, scope),
};

type Jobs = typeof JOBS;
type JobName = keyof Jobs;
type Outcome<N extends JobName> = Awaited<ReturnType<Jobs[N]>>;

let worker: { current?: Worker; start: () => Worker } | undefined;
let nextJobId = 1;
const pending = new Map<number, Pending>();

interface Pending {
  /** The thread it was sent to: when that thread stops, only its own jobs fail. */
  thread: Worker;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** For a file job: its body, fed chunk by chunk as the worker sends them. */
  body?: ReadableStreamDefaultController<Uint8Array>;
}

/**
 * The worker thread's heap cap (server.mjs): V8 otherwise lets garbage pile up to several times
 * what a national export keeps alive (500 MB peak for ~190 MB live). The bench runs its export
 * figure under the same cap.
 */
export const HEAVY_WORKER_HEAP_MB = Number(process.env.HEAVY_HEAP_MB ?? 256);

/** server.mjs: where heavy jobs go from now on; `start` makes a worker (again, after one died). */
export function useHeavyWorker(start: () => Worker): void {
  worker = { start };
}

/** The worker thread's id while one runs (tests check that jobs really went to it). */
export function heavyWorkerThreadId(): number | null {
  return worker?.current?.threadId ?? null;
}

/** Stops the worker and runs heavy work in place again (shutdown, tests). */
export async function stopHeavyWork(): Promise<void> {
  const thread = worker?.current;
  worker = undefined;
  await thread?.terminate();
}

export async function heavyWork<N extends JobName>(name: N, ...args: Parameters<Jobs[N]>): Promise<Outcome<N>> {
  if (!worker) return (JOBS[name] as (...a: unknown[]) => Promise<Outcome<N>>)(...args);
  const thread = (worker.current ??= watch(worker.start()));
  const id = nextJobId++;
  return new Promise<Outcome<N>>((resolve, reject) => {
    pending.set(id, { thread, resolve: resolve as (value: unknown) => void, reject });
    thread.postMessage({ id, name, args } satisfies JobMessage);
  });
}

interface JobMessage {
  id: number;
  name: JobName;
  args: unknown[];
}

interface CancelMessage {
  cancel: number;
}

type ReplyMessage =
  | { id: number; kind: "value"; value: unknown }
  | { id: number; kind: "file"; fileName: string; bytes?: Uint8Array }
  | { id: number; kind: "chunk"; chunk: Uint8Array }
  | { id: number; kind: "end" }
  | { id: number; kind: "error"; error: SentError };

/** An error as it crosses threads: a thrown Response (404, 403, 503, a redirect) keeps its status, headers and body. */
type SentError = { status: number; headers: [string, string][]; body: string } | { message: string };

function watch(thread: Worker): Worker {
  thread.on("message", (reply: ReplyMessage) => settle(thread, reply));
  const fail = (reason: unknown) => {
    if (worker?.current === thread) worker.current = undefined;
    // A thread that failed ("error") stops for good a moment later ("exit"); by then the next job
    // may be on a new thread, which its stopping must not touch.
    for (const [id, job] of pending) {
      if (job.thread !== thread) continue;
      pending.delete(id);
      // Out of memory (its heap is capped in server.mjs) or crashed: the user may try again, and
      // the next job starts a new thread. A download already under way can only be cut short.
      console.error(`[heavy-work] the thread stopped (${reason instanceof Error ? reason.message : String(reason)}) during job ${id}`);
      if (job.body) job.body.error(reason instanceof Error ? reason : new Error(String(reason)));
      else job.reject(httpError(503, "error.heavyWorkStopped"));
    }
  };
  thread.on("error", fail);
  thread.on("exit", (code) => fail(`exit code ${code}`));
  // Idle, it must not keep the process alive (tests, tools).
  thread.unref();
  return thread;
}

function settle(thread: Worker, reply: ReplyMessage): void {
  const job = pending.get(reply.id);
  if (!job) return;
  switch (reply.kind) {
    case "value":
      pending.delete(reply.id);
      job.resolve(reply.value);
      return;
    case "file":
      if (reply.bytes) {
        pending.delete(reply.id);
        job.resolve({ fileName: reply.fileName, body: reply.bytes });
      } else {
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => void (job.body = controller),
          // The download was abandoned: chunks still on their way are dropped, the worker stops.
          cancel: () => {
            pending.delete(reply.id);
            thread.postMessage({ cancel: reply.id } satisfies CancelMessage);
          },
        });
        job.resolve({ fileName: reply.fileName, body });
      }
      return;
    case "chunk":
      job.body?.enqueue(reply.chunk);
      return;
    case "end":
      pending.delete(reply.id);
      job.body?.close();
      return;
    case "error": {
      pending.delete(reply.id);
      const sent = reply.error;
      const error = "status" in sent ? new Response(sent.body || null, { status: sent.status, headers: sent.headers }) : new Error(sent.message);
      if (job.body) job.body.error(error);
      else job.reject(error);
    }
  }
}

/** worker.mjs: answers the jobs sent by `heavyWork` on the main thread. */
export function serveHeavyWork(port: MessagePort): void {
  const cancelled = new Set<number>();
  port.on("message", (message: JobMessage | CancelMessage) => {
    if ("cancel" in message) cancelled.add(message.cancel);
    else void runJob(port, message, cancelled);
  });
}

async function runJob(port: MessagePort, { id, name, args }: JobMessage, cancelled: Set<number>): Promise<void> {
  const reply = (message: ReplyMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const outcome: unknown = await (JOBS[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    if (!isFile(outcome)) return reply({ id, kind: "value", value: outcome });
    // A file made whole (the DOCX) goes in one message, a streamed one (XLSX, CSV) chunk by chunk.
    if (outcome.body instanceof Uint8Array) return reply({ id, kind: "file", fileName: outcome.fileName, bytes: outcome.body });
    reply({ id, kind: "file", fileName: outcome.fileName });
    const reader = outcome.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (cancelled.delete(id)) return void (await reader.cancel());
      // A copy of its own, so the transfer does not detach a buffer pooled with other data.
      const own = new Uint8Array(read.value);
      reply({ id, kind: "chunk", chunk: own }, [own.buffer]);
    }
    reply({ id, kind: "end" });
  } catch (error) {
    reply({ id, kind: "error", error: await sendable(error) });
  }
}

function isFile(value: unknown): value is { fileName: string; body: Uint8Array | ReadableStream<Uint8Array> } {
  return typeof value === "object" && value !== null && "fileName" in value && "body" in value;
}

async function sendable(error: unknown): Promise<SentError> {
  if (error instanceof Response) return { status: error.status, headers: [...error.headers], body: await error.text() };
  return { message: error instanceof Error ? error.message : String(error) };
}
