// Production server: Express in front of the compiled Remix app (build/).
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

installGlobals({ nativeFetch: true });

const build = await import("./build/index.js");
const hooks = build.entry.module.serverHooks;
await hooks.bootstrap();
// Tallies and exports run on a thread of their own, started at the first one (worker.mjs), with
// a capped heap (HEAVY_HEAP_MB). A job that would not fit fails; the next one starts a new thread.
hooks.useHeavyWorker(
  () =>
    new Worker(new URL("./worker.mjs", import.meta.url), {
      env: { ...process.env, PG_POOL_SIZE: process.env.HEAVY_PG_POOL_SIZE ?? "4" },
      resourceLimits: { maxOldGenerationSizeMb: hooks.HEAVY_WORKER_HEAP_MB },
    }),
);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1");
app.use(compression());

app.use((req, res, next) => {
  res.set(hooks.SECURITY_HEADERS);
  // A fresh nonce per response; entry.server puts it on Remix's inline scripts.
  res.locals.cspNonce = randomBytes(18).toString("base64");
  res.set("Content-Security-Policy", hooks.contentSecurityPolicy(res.locals.cspNonce));
  const ownOrigin = process.env.APP_ORIGIN ?? `${req.protocol}://${req.get("host")}`;
  const headers = { origin: req.get("origin"), referer: req.get("referer"), secFetchSite: req.get("sec-fetch-site") };
  if (hooks.isCrossSiteWrite(req.method, headers, ownOrigin)) {
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("403 - Yêu cầu bị từ chối vì không xuất phát từ trang của hệ thống.");
    return;
  }
  next();
});

// Total request size per route, checked on Content-Length before any body is read (Node's
// parser never delivers more than Content-Length). Routes that take files get room for them;
// every other form gets 1 MB. (`.data` is Remix's single-fetch form of the same route.) A write body without a length (chunked) is refused.
const MB = 1024 * 1024;
const BODY_LIMITS = [
  [/^\/activities\/\d+\/result(\.data)?\/?$/, 10 * 5 * MB + MB], // up to 10 evidence photos of 5 MB
  [/^\/campaigns\/\d+\/documents(\.data)?\/?$/, 10 * MB + MB], // one source-document PDF of 10 MB
  [/^\/units\/import(\/run)?(\.data)?\/?$/, 5 * MB + MB], // a unit import file of 5 MB
  [/^\/results\/import\/facebook(\.data)?\/?$/, 13 * MB + MB], // a Facebook export of 10 MB, or its carried preview
];
const DEFAULT_BODY_LIMIT = MB;
export function bodyLimitFor(path) {
  for (const [pattern, limit] of BODY_LIMITS) if (pattern.test(path)) return limit;
  return DEFAULT_BODY_LIMIT;
}
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const length = req.get("content-length");
  const refuse = (status) => {
    res.set("Connection", "close");
    res.status(status).type("text/plain; charset=utf-8").send(`${status} - Yêu cầu gửi lên quá lớn hoặc không ghi rõ độ dài.`);
    req.resume();
  };
  if (length === undefined) {
    if (req.get("transfer-encoding")) return refuse(411);
    return next();
  }
  if (!/^\d+$/.test(length) || Number(length) > bodyLimitFor(req.path)) return refuse(413);
  next();
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: build.mode, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }) }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  console.log(`Sẵn sàng: http://localhost:${port}`);
});
// A client reusing an idle keep-alive connection just as the server closes it gets ECONNRESET for
// its request (the e2e suite met it when its process was busy past Node's 5 s default). Clients
// and reverse proxies keep idle connections up to ~60 s; the server outlasts them and says so in
// its Keep-Alive header, which Node's fetch follows.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let closing = false;
async function stop() {
  if (closing) return;
  closing = true;
  server.close();
  await hooks.shutdown();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
