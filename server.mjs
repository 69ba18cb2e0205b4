// Production server: Express in front of the compiled Remix app (build/).
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

installGlobals({ nativeFetch: true });

const build = await import("./build/index.js");
const hooks = build.entry.module.serverHooks;
await hooks.bootstrap();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1");
app.use(compression());

app.use((req, res, next) => {
  res.set(hooks.SECURITY_HEADERS);
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

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: build.mode }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  console.log(`Sẵn sàng: http://localhost:${port}`);
});

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
