// wa.download() against real local servers (127.0.0.1): the Cloud API's two steps (GET /{media-id}
// with the token → a short-lived URL → GET it with the token) for an inbound image parsed from
// Meta's webhook example; a 200 MB answer refused by its Content-Length before any byte is read; a
// chunked body with no length cut at maxBytes; a redirect to another 127.0.0.1 port
// (another origin) that must not get the token, and one on the same origin that keeps it;
// 360dialog's host swap, Twilio's Basic auth and Bird's key on their own hosts only. Fixtures:
// test/fixtures/conversation.ts (sources in their headers).
import { describe, it, after } from "node:test";
import { deepEqual, equal, hasCode, match, ok, rejects } from "../harness.ts";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  bik,
  bird,
  cloudApi,
  dialog360,
  isProviderError,
  isWaError,
  parseWebhook,
  twilio,
  whatsapp,
  type WaError,
  type WebhookMessageEvent,
} from "../../src/index.ts";
import { withMedia } from "../../src/media.ts";
import * as fx from "../fixtures/conversation.ts";

const TOKEN = "EAAGm0PX4ZCpsBAKdownloadToken";
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

type Seen = { url: string; auth: string | undefined; key: string | undefined };
async function serve(route: (req: IncomingMessage, res: ServerResponse, base: string) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({
      url: req.url ?? "",
      auth: req.headers.authorization,
      key: req.headers["d360-api-key"] as string | undefined,
    });
    res.on("error", () => {});
    route(req, res, base);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { base, seen };
}

/** Meta's Graph API: the media lookup, and the bytes behind the URL it answers. */
async function graph(bytes: (req: IncomingMessage, res: ServerResponse) => void) {
  return serve((req, res, base) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { message: "Invalid OAuth access token.", code: 190 } }));
    }
    const lookup = /^\/v23\.0\/(\d+)$/.exec(req.url ?? "");
    if (lookup) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({ ...fx.metaMediaUrl, id: lookup[1], url: `${base}/lookaside/${lookup[1]}?ext=1&hash=abc` }),
      );
    }
    bytes(req, res);
  });
}

const imageEvent = () => {
  const [event] = parseWebhook(fx.metaInboundImage, { provider: "cloudApi" }) as WebhookMessageEvent[];
  ok(event && event.message.type === "image");
  return event.message.media;
};

describe("wa.download(): the Cloud API's two steps, from real local servers", () => {
  it("downloads an inbound image: GET /{media-id} with the token, then its URL with the token", async () => {
    const { base, seen } = await graph((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(JPEG.byteLength) });
      res.end(JPEG);
    });
    const wa = whatsapp({
      provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922", baseUrl: base })),
    });
    const media = imageEvent();
    equal(media.id, "2621233374848975");
    const res = await wa.download(media);
    equal(res.headers.get("content-type"), "image/jpeg");
    equal(res.headers.get("content-length"), String(JPEG.byteLength));
    deepEqual([...new Uint8Array(await res.arrayBuffer())], [...JPEG]);
    deepEqual(
      seen.map((s) => [s.url, s.auth]),
      [
        ["/v23.0/2621233374848975", `Bearer ${TOKEN}`],
        ["/lookaside/2621233374848975?ext=1&hash=abc", `Bearer ${TOKEN}`],
      ],
    );
  });

  it("refuses a 200 MB image by its Content-Length before reading a byte, with a clear error", async () => {
    const { base } = await graph((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(200 * 1024 * 1024) });
      res.write(new Uint8Array(64 * 1024));
    });
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1", baseUrl: base })) });
    const e = (await rejects(() => wa.download(imageEvent()), isWaError)) as WaError;
    equal(e.code, "VALIDATION");
    match(e.message, /209715200 bytes, over download\(\)'s maxBytes of 104857600 \(100\.0 MiB\)/);
    match(e.message, /maxBytes/);
    ok(!e.message.includes(TOKEN));
  });

  it("cuts a chunked body (no Content-Length) that grows past maxBytes while streaming", async () => {
    const { base } = await graph((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg" });
      for (let i = 0; i < 3; i++) res.write(new Uint8Array(64 * 1024));
      res.end();
    });
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1", baseUrl: base })) });
    const res = await wa.download({ id: "1" }, { maxBytes: 100_000 });
    const e = (await rejects(() => res.arrayBuffer(), isWaError)) as WaError;
    equal(e.code, "VALIDATION");
    match(e.message, /more than 100000 bytes/);
  });

  it("a redirect to another 127.0.0.1 port does not get the token; one on the same origin keeps it", async () => {
    const other = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(JPEG);
    });
    const { base, seen } = await graph((req, res) => {
      if (req.url?.startsWith("/lookaside/")) {
        res.writeHead(302, { location: "/moved/here" });
        return res.end();
      }
      res.writeHead(307, { location: `${other.base}/storage/img.jpg` });
      res.end();
    });
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1", baseUrl: base })) });
    const res = await wa.download({ id: "7" });
    deepEqual([...new Uint8Array(await res.arrayBuffer())], [...JPEG]);
    deepEqual(
      seen.map((s) => [s.url, s.auth]),
      [
        ["/v23.0/7", `Bearer ${TOKEN}`],
        ["/lookaside/7?ext=1&hash=abc", `Bearer ${TOKEN}`],
        ["/moved/here", `Bearer ${TOKEN}`],
      ],
    );
    deepEqual(other.seen, [{ url: "/storage/img.jpg", auth: undefined, key: undefined }]);
  });

  it("an expired URL is a ProviderError; an answer that never starts is a TIMEOUT; a bad token is AUTH, redacted", async () => {
    const { base } = await graph((req, res) => {
      if (req.url?.includes("/lookaside/404")) {
        res.writeHead(404);
        return res.end();
      }
      // never answers the headers
    });
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1", baseUrl: base })) });
    const expired = (await rejects(() => wa.download({ id: "404" }), isProviderError)) as WaError;
    match(expired.message, /404.*expired/);
    const slow = (await rejects(() => wa.download({ id: "5" }, { timeout: 100 }), isWaError)) as WaError;
    equal(slow.code, "TIMEOUT");
    const wrong = whatsapp({
      provider: withMedia(cloudApi({ accessToken: "EAAwrongTokenForTheTest1", phoneNumberId: "1", baseUrl: base })),
      retry: 0,
    });
    const e = (await rejects(() => wrong.download({ id: "5" }), isProviderError)) as WaError;
    equal(e.code, "AUTH");
    ok(!JSON.stringify(e).includes("EAAwrongTokenForTheTest1"));
  });

  it("refuses media without an id, bad options, and providers without downloads, before any I/O", async () => {
    const { base, seen } = await graph(() => {});
    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "1", baseUrl: base })) });
    // Called as plain JavaScript would: the types refuse these, the runtime must too.
    const download = wa.download as (media: unknown, options?: unknown) => Promise<Response>;
    for (const bad of [undefined, {}, { url: "https://example.com/x.jpg" }])
      equal(((await rejects(() => download(bad), isWaError)) as WaError).code, "VALIDATION");
    for (const options of [{ maxBytes: 0 }, { maxBytes: Number.NaN }, { timeout: -1 }, { max: 1 }])
      equal(((await rejects(() => download({ id: "1" }, options), isWaError)) as WaError).code, "CONFIG");
    const b = whatsapp({ provider: withMedia(bik({ authToken: "bik-token-0123456789" })) });
    await rejects(
      () => b.download({ url: `${base}/x` }),
      hasCode("UNSUPPORTED", /bik cannot send media downloads .*Bik's documentation gives no endpoint/),
    );
    // The download comes with withMedia(): a provider without it names the fix.
    const plain = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1", baseUrl: base }) });
    await rejects(
      () => plain.download({ id: "1" }),
      hasCode("UNSUPPORTED", /withMedia\(provider\) from "wafluent\/media"/),
    );
    equal(seen.length, 0);
  });
});

