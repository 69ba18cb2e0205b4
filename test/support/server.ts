import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

export interface RunningApp {
  baseUrl: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Starts the built app (server.mjs) the way `npm start` does, on a free loopback port. */
export async function startApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    throw new Error("The app is not built: run `npm run build` (npm test does it first).");
  }
  const port = await freePort();
  const secretDir = mkdtempSync(join(tmpdir(), "tt-secret-"));
  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TZ: "UTC",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SESSION_SECRET_FILE: join(secretDir, "secret"),
      NODE_ENV: "test",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    output: () => log,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Signs in over plain HTTP and returns the session cookie ("name=value"). */
export async function signIn(app: RunningApp, login: string, password: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ login, password }),
    headers: { Origin: app.baseUrl },
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`sign-in of ${login} failed: HTTP ${response.status}`);
  const cookie = response.headers.get("set-cookie");
  if (!cookie) throw new Error("no session cookie");
  return cookie.split(";")[0];
}
