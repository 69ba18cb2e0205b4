// The heavy-work thread as tests start it: the service from source (compiled by tsx), on the
// database named by DATABASE_URL in the worker's environment.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { serveHeavyWork } = await tsImport("../../app/services/heavy-work.server.ts", import.meta.url);
serveHeavyWork(parentPort);
