// workerd cases for media from bytes (issue 27): a worker bundled from the package as wrangler
// does ("wafluent", "wafluent/media" through package.json exports) uploads a 1 MB PNG from a
// Uint8Array through a mock Cloud API (Meta's multipart fields: messaging_product, type, file;
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media), then
// sends it by id; the same worker serves createProxyHandler, which takes a page's multipart post
// (withMedia(proxy())), refuses one over maxUploadBytes with 413 inside workerd's own request
// handling (declared or counted), and uploads with the worker's key.
import { Log, LogLevel, Miniflare } from "miniflare";
import { whatsapp, proxy } from "../../dist/index.js";
import { withMedia } from "../../dist/media.js";
import { bundleWorker, caseList, mockUpstream } from "./worker-harness.mjs";

const WORKER = `
import { whatsapp, createProxyHandler } from "wafluent";
import { cloudApi } from "wafluent/providers/cloud-api";
import { withMedia } from "wafluent/media";
export default {
  async fetch(request, env) {
    const provider = withMedia(cloudApi({ accessToken: env.META_TOKEN, phoneNumberId: "106540352242922", baseUrl: env.META_URL }));
    if (new URL(request.url).pathname === "/send") {
      const png = new Uint8Array(await request.arrayBuffer());
      return Response.json(await whatsapp({ provider }).image(png).to("+31612345678"));
    }
    const handler = createProxyHandler({ provider, authorize: (r) => r.headers.get("authorization") === "Bearer page", maxUploadBytes: 64 * 1024 });
    if (new URL(request.url).pathname === "/endless") {
      // An endless body without a declared length, handed to the handler inside workerd.
      let pulled = 0;
      const body = new ReadableStream({ pull(c) { pulled++; c.enqueue(new Uint8Array(8192)); } });
      const res = await handler(new Request("https://shop.example/api/whatsapp", {
        method: "POST", headers: { authorization: "Bearer page", "content-type": "multipart/form-data; boundary=x" }, body, duplex: "half",
      }));
      return Response.json({ status: res.status, pulled });
    }
    return handler(request);
  },
};`;

function png(n) {
  const b = new Uint8Array(n);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < n; i++) b[i] = (i * 31) & 0xff;
  return b;
}

export async function run() {
  const { cases, check, attempt } = caseList();
  const script = await bundleWorker(WORKER, "media-worker.js");
  // A mock Cloud API: an upload answers its id, a send its wamid.
  const meta = await mockUpstream((req) => ({
    status: 200,
    body: req.url.endsWith("/media") ? { id: "1166846181421424" } : { messages: [{ id: "wamid.W" }] },
  }));
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-01-01",
    bindings: { META_TOKEN: "EAAG-worker-key", META_URL: meta.url },
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  const url = String(await mf.ready);
  try {
    await attempt(
      "workerd: a Worker uploads a 1 MB PNG from a Uint8Array, then sends it by id (one upload, one send)",
      async () => {
        const bytes = png(1024 * 1024);
        const r0 = await fetch(`${url}send`, { method: "POST", body: bytes });
        const res = await r0.json();
        const [up, send] = meta.seen;
        check(
          "workerd: a Worker uploads a 1 MB PNG from a Uint8Array, then sends it by id (one upload, one send)",
          meta.seen.length === 2 &&
            up.url === "/v23.0/106540352242922/media" &&
            /^multipart\/form-data; boundary=/.test(up.headers["content-type"]) &&
            up.raw.includes(Buffer.from(bytes)) &&
            up.raw.includes(Buffer.from('name="messaging_product"\r\n\r\nwhatsapp')) &&
            up.raw.includes(Buffer.from('name="type"\r\n\r\nimage/png')) &&
            send.url === "/v23.0/106540352242922/messages" &&
            JSON.parse(send.raw.toString()).image.id === "1166846181421424" &&
            res.id === "wamid.W" &&
            res.uploads[0].bytes === 1024 * 1024,
          { seen: meta.seen.map((s) => s.url), res },
        );
      },
    );

    await attempt(
      "workerd: createProxyHandler takes a page's multipart post and uploads with the worker's key",
      async () => {
        meta.seen.length = 0;
        const page = whatsapp({ provider: withMedia(proxy({ url, headers: { authorization: "Bearer page" } })) });
        const res = await page.image(new File([png(2000)], "shop.png", { type: "image/png" })).to("+31612345678");
        check(
          "workerd: createProxyHandler takes a page's multipart post and uploads with the worker's key",
          res.id === "wamid.W" &&
            res.provider === "cloudApi" &&
            meta.seen.length === 2 &&
            meta.seen[0].headers.authorization === "Bearer EAAG-worker-key" &&
            meta.seen[0].raw.includes(Buffer.from('filename="shop.png"')),
          { res, seen: meta.seen.map((s) => s.url) },
        );
      },
    );

    await attempt(
      "workerd: a page's bulk send of one file through createProxyHandler uploads it once, then sends by id",
      async () => {
        meta.seen.length = 0;
        const page = whatsapp({ provider: withMedia(proxy({ url, headers: { authorization: "Bearer page" } })) });
        const to = ["+31612345678", "+31612345679", "+31612345670"];
        const results = await page.image(new File([png(3000)], "flyer.png", { type: "image/png" })).to(to);
        const urls = meta.seen.map((s) => s.url);
        check(
          "workerd: a page's bulk send of one file through createProxyHandler uploads it once, then sends by id",
          results.every((r) => r.ok) &&
            urls.filter((u) => u.endsWith("/media")).length === 1 &&
            urls.filter((u) => u.endsWith("/messages")).length === 3 &&
            meta.seen
              .filter((s) => s.url.endsWith("/messages"))
              .every((s) => JSON.parse(s.raw.toString()).image.id === "1166846181421424"),
          { urls, results: results.map((r) => r.ok) },
        );
      },
    );

    await attempt(
      "workerd: a multipart post over maxUploadBytes is 413 (declared, and counted while reading)",
      async () => {
        meta.seen.length = 0;
        const form = new FormData();
        form.append("message", JSON.stringify({ to: "+31612345678", type: "image", media: [{ id: "upload:0" }] }));
        form.append("file0", new Blob([png(100 * 1024)], { type: "image/png" }), "big.png");
        // (Through miniflare's dispatchFetch: an HTTP client whose upload is cut by an early answer
        // reports a network error instead of the 413.)
        const encoded = new Request(url, { method: "POST", headers: { authorization: "Bearer page" }, body: form });
        const bytes = new Uint8Array(await encoded.arrayBuffer());
        const headers = { "content-type": encoded.headers.get("content-type"), "content-length": String(bytes.length) };
        const declared = await mf.dispatchFetch(url, {
          method: "POST",
          headers: { ...headers, authorization: "Bearer page" },
          body: bytes,
        });
        // No declared length: an endless stream, read only until the count passes the cap.
        const counted = await (await mf.dispatchFetch(`${url}endless`)).json();
        const unauthorized = await mf.dispatchFetch(url, { method: "POST", headers, body: bytes });
        check(
          "workerd: a multipart post over maxUploadBytes is 413 (declared, and counted while reading)",
          declared.status === 413 &&
            counted.status === 413 &&
            counted.pulled <= 10 &&
            unauthorized.status === 401 &&
            meta.seen.length === 0,
          { declared: declared.status, counted, unauthorized: unauthorized.status },
        );
      },
    );
  } finally {
    await mf.dispose();
    await meta.close();
  }
  return cases;
}
