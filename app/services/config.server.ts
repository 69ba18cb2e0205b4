import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

// Read through an alias: the Remix compiler replaces the literal `process.env.NODE_ENV` with
// "production" at build time, but whether this install runs in production is the operator's
// run-time choice (NODE_ENV=production npm start), not the build's.
const runtimeEnv = process.env;
export const isProduction = runtimeEnv.NODE_ENV === "production";

const LOCAL_SECRET_FILE = resolve(process.env.SESSION_SECRET_FILE ?? "data/session-secret");

/**
 * Production must be given SESSION_SECRET. A local install keeps a random secret in data/
 * so sessions survive restarts without a shared, guessable default.
 */
export function sessionSecrets(): string[] {
  const fromEnv = process.env.SESSION_SECRET;
  if (fromEnv) return fromEnv.split(",").map((s) => s.trim()).filter(Boolean);
  if (isProduction) {
    throw new Error("SESSION_SECRET is required when NODE_ENV=production (a long random string).");
  }
  if (!existsSync(LOCAL_SECRET_FILE)) {
    mkdirSync(dirname(LOCAL_SECRET_FILE), { recursive: true });
    writeFileSync(LOCAL_SECRET_FILE, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return [readFileSync(LOCAL_SECRET_FILE, "utf8").trim()];
}
