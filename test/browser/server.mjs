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
  // Media from bytes (test/browser/media.test.ts): proxy handlers whose providers (Cloud API, and
  // Bird's pre-signed upload) upload to a mock on 127.0.0.1, which records what it received.
  let media;
  const loadMedia = async () => {
    if (!media) {
      const { createServer } = await import("node:http");
      const { createProxyHandler, PROXY_BROWSER_OPTIONS } = await import("../../dist/index.js");
      const { cloudApi } = await import("../../dist/providers/cloud-api.js");
      const { bird } = await import("../../dist/providers/bird.js");
      const { withMedia } = await import("../../dist/media.js");
      const seen = [];
      let base = "";
      const fileOf = async (entry, body) => {
        const form = await new Request("http://mock.invalid/", {
          method: "POST",
          headers: { "content-type": entry.type },
          body,
        }).formData();
        const file = form.get("file");
        const bytes = new Uint8Array(await file.arrayBuffer());
        const sum = bytes.reduce((a, b) => (a + b) % 65521, 0);
        return { form, file: { name: file.name, type: file.type, size: file.size, sum } };
      };
      const answer = async (req, body) => {
        const entry = { url: req.url, authorization: req.headers.authorization, type: req.headers["content-type"] };
        seen.push(entry);
        if (req.url.endsWith("/media")) {
          const { form, file } = await fileOf(entry, body);
          entry.fields = { messaging_product: form.get("messaging_product"), type: form.get("type") };
          entry.file = file;
          return [200, { id: "1166846181421424" }];
        }
        if (req.url === "/bucket") {
          const { form, file } = await fileOf(entry, body);
          entry.fields = [...form.keys()];
          entry.file = file;
          return [204];
        }
        entry.json = JSON.parse(body.toString("utf8"));
        if (req.url.endsWith("/presigned-upload"))
          return [
            200,
            {
              mediaUrl:
                "https://media.api.bird.com/workspaces/a1405560-c8d3-4b1a-877d-3f449ad95352/conversations/02ec2ac2-ebec-42d3-a5f4-e6f3a9edf418/media/e867a2ac-2df5-40be-a5d4-e452d7156048",
              uploadUrl: `${base}/bucket`,
              uploadMethod: "POST",
              uploadFormData: { "Content-Type": entry.json.contentType, acl: "private", key: "k/e867a2ac" },
            },
          ];
        if (req.url.includes("/channels/"))
          return [202, { id: "6f6e4d0e-8d0f-4b7a-9c3e-2a1b0c9d8e7f", status: "accepted" }];
        return [200, { messages: [{ id: "wamid.C" }] }];
      };
      const mock = createServer((req, res) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", async () => {
          const [status, json] = await answer(req, Buffer.concat(chunks));
          res.writeHead(status, json === undefined ? {} : { "content-type": "application/json" });
          res.end(json === undefined ? undefined : JSON.stringify(json));
        });
      });
      await new Promise((resolve) => mock.listen(0, "127.0.0.1", resolve));
      mock.unref();
      base = `http://127.0.0.1:${mock.address().port}`;
      const authorize = (req) => req.headers.get("authorization") === "Bearer demo-token";
      const handler = createProxyHandler({
        provider: withMedia(
          cloudApi({ accessToken: "EAAG-server-key", phoneNumberId: "106540352242922", baseUrl: base }),
        ),
        authorize,
      });
      // Bird's upload belongs to a conversation: its id is a browser option this server allows.
      const birdHandler = createProxyHandler({
        provider: withMedia(
          bird({
            accessKey: "bird-server-key",
            workspaceId: "a1405560-c8d3-4b1a-877d-3f449ad95352",
            channelId: "cb4b1ebc-34e6-5a7a-a375-f6f2f131d88f",
            baseUrl: base,
          }),
        ),
        authorize,
        allowOptions: { bird: [...PROXY_BROWSER_OPTIONS.bird, "conversationId"] },
      });
      media = { seen, listener: toNodeListener(handler), bird: toNodeListener(birdHandler) };
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
    if (ctx.path === "/api/whatsapp-bird") {
      const { bird } = await loadMedia();
      ctx.respond = false;
      await bird(ctx.req, ctx.res);
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
