// createWebhookHandler hardening: a capped body read (413) before the signature is computed, a
// read deadline (408), headers checked before any body byte is read, the hub.challenge echo as
// nosniff plain text, and option types checked at creation.
import { describe, it, ok, equal, throws, match } from "../harness.ts";
import { createWebhookHandler, verifyWebhook, isWaError, type WebhookHandlerOptions } from "../../src/index.ts";

const enc = new TextEncoder();
const SECRET = "app-secret";
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
async function metaSignature(body: Uint8Array<ArrayBuffer> | string, secret = SECRET) {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return "sha256=" + hex(await crypto.subtle.sign("HMAC", key, typeof body === "string" ? enc.encode(body) : body));
}
const FORGED = "sha256=" + "ab".repeat(32); // well formed, wrong

/** A body of `total` bytes in 64 KiB chunks, produced on demand; `state.pulled` counts the bytes handed out. */
function generated(total: number) {
  const state = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (state.pulled >= total) return c.close();
        const n = Math.min(chunk.byteLength, total - state.pulled);
        state.pulled += n;
        c.enqueue(chunk.slice(0, n));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  ); // nothing is produced before someone reads
  return { stream, state };
}

/** A body that sends a little and then never ends. */
function endless() {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => c.enqueue(enc.encode('{"entry":')),
    pull: () => new Promise<void>(() => {}),
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

const post = (body: BodyInit, headers: Record<string, string>) =>
  new Request("https://hooks.example.com/meta", { method: "POST", headers, body, duplex: "half" } as RequestInit);

/** Fails the test instead of hanging it when the handler never answers (a guard, not a timing check). */
async function answered(p: Promise<Response>): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the handler never answered")), 30_000);
  });
  try {
    return await Promise.race([p, guard]);
  } finally {
    clearTimeout(timer);
  }
}

const metaBody = JSON.stringify({
  object: "whatsapp_business_account",
  entry: [
    {
      changes: [
        {
          field: "messages",
          value: {
            messages: [
              { from: "31612345678", id: "wamid.1", timestamp: "1700000000", type: "text", text: { body: "hi" } },
            ],
          },
        },
      ],
    },
  ],
});

describe("createWebhookHandler: body limit and deadline", () => {
  it("a forged but well-formed signature and an 8 MB body → 413 after about 1 MiB read (default maxBodyBytes), not 401 after all of it", async () => {
    const handler = createWebhookHandler({ provider: "cloudApi", secret: SECRET });
    const { stream, state } = generated(8 * 1024 * 1024);
    const res = await answered(
      handler(post(stream, { "x-hub-signature-256": FORGED, "content-type": "application/json" })),
    );
    equal(res.status, 413);
    match(await res.text(), /1048576 bytes/);
    ok(state.pulled <= 1024 * 1024 + 2 * 64 * 1024, `read ${state.pulled} bytes`);
    ok(state.cancelled, "the rest of the body was cancelled");
  });

  it("a declared Content-Length over the cap → 413 without reading a byte", async () => {
    const handler = createWebhookHandler({ provider: "cloudApi", secret: SECRET, maxBodyBytes: 1000 });
    const { stream, state } = generated(5000);
    const res = await handler(post(stream, { "x-hub-signature-256": FORGED, "content-length": "5000" }));
    equal(res.status, 413);
    equal(state.pulled, 0);
  });

  it("maxBodyBytes is exact: a correctly signed body of maxBodyBytes passes, one byte more is 413", async () => {
    const got: string[] = [];
    const body = metaBody.padEnd(1000, " ");
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: SECRET,
      maxBodyBytes: 1000,
      onMessage: (e) => void got.push(e.id),
    });
    equal((await handler(post(body, { "x-hub-signature-256": await metaSignature(body) }))).status, 200);
    const over = body + " ";
    equal((await handler(post(over, { "x-hub-signature-256": await metaSignature(over) }))).status, 413);
    equal(got.join(), "wamid.1");
  });

  it("a missing signature or a wrong shared secret → 401 before any body byte is read", async () => {
    const meta = createWebhookHandler({ provider: "cloudApi", secret: SECRET });
    const a = generated(4 * 1024 * 1024);
    equal((await meta(post(a.stream, {}))).status, 401);
    equal(a.state.pulled, 0);
    const kaleyra = createWebhookHandler({ provider: "kaleyra", secret: "shared" });
    const b = generated(4 * 1024 * 1024);
    equal((await kaleyra(post(b.stream, { "x-webhook-secret": "wrong" }))).status, 401);
    equal(b.state.pulled, 0);
    // The right shared secret with an oversized body is still capped.
    const c = generated(4 * 1024 * 1024);
    equal((await kaleyra(post(c.stream, { "x-webhook-secret": "shared" }))).status, 413);
  });

  it("a body that never ends → 408 after bodyTimeout, and the stream is cancelled", async () => {
    const handler = createWebhookHandler({ provider: "cloudApi", secret: SECRET, bodyTimeout: 50 });
    const { stream, state } = endless();
    const res = await answered(handler(post(stream, { "x-hub-signature-256": FORGED })));
    equal(res.status, 408);
    match(await res.text(), /50 ms/);
    ok(state.cancelled);
  });

  it("a body that is not UTF-8 JSON → 400 (after a valid signature)", async () => {
    const handler = createWebhookHandler({ provider: "cloudApi", secret: SECRET });
    const bytes = new Uint8Array([0x7b, 0xff, 0x7d]);
    equal((await handler(post(bytes, { "x-hub-signature-256": await metaSignature(bytes) }))).status, 400);
  });

  it("verifyWebhook still reads the body itself and leaves it readable", async () => {
    const req = post(metaBody, { "x-hub-signature-256": await metaSignature(metaBody) });
    equal(await verifyWebhook(req, { provider: "cloudApi", secret: SECRET }), true);
    equal(await req.text(), metaBody);
    equal(await verifyWebhook(post("{}", { "x-webhook-secret": "s" }), { provider: "zixflow", secret: "s" }), true);
  });
});

