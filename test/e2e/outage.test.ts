/**
 * Database outage (issue 8): the app on PostgreSQL reaches its database through a TCP proxy the
 * test controls, so the machine's shared PostgreSQL server is never stopped. With the proxy down
 * (connections refused) or black-holed (accepted, never answered), pages fail fast with the
 * Vietnamese 503 page and /healthz answers 503 JSON; when the proxy is back, the app recovers by
 * itself (no restart) and writes go through again.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { testDialects } from "../support/databases";
import { createScratchDatabase, POSTGRES_ADMIN_URL } from "../support/postgres";
import { freePort, signIn, startApp, type RunningApp } from "../support/server";

/** A TCP proxy to PostgreSQL that can be stopped, black-holed and started again on the same port. */
class ToggleProxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  mode: "forward" | "blackhole" = "forward";
  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => undefined);
      if (this.mode === "blackhole") return; // accept, read, never answer
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(upstream);
      upstream.on("close", () => this.sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((done, fail) => {
      this.server!.once("error", fail);
      this.server!.listen(this.port, "127.0.0.1", () => done());
    });
  }

  /** Stops listening and cuts every open connection, as a crashed or stopped server would. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    this.server = null;
  }
}

const PASSWORD = "Demo@2022";
const UNAVAILABLE = translator("vi")("error.unavailable");

describe.runIf(testDialects().includes("postgres"))("PostgreSQL outage", () => {
  let app: RunningApp;
  let proxy: ToggleProxy;
  let drop: () => Promise<void>;
  let cookie: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabase("outage");
    drop = scratch.drop;
    const admin = new URL(POSTGRES_ADMIN_URL);
    proxy = new ToggleProxy(await freePort(), { host: admin.hostname, port: Number(admin.port || 5432) });
    await proxy.start();
    const url = new URL(scratch.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    app = await startApp(url.toString(), { PG_CONNECT_TIMEOUT_MS: "2000", PG_STATEMENT_TIMEOUT_MS: "5000" });
    cookie = await signIn(app, "tinh.quanly", PASSWORD);
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.stop();
    await drop?.();
  });

  const timed = async (path: string, init: RequestInit = {}) => {
    const started = Date.now();
    const response = await fetch(`${app.baseUrl}${path}`, { redirect: "manual", ...init, headers: { Cookie: cookie, Origin: app.baseUrl, ...(init.headers ?? {}) } });
    const body = await response.text();
    return { status: response.status, body, ms: Date.now() - started, type: response.headers.get("content-type") ?? "" };
  };
  const expectUnavailablePage = (answer: { status: number; body: string; ms: number }, bound: number) => {
    expect(answer.status, answer.body.slice(0, 300)).toBe(503);
    expect(answer.body).toContain(UNAVAILABLE);
    expect(answer.body).toContain('lang="vi"');
    // No stack trace or driver message leaks into the page.
    expect(answer.body).not.toMatch(/ECONNREFUSED|at [\w.<>]+ \(|node_modules|Connection terminated|timeout exceeded/);
    expect(answer.ms).toBeLessThan(bound);
  };

  it("serves pages while the database answers", async () => {
    expect((await timed("/")).status).toBe(200);
    expect((await timed("/healthz")).status).toBe(200);
  });

  it("answers 503 fast, in Vietnamese, while the database refuses connections, and recovers by itself", async () => {
    await proxy.stop();
    const page = await timed("/");
    expectUnavailablePage(page, 5000);
    expectUnavailablePage(await timed("/calendar"), 5000);
    expectUnavailablePage(await timed("/tally?campaign=1"), 5000);
    const write = await timed("/results/pending", { method: "POST", body: new URLSearchParams({ activityId: "1", posts: "3" }) });
    expectUnavailablePage(write, 5000);
    const health = await timed("/healthz");
    expect(health.status).toBe(503);
    expect(health.type).toContain("application/json");
    expect(JSON.parse(health.body)).toEqual({ ok: false, db: "postgres" });
    expect(app.output()).not.toMatch(/Unexpected Server Error/);

    await proxy.start();
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await timed("/healthz")).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await timed("/")).status).toBe(200);
  });

  it("answers 503 within the connection timeout when the database accepts connections but never answers", async () => {
    await proxy.stop();
    proxy.mode = "blackhole";
    await proxy.start();
    // Pool connect timeout 2 s (PG_CONNECT_TIMEOUT_MS): the page must not hang.
    expectUnavailablePage(await timed("/units"), 8000);
    await proxy.stop();
    proxy.mode = "forward";
    await proxy.start();
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await timed("/healthz")).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    // A write goes through again after the outage.
    const pending = await timed("/results/pending");
    const id = /name="activityId" value="(\d+)"/.exec(pending.body)?.[1];
    expect(id).toBeTruthy();
    const write = await timed("/activities/new", {
      method: "POST",
      body: new URLSearchParams({ campaignId: "1", unitId: "1", channel: "spoken", title: "Sau sự cố", allDay: "on", startDate: "2022-06-01", endDate: "2022-06-01", repeat: "none", acknowledgeWarnings: "1" }),
    });
    expect(write.status, write.body.slice(0, 300)).toBe(302);
  });
});