describe("wa.download(): 360dialog and Twilio", () => {
  it("360dialog: the lookup on its host, then Meta's URL's path and query on its host, with the key", async () => {
    const { base, seen } = await serve((req, res) => {
      if (req.url === "/2621233374848975") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(
          JSON.stringify({
            ...fx.metaMediaUrl,
            url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3",
          }),
        );
      }
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(JPEG);
    });
    const wa = whatsapp({ provider: withMedia(dialog360({ apiKey: "d360-key-Kx7pQ2mV9sL4", baseUrl: base })) });
    const res = await wa.download(imageEvent());
    equal((await res.arrayBuffer()).byteLength, JPEG.byteLength);
    deepEqual(
      seen.map((s) => [s.url, s.key]),
      [
        ["/2621233374848975", "d360-key-Kx7pQ2mV9sL4"],
        ["/whatsapp_business/attachments/?mid=1&ext=2&hash=3", "d360-key-Kx7pQ2mV9sL4"],
      ],
    );
  });

  it("Twilio: Basic auth to its own host; the storage host it redirects to gets none", async () => {
    const storage = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(JPEG);
    });
    const api = await serve((_req, res) => {
      res.writeHead(307, { location: `${storage.base}/bucket/ME1` });
      res.end();
    });
    const sid = `AC${"1".repeat(32)}`;
    const wa = whatsapp({
      provider: withMedia(
        twilio({ accountSid: sid, authToken: "t".repeat(32), from: "+15005550006", baseUrl: api.base }),
      ),
    });
    const url = `${api.base}/2010-04-01/Accounts/${sid}/Messages/MM1/Media/ME1`;
    equal((await (await wa.download({ url })).arrayBuffer()).byteLength, JPEG.byteLength);
    ok(api.seen[0]!.auth?.startsWith("Basic "));
    equal(storage.seen[0]!.auth, undefined);
    // A media URL on another host never gets the credential.
    await wa.download({ url: `${storage.base}/elsewhere` });
    equal(storage.seen[1]!.auth, undefined);
  });

  it("Bird: its access key to Bird's own host (baseUrl's here) only; a media URL elsewhere gets none", async () => {
    const elsewhere = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(JPEG);
    });
    const api = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(JPEG);
    });
    const uuid = "123e4567-e89b-12d3-a456-426614174000";
    const wa = whatsapp({
      provider: withMedia(
        bird({ accessKey: "bird-key-0123456789", workspaceId: uuid, channelId: uuid, baseUrl: api.base }),
      ),
    });
    equal((await (await wa.download({ url: `${api.base}/media/1` })).arrayBuffer()).byteLength, JPEG.byteLength);
    equal(api.seen[0]!.auth, "AccessKey bird-key-0123456789");
    equal((await (await wa.download({ url: `${elsewhere.base}/media/2` })).arrayBuffer()).byteLength, JPEG.byteLength);
    equal(elsewhere.seen[0]!.auth, undefined);
  });
});
