// The Chromium suite's server side, plugged into @web/test-runner's dev server (Node): the
// proxy handler the browser tests post to, with the sandbox provider, plus two test-only routes.
import { readFile } from "node:fs/promises";
import { toNodeListener } from "../../demo/serve-fetch.mjs";

/** Koa middleware for web-test-runner.config.mjs. The built package is loaded on first use. */
export function proxyMiddleware() {
  let state;
  const load = async () => {
    if (!state) {
      const { createProxyHandler, sandbox } = await import("../../dist/index.js");
      const box = sandbox();
      const handler = createProxyHandler({
        provider: box,
        authorize: (req) => req.headers.get("authorization") === "Bearer demo-token",
      });
      state = { box, listener: toNodeListener(handler) };
    }
    return state;
  };
  // Media from bytes (test/browser/media.test.ts): a proxy handler whose provider uploads to a mock
  // Cloud API on 127.0.0.1, which records what it received.
  let media;
  const loadMedia = async () => {
    if (!media) {
      const { createServer } = await import("node:http");
      const { createProxyHandler } = await import("../../dist/index.js");
      const { cloudApi } = await import("../../dist/providers/cloud-api.js");
      const { withUploads } = await import("../../dist/media.js");
      const seen = [];
      const mock = createServer((req, res) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", async () => {
          const body = Buffer.concat(chunks);
          const entry = { url: req.url, authorization: req.headers.authorization, type: req.headers["content-type"] };
          if (req.url.endsWith("/media")) {
            const form = await new Request("http://mock.invalid/", {
              method: "POST",
              headers: { "content-type": entry.type },
              body,
            }).formData();
            const file = form.get("file");
            const bytes = new Uint8Array(await file.arrayBuffer());
            Object.assign(entry, {
              fields: { messaging_product: form.get("messaging_product"), type: form.get("type") },
              file: {
                name: file.name,
                type: file.type,
                size: file.size,
                sum: bytes.reduce((a, b) => (a + b) % 65521, 0),
              },
            });
          } else entry.json = JSON.parse(body.toString("utf8"));
          seen.push(entry);
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify(req.url.endsWith("/media") ? { id: "1166846181421424" } : { messages: [{ id: "wamid.C" }] }),
          );
        });
      });
      await new Promise((resolve) => mock.listen(0, "127.0.0.1", resolve));
      mock.unref();
      const handler = createProxyHandler({
        provider: withUploads(
          cloudApi({
            accessToken: "EAAG-server-key",
            phoneNumberId: "106540352242922",
            baseUrl: `http://127.0.0.1:${mock.address().port}`,
          }),
        ),
        authorize: (req) => req.headers.get("authorization") === "Bearer demo-token",
      });
      media = { seen, listener: toNodeListener(handler) };
    }
    return media;
  };
  return async (ctx, next) => {
    if (ctx.path === "/api/whatsapp-media") {
      const { listener } = await loadMedia();
      ctx.respond = false;
      await listener(ctx.req, ctx.res);
      return;
    }
    if (ctx.path === "/api/test/media-seen") {
      const { seen } = await loadMedia();
      ctx.type = "json";
      ctx.body = JSON.stringify(seen.splice(0));
      return;
    }
    if (ctx.path === "/api/whatsapp") {
      const { listener } = await load();
      ctx.respond = false; // the fetch handler writes the answer itself
      await listener(ctx.req, ctx.res);
      return;
    }
    if (ctx.path === "/api/test/sent") {
      const { box } = await load();
      if (ctx.method === "DELETE") box.reset();
      ctx.type = "json";
      ctx.body = JSON.stringify(box.sent);
      return;
    }
    if (ctx.path === "/api/test/redirect") {
      // A 307 to the real proxy: the browser must not follow it (test/browser/redirect.test.ts).
      ctx.status = 307;
      ctx.set("location", "/api/whatsapp");
      return;
    }
    if (ctx.path === "/api/test/example") {
      // Examples as text, untouched by the dev server's bare-import rewriting.
      const name = String(ctx.query.name ?? "");
      if (!/^[a-z-]+\.(js|html|ts)$/.test(name)) return void (ctx.status = 400);
      ctx.type = "text/plain";
      ctx.body = await readFile(new URL(`../../examples/${name}`, import.meta.url), "utf8");
      return;
    }
    return next();
  };
}
