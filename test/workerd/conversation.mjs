// workerd cases for the conversation around a message (issue 27, parts 3–5): a worker (bundled
// from the package as a user's bundler would, with wafluent/media for the download) parses Meta's inbound image webhook, reads the business number it
// was sent to, answers from that number through whatsapp({ numbers }) with a typing indicator,
// downloads the image through the Cloud API's two steps from a local mock Graph API, is refused a
// 200 MB one by its Content-Length, and follows a redirect to another 127.0.0.1 port, which must
// not get the token. Fixtures: test/fixtures/conversation.ts (sources in their headers).
import { createServer } from "node:http";
import { Log, LogLevel, Miniflare } from "miniflare";
import { bundleWorker, caseList } from "./worker-harness.mjs";

const TOKEN = "EAAGm0PX4ZCpsBAKworkerdToken";
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9]);

/** A local server recording each request's path and Authorization header. */
async function serve(route) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push([req.method, req.url, req.headers.authorization ?? null]);
    res.on("error", () => {});
    req.resume();
    req.on("end", () => route(req, res));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}`, seen, server };
}

const WORKER = `
import { whatsapp, cloudApi, parseWebhook } from "wafluent";
import { withMedia } from "wafluent/media";
const TOKEN = ${JSON.stringify(TOKEN)};
const safe = async (f) => { try { return await f(); } catch (e) { return { error: e.code, message: e.message }; } };
export default {
  async fetch(request) {
    const { base, body } = await request.json();
    const at = (id) => withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: id, baseUrl: base }));
    const wa = whatsapp({ provider: at("1"), numbers: { "106540352242922": at("106540352242922") } });
    const [event] = parseWebhook(body, { provider: "cloudApi" });
    const out = { business: event.business };
    out.typing = await safe(() => wa.typing(event));
    out.image = await safe(async () => {
      const res = await wa.download(event.message.media);
      return { type: res.headers.get("content-type"), bytes: [...new Uint8Array(await res.arrayBuffer())] };
    });
    out.big = await safe(() => wa.download({ id: "200" }));
    out.moved = await safe(async () => (await (await wa.download({ id: "302" })).arrayBuffer()).byteLength);
    return Response.json(out);
  },
};`;

export async function run() {
  const { cases, check, attempt } = caseList();
  const { metaInboundImage } = await import("../fixtures/conversation.ts");
  const storage = await serve((_req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg" });
    res.end(JPEG);
  });
  const graph = await serve((req, res) => {
    if (req.method === "POST") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ success: true }));
    }
    const lookup = /^\/v23\.0\/(\d+)$/.exec(req.url);
    if (lookup) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({ id: lookup[1], mime_type: "image/jpeg", url: `${graph.base}/lookaside/${lookup[1]}` }),
      );
    }
    if (req.url === "/lookaside/200") {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(200 * 1024 * 1024) });
      return res.write(Buffer.alloc(1024));
    }
    if (req.url === "/lookaside/302") {
      res.writeHead(302, { location: `${storage.base}/bucket/img.jpg` });
      return res.end();
    }
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(JPEG.length) });
    res.end(JPEG);
  });
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(WORKER, "conversation-worker.js"),
    compatibilityDate: "2026-01-01",
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  try {
    await mf.ready;
    await attempt("conversation in workerd", async () => {
      const res = await mf.dispatchFetch("http://localhost/", {
        method: "POST",
        body: JSON.stringify({ base: graph.base, body: metaInboundImage }),
      });
      const out = await res.json();
      check(
        "workerd: the event names its business number",
        out.business?.id === "106540352242922" && out.business?.phone === "+15550783881",
        out.business,
      );
      check(
        "workerd: typing goes through the transport from the number written to",
        out.typing?.status === "accepted" &&
          graph.seen.some(
            ([m, u, a]) => m === "POST" && u === "/v23.0/106540352242922/messages" && a === `Bearer ${TOKEN}`,
          ),
        { typing: out.typing, seen: graph.seen },
      );
      check(
        "workerd: downloads the inbound image through the two steps, with the token",
        out.image?.type === "image/jpeg" &&
          JSON.stringify(out.image.bytes) === JSON.stringify([...JPEG]) &&
          graph.seen.some(([, u, a]) => u === "/v23.0/2621233374848975" && a === `Bearer ${TOKEN}`) &&
          graph.seen.some(([, u, a]) => u === "/lookaside/2621233374848975" && a === `Bearer ${TOKEN}`),
        out.image,
      );
      check(
        "workerd: a 200 MB image is refused by its Content-Length",
        out.big?.error === "VALIDATION" && /209715200 bytes, over download\(\)'s maxBytes/.test(out.big.message),
        out.big,
      );
      check(
        "workerd: a redirect to another 127.0.0.1 port gets no token",
        out.moved === JPEG.length && storage.seen.length === 1 && storage.seen[0][2] === null,
        { moved: out.moved, storage: storage.seen },
      );
    });
  } finally {
    await mf.dispose();
    for (const s of [graph, storage]) {
      s.server.closeAllConnections();
      s.server.close();
    }
  }
  return cases;
}
