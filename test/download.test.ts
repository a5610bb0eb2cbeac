// wa.download() on every runtime (Node, Deno, Chromium), through a stub fetch: the Cloud API's two
// steps for Meta's inbound image example, the size cap by Content-Length (nothing read) and while
// streaming (a Content-Length that lies), and a redirect to another origin that must not carry the
// token. Real local servers, and 360dialog and Twilio: test/node/download.test.ts. Fixtures and
// their sources: test/fixtures/conversation.ts.
import { cloudApi, isWaError, parseWebhook, whatsapp, type WaError, type WebhookMessageEvent } from "../src/index.ts";
import { withMedia } from "../src/media.ts";
import * as fx from "./fixtures/conversation.ts";
import { deepEqual, describe, equal, hasCode, it, match, ok, rejects } from "./harness.ts";

const TOKEN = "EAAGm0PX4ZCpsBAKstubToken";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const LOOKASIDE = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=2621233374848975&ext=1&hash=x";

type Seen = { url: string; auth: string | null; redirect: RequestRedirect | undefined };
function graph(bytes: (url: string) => Response) {
  const seen: Seen[] = [];
  let pulled = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const auth = new Headers(input instanceof Request ? input.headers : init?.headers).get("authorization");
    seen.push({ url, auth, redirect: init?.redirect });
    if (url.startsWith("https://graph.facebook.com/")) return Response.json({ ...fx.metaMediaUrl, url: LOOKASIDE });
    return bytes(url);
  };
  const stream = (chunks: number, size: number) =>
    new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled++ >= chunks) c.close();
        else c.enqueue(new Uint8Array(size));
      },
    });
  return { seen, fetch, stream, pulled: () => pulled };
}
/**
 * Reads a body to its end through its reader, which rejects with the stream's own error
 * (Chromium's `arrayBuffer()` turns any stream error into a TypeError "Failed to fetch").
 */
async function drain(res: Response): Promise<number> {
  const reader = res.body!.getReader();
  let n = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) n += r.value.byteLength;
  return n;
}
const media = () => {
  const [event] = parseWebhook(fx.metaInboundImage, { provider: "cloudApi" }) as WebhookMessageEvent[];
  ok(event?.message.type === "image");
  return event.message.media;
};

describe("wa.download(): Cloud API, on every runtime", () => {
  it("looks the media id up, then GETs the short-lived URL with the token, redirects by hand", async () => {
    const g = graph(() => new Response(PNG, { headers: { "content-type": "image/png" } }));
    const wa = whatsapp({
      provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922" })),
      fetch: g.fetch,
    });
    const res = await wa.download(media());
    equal(res.headers.get("content-type"), "image/png");
    deepEqual([...new Uint8Array(await res.arrayBuffer())], [...PNG]);
    equal(g.seen.length, 2);
    equal(g.seen[0]!.url, "https://graph.facebook.com/v23.0/2621233374848975");
    equal(g.seen[0]!.auth, `Bearer ${TOKEN}`);
    deepEqual(g.seen[1], { url: LOOKASIDE, auth: `Bearer ${TOKEN}`, redirect: "manual" });
  });

  it("refuses a 200 MB answer by its Content-Length without reading its body", async () => {
    const g = graph(
      () => new Response(g.stream(10, 1024), { headers: { "content-length": String(200 * 1024 * 1024) } }),
    );
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" })), fetch: g.fetch });
    const e = (await rejects(() => wa.download(media()), isWaError)) as WaError;
    equal(e.code, "VALIDATION");
    match(e.message, /209715200 bytes, over download\(\)'s maxBytes of 104857600/);
    ok(g.pulled() <= 1, `read ${g.pulled()} chunks`);
  });

  it("cuts a body whose Content-Length lies, once it passes maxBytes", async () => {
    const g = graph(() => new Response(g.stream(100, 1024), { headers: { "content-length": "10" } }));
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" })), fetch: g.fetch });
    const res = await wa.download(media(), { maxBytes: 4096 });
    const e = (await rejects(() => drain(res), isWaError)) as WaError;
    equal(e.code, "VALIDATION");
    ok(g.pulled() < 100, `read ${g.pulled()} chunks`);
  });

  it("a redirect to another origin gets no token; the answer is the final one", async () => {
    const g = graph((url) =>
      url === LOOKASIDE
        ? new Response(null, { status: 302, headers: { location: "https://cdn.example.net/f.png" } })
        : new Response(PNG, { headers: { "content-type": "image/png" } }),
    );
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" })), fetch: g.fetch });
    equal((await (await wa.download(media())).arrayBuffer()).byteLength, PNG.byteLength);
    deepEqual(g.seen[2], { url: "https://cdn.example.net/f.png", auth: null, redirect: "manual" });
  });

  it("a body that breaks off, or an abort while streaming, errors with a WaError, never the runtime's", async () => {
    const broken = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array(10));
        },
        pull(c) {
          c.error(new TypeError("terminated"));
        },
      });
    const g = graph(() => new Response(broken(), { headers: { "content-type": "image/png" } }));
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" })), fetch: g.fetch });
    const res = await wa.download(media());
    await rejects(() => drain(res), hasCode("NETWORK", /broke off after 10 bytes/));
    // Bytes that never end: only the abort, reaching them through the fetch's signal, stops them.
    const controller = new AbortController();
    const endless = graph(() => new Response(null));
    const aborting = async (input: RequestInfo | URL, init?: RequestInit) => {
      const answer = await endless.fetch(input, init);
      if ((input instanceof Request ? input.url : String(input)).startsWith("https://graph.facebook.com/"))
        return answer;
      return new Response(
        new ReadableStream<Uint8Array>({
          start: (c) => init?.signal?.addEventListener("abort", () => c.error(init.signal!.reason)),
        }),
      );
    };
    const wb = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" })), fetch: aborting });
    const streaming = await wb.download(media(), { signal: controller.signal });
    const read = drain(streaming);
    controller.abort();
    await rejects(() => read, hasCode("ABORTED", /aborted/));
  });
});
