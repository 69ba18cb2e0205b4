/**
 * What server.mjs needs from the compiled app, exported through entry.server so that
 * the server and the routes share one copy of every module (one database pool).
 */
export { bootstrap, shutdown } from "./services/bootstrap.server";
export { isCrossSiteWrite } from "./domain/request-origin";
export { SECURITY_HEADERS } from "./services/security-headers.server";
export { contentSecurityPolicy } from "./services/security-headers.server";
export { HEAVY_WORKER_HEAP_MB, serveHeavyWork, useHeavyWorker } from "./services/heavy-work.server";
