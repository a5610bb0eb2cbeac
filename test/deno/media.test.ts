// Deno: media from bytes with the built package (issue 27). A mock Cloud API under Deno.serve on
// 127.0.0.1 receives Meta's documented multipart upload (messaging_product, type, file:
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media), then
// the send by id; createProxyHandler takes a page's multipart post and answers an endless body
// over maxUploadBytes with 413 after reading only past the cap.
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

declare const Deno: {
  serve(
    options: { port: number; hostname: string; signal: AbortSignal; onListen?: () => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { addr: { port: number }; finished: Promise<void> };
};

function png(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < n; i++) b[i] = (i * 7) & 0xff;
  return b;
}

/** A mock Cloud API: each request's path, headers and form, answered as Meta would. */
function mockMeta() {
  const seen: { path: string; auth: string | null; type: string | null; form?: FormData; json?: any }[] = [];
  const stop = new AbortController();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", signal: stop.signal, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const entry = { path, auth: req.headers.get("authorization"), type: req.headers.get("content-type") };
    if (path.endsWith("/media")) {
      seen.push({ ...entry, form: await req.formData() });
      return Response.json({ id: "1166846181421424" });
    }
    seen.push({ ...entry, json: await req.json() });
    return Response.json({ messages: [{ id: "wamid.D" }] });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, seen, close: () => (stop.abort(), server.finished) };
}

describe("deno: media from bytes", () => {
  it("uploads a Uint8Array with Meta's fields, then sends the image by id", async () => {
    const { whatsapp } = await import("../../dist/index.js");
    const { cloudApi } = await import("../../dist/providers/cloud-api.js");
    const { withMedia } = await import("../../dist/media.js");
    const meta = mockMeta();
    try {
      const wa = whatsapp({
        provider: withMedia(cloudApi({ accessToken: "T", phoneNumberId: "106540352242922", baseUrl: meta.url })),
      });
      const bytes = png(300_000);
      const res = await wa.image({ file: bytes, caption: "Deno" }).to("+31612345678");
      equal(res.id, "wamid.D");
      deepEqual(
        meta.seen.map((s) => s.path),
        ["/v23.0/106540352242922/media", "/v23.0/106540352242922/messages"],
      );
      const up = meta.seen[0]!;
      ok(/^multipart\/form-data; boundary=/.test(up.type ?? ""));
      equal(up.auth, "Bearer T");
      equal(up.form!.get("messaging_product"), "whatsapp");
      equal(up.form!.get("type"), "image/png");
      const file = up.form!.get("file") as File;
      equal(file.name, "image.png");
      deepEqual(new Uint8Array(await file.arrayBuffer()), bytes);
      deepEqual(meta.seen[1]!.json.image, { id: "1166846181421424", caption: "Deno" });
    } finally {
      await meta.close();
    }
  });

  it("createProxyHandler: a page's multipart post is uploaded with the server's key; an endless one is 413", async () => {
    const { whatsapp, proxy, createProxyHandler } = await import("../../dist/index.js");
    const { cloudApi } = await import("../../dist/providers/cloud-api.js");
    const { withMedia } = await import("../../dist/media.js");
    const meta = mockMeta();
    try {
      const handler = createProxyHandler({
        provider: withMedia(cloudApi({ accessToken: "server-key", phoneNumberId: "1", baseUrl: meta.url })),
        authorize: (r: Request) => r.headers.get("authorization") === "Bearer page",
        maxUploadBytes: 50_000,
      });
      const page = whatsapp({
        provider: withMedia(proxy({ url: "https://shop.example/api", headers: { authorization: "Bearer page" } })),
        fetch: (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init)),
      });
      const res = await page.image(new File([png(1000)], "a.png", { type: "image/png" })).to("+31612345678");
      equal(res.provider, "cloudApi");
      equal(meta.seen[0]!.auth, "Bearer server-key");

      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++;
          c.enqueue(new Uint8Array(4096));
        },
      });
      const over = await handler(
        new Request("https://shop.example/api", {
          method: "POST",
          headers: { authorization: "Bearer page", "content-type": "multipart/form-data; boundary=x" },
          body,
          duplex: "half",
        } as RequestInit),
      );
      equal(over.status, 413);
      ok(pulled <= 15, `read ${pulled} chunks of 4 KiB for a 50 000-byte cap`);
    } finally {
      await meta.close();
    }
  });
});
