// The heavy-work thread started by server.mjs: tallies and exports, on a database connection of
// its own, so that the request thread stays free (app/services/heavy-work.server.ts).
import { parentPort } from "node:worker_threads";
import { installGlobals } from "@remix-run/node";

installGlobals({ nativeFetch: true });

const build = await import("./build/index.js");
build.entry.module.serverHooks.serveHeavyWork(parentPort);