describe("verifyWebhook: the same body limit and deadline", () => {
  it("a correctly signed body over maxBodyBytes (default 1 MiB) is not verified, and no more than the cap is read", async () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    equal(
      await verifyWebhook(post(big, { "x-hub-signature-256": await metaSignature(big) }), {
        provider: "cloudApi",
        secret: SECRET,
      }),
      false,
    );
    const small = new Uint8Array(1024 * 1024).fill(0x20);
    equal(
      await verifyWebhook(post(small, { "x-hub-signature-256": await metaSignature(small) }), {
        provider: "cloudApi",
        secret: SECRET,
      }),
      true,
    );
    const { stream, state } = generated(16 * 1024 * 1024);
    equal(
      await verifyWebhook(post(stream, { "x-hub-signature-256": FORGED }), {
        provider: "cloudApi",
        secret: SECRET,
        maxBodyBytes: 1000,
      }),
      false,
    );
    ok(state.pulled <= 2 * 64 * 1024, `read ${state.pulled} bytes`);
  });

  it("a body that never ends is not verified after bodyTimeout (no hang)", async () => {
    const { stream } = endless();
    const verdict = verifyWebhook(post(stream, { "x-hub-signature-256": FORGED }), {
      provider: "cloudApi",
      secret: SECRET,
      bodyTimeout: 50,
    });
    equal(await answered(verdict.then(() => new Response(String(1)))).then((r) => r.text()), "1");
    equal(await verdict, false);
  });

  it("maxBodyBytes or bodyTimeout of the wrong type → CONFIG", async () => {
    let error: unknown;
    try {
      await verifyWebhook(post("{}", {}), { provider: "cloudApi", secret: SECRET, maxBodyBytes: NaN });
    } catch (e) {
      error = e;
    }
    ok(isWaError(error) && error.code === "CONFIG" && /maxBodyBytes/.test(error.message), String(error));
  });
});

describe("createWebhookHandler: the hub.challenge echo", () => {
  it("is text/plain with X-Content-Type-Options: nosniff (it echoes a query parameter)", async () => {
    const handler = createWebhookHandler({ provider: "cloudApi", secret: SECRET, verifyToken: "tok" });
    const res = await handler(
      new Request(
        "https://hooks.example.com/meta?hub.mode=subscribe&hub.verify_token=tok&hub.challenge=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      ),
    );
    equal(res.status, 200);
    match(res.headers.get("content-type") ?? "", /^text\/plain/);
    equal(res.headers.get("x-content-type-options"), "nosniff");
    equal(res.headers.get("cache-control"), "no-store");
    equal(await res.text(), "<script>alert(1)</script>");
  });
});

describe("createWebhookHandler: option types are checked at creation", () => {
  const base: WebhookHandlerOptions = { provider: "cloudApi", secret: SECRET };
  const config = (o: Record<string, unknown>, name: RegExp) => {
    const e = throws(
      () => createWebhookHandler({ ...base, ...o } as WebhookHandlerOptions),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
    match(e.message, name);
    return e;
  };

  it("maxBodyBytes and bodyTimeout: NaN, negative, zero, fractional, strings → CONFIG naming the option and the kind", () => {
    for (const v of [NaN, -1, 0, 1.5, "1mb", null])
      config({ maxBodyBytes: v }, /maxBodyBytes must be a positive whole number/);
    for (const v of [NaN, -5, 0, "10s", 2 ** 31])
      config({ bodyTimeout: v }, /bodyTimeout must be a whole number of milliseconds/);
    match(config({ maxBodyBytes: NaN }, /maxBodyBytes/).message, /received NaN/);
  });

  it("callbacks that are not functions → CONFIG", () => {
    config({ onMessage: "log" }, /onMessage must be a function/);
    config({ onStatus: {} }, /onStatus must be a function/);
    config({ onError: 1 }, /onError must be a function/);
  });

  it("toleranceSeconds as a string, name empty, url not absolute → CONFIG without echoing the value", () => {
    config({ provider: "bird", toleranceSeconds: "300" }, /toleranceSeconds must be a number of seconds/);
    config({ provider: "kaleyra", name: "" }, /name must be the non-empty name/);
    const e = config({ provider: "bird", url: "hooks/sk_live_abcdef" }, /url must be the absolute URL/);
    ok(!e.message.includes("sk_live_abcdef"), e.message);
  });
});
