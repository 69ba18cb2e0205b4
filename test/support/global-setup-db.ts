import type { TestProject } from "vitest/node";
import { postgresAnswers, POSTGRES_ADMIN_URL } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    dialects: ("sqlite" | "postgres")[];
  }
}

/** Decides once which databases the run uses, says so, and refuses to skip PostgreSQL in CI. */
export default async function setup(project: TestProject) {
  const pgUp = await postgresAnswers();
  if (!pgUp && process.env.CI) {
    throw new Error(`CI: PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}; the suite must run on both dialects.`);
  }
  const dialects: ("sqlite" | "postgres")[] = pgUp ? ["sqlite", "postgres"] : ["sqlite"];
  console.log(`[${project.name}] database dialects in this run: ${dialects.join(", ")}${pgUp ? "" : " (PostgreSQL not reachable: skipped)"}`);
  project.provide("dialects", dialects);
}
