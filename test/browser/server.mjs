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
  return async (ctx, next) => {
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
