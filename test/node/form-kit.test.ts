// The provider written in test/ through the public provider kit only (test/node/form-kit.ts):
// its file imports the kit entry and nothing else; it sends form bodies through whatsapp(), the
// queue consumer and the proxy handler to a local server (the fault, secret and bulk suites run it
// too, test/node/subjects.ts); its form-encoded webhooks, a definition made with the kit's
// defineWebhooks, go through verifyWebhook, parseWebhook and createWebhookHandler like a built-in
// provider's (and through the authentication matrix of test/node/webhook-auth.test.ts).
import { readFileSync } from "node:fs";
import {
  createProxyHandler,
  createQueueConsumer,
  createWebhookHandler,
  idempotencyKey,
  isWaError,
  message,
  parseWebhook,
  proxy,
  type QueueDelivery,
  verifyWebhook,
  whatsapp,
} from "../../src/index.ts";
import { deepEqual, describe, equal, it, ok, throws } from "../harness.ts";
import { delivery } from "../queue-fakes.ts";
import { defineWebhooks } from "../../src/providers/_kit/index.ts";
import { formKitProvider, formKitSharedWebhooks, formKitSignature, formKitWebhooks } from "./form-kit.ts";
import { mockServer } from "./server.ts";

const TO = "+31612345678";
const SECRET = "fk-secret-123";

async function upstream() {
  let n = 0;
  return mockServer(() => ({ status: 201, body: { sid: `SM${++n}`, status: "queued" } }));
}

describe("formKit: a provider from the public provider kit only", () => {
  it("its file imports the wafluent/provider-kit entry (src/providers/_kit/index.ts, as jsr.json maps it) and nothing else", () => {
    const text = readFileSync(new URL("./form-kit.ts", import.meta.url), "utf8");
    const from = [...text.matchAll(/^import[^;]*?from\s+"([^"]+)";/gms)].map((m) => m[1]);
    deepEqual(from, ["../../src/providers/_kit/index.ts"]);
    const jsr = JSON.parse(readFileSync(new URL("../../jsr.json", import.meta.url), "utf8"));
    equal(jsr.exports["./provider-kit"], "./src/providers/_kit/index.ts");
  });

  it("sends a form body with Basic auth through whatsapp(), and refuses what its table refuses", async () => {
    const server = await upstream();
    try {
      const wa = whatsapp({ provider: formKitProvider(server.url, SECRET) });
      const r = await wa.text("Hi & bye").to(TO);
      equal(r.id, "SM1");
      const seen = server.seen[0]!;
      equal(seen.headers["content-type"], "application/x-www-form-urlencoded");
      equal(seen.body, "To=%2B31612345678&Body=Hi+%26+bye");
      equal(atob(String(seen.headers.authorization).replace(/^Basic /, "")), `user-1:${SECRET}`);
      ok(!formKitProvider(server.url, SECRET).kinds.includes("image"));
    } finally {
      await server.close();
    }
  });

  it("a queued message is sent by the queue consumer and acked", async () => {
    const server = await upstream();
    try {
      const consume = createQueueConsumer({ provider: formKitProvider(server.url, SECRET) });
      const m = message.text("Queued").to(TO).message;
      const d = delivery({ v: 1, key: await idempotencyKey(m, "fk"), message: m, at: 0 });
      await consume({ queue: "q", messages: [d as QueueDelivery] });
      equal(d.acked, 1);
      equal(server.seen.length, 1);
      equal(server.seen[0]!.body, "To=%2B31612345678&Body=Queued");
    } finally {
      await server.close();
    }
  });

  it("the proxy handler sends through it, and its credential never reaches the page", async () => {
    const server = await upstream();
    try {
      const handler = createProxyHandler({ provider: formKitProvider(server.url, SECRET), authorize: () => true });
      const wa = whatsapp({
        provider: proxy({ url: "https://shop.example/api/whatsapp" }),
        fetch: async (input, init) => handler(new Request(input, init)),
      });
      const r = await wa.text("Via proxy").to(TO);
      equal(r.id, "SM1");
      equal(server.seen[0]!.body, "To=%2B31612345678&Body=Via+proxy");
      ok(!JSON.stringify(r).includes(SECRET));
    } finally {
      await server.close();
    }
  });
});

const HOOK = "https://shop.example/hooks/formkit?x=1";
const FIELDS = { MessageSid: "SM9", From: "+31612345678", Timestamp: "1733570000", Body: "Hello & bye" };
const FORM = new URLSearchParams(FIELDS).toString();
const MESSAGE = {
  type: "message",
  provider: "formKit",
  id: "SM9",
  from: "+31612345678",
  timestamp: "2024-12-07T11:13:20.000Z",
  message: { type: "text", body: "Hello & bye" },
};

/** A formKit webhook request to `url` with `body`, signed (or carrying `signature`). */
async function hook(body = FORM, signature?: string, url = HOOK): Promise<Request> {
  const sig = signature ?? (await formKitSignature(SECRET, HOOK, FIELDS));
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-formkit-signature": sig },
    body,
  });
}

/** The events without `raw` (a null-prototype fields object), for comparison. */
const plain = (events: readonly { raw: unknown }[]) => events.map(({ raw: _raw, ...e }) => e);

describe("formKit's webhooks: a definition from the kit, through verifyWebhook, parseWebhook and createWebhookHandler", () => {
  it("verifyWebhook: the signed form verifies; a changed field, another secret, a bad or missing signature do not", async () => {
    const o = { provider: formKitWebhooks, secret: SECRET };
    equal(await verifyWebhook(await hook(), o), true);
    equal(await verifyWebhook(await hook(FORM.replace("Hello", "Hellp")), o), false);
    equal(await verifyWebhook(await hook(), { ...o, secret: "other-secret" }), false);
    equal(await verifyWebhook(await hook(FORM, "not base64!"), o), false);
    equal(await verifyWebhook(await hook(FORM, btoa("short")), o), false);
    // Behind a proxy: the URL formKit signed is the `url` option, never read from it as proof.
    const inside = await hook(FORM, undefined, "http://127.0.0.1:8787/hooks/formkit?x=1");
    equal(await verifyWebhook(inside, o), false);
    equal(
      await verifyWebhook(await hook(FORM, undefined, "http://127.0.0.1:8787/hooks/formkit?x=1"), { ...o, url: HOOK }),
      true,
    );
    // The body is still readable afterwards.
    const request = await hook();
    equal(await verifyWebhook(request, o), true);
    equal(await request.text(), FORM);
  });

  it("verifyWebhook: a definition without verify takes a shared secret where its auth says (Basic)", async () => {
    const basic = (secret: string) =>
      new Request(HOOK, { method: "POST", headers: { authorization: `Basic ${btoa(secret)}` }, body: FORM });
    const o = { provider: formKitSharedWebhooks, secret: "user:pw-0123456789" };
    equal(await verifyWebhook(basic("user:pw-0123456789"), o), true);
    equal(await verifyWebhook(basic("user:pw-0123456788"), o), false);
    equal(await verifyWebhook(basic("user:pw-0123456789"), { ...o, auth: "header" }), false);
  });

  it("parseWebhook reads the raw text, URLSearchParams or a fields object alike, tagging events formKit", () => {
    for (const body of [FORM, new URLSearchParams(FORM), { ...FIELDS }]) {
      const events = parseWebhook(body, { provider: formKitWebhooks });
      deepEqual(plain(events), [MESSAGE]);
      equal(events[0]!.provider, "formKit");
    }
    const status = parseWebhook("MessageSid=SM9&MessageStatus=failed&ErrorMessage=blocked", {
      provider: formKitWebhooks,
    });
    deepEqual(plain(status), [
      {
        type: "status",
        provider: "formKit",
        id: "SM9",
        status: "failed",
        providerStatus: "failed",
        error: { message: "blocked" },
      },
    ]);
    // What it cannot read is an unknown event, never a throw; `__proto__` is a field, not a prototype.
    const odd = parseWebhook("__proto__=x&MessageStatus=lost", { provider: formKitWebhooks });
    equal(odd[0]!.type, "unknown");
    equal(Object.getPrototypeOf(odd[0]!.raw), null);
    deepEqual(parseWebhook(42, { provider: formKitWebhooks }), [{ type: "unknown", provider: "formKit", raw: 42 }]);
  });

  it("createWebhookHandler verifies before reading, answers 200 and dispatches; 401 for a forged one, 413 over the cap", async () => {
    const seen: unknown[] = [];
    const handler = createWebhookHandler({
      provider: formKitWebhooks,
      secret: SECRET,
      maxBodyBytes: 4096,
      onMessage: (e) => void seen.push(e),
      onStatus: (e) => void seen.push(e),
    });
    const ok200 = await handler(await hook());
    equal(ok200.status, 200);
    deepEqual(plain(seen as { raw: unknown }[]), [MESSAGE]);
    equal((await handler(await hook(FORM.replace("Hello", "Hellp")))).status, 401);
    equal((await handler(await hook(`${FORM}&Pad=${"x".repeat(5000)}`))).status, 413);
    equal(seen.length, 1);
  });

  it("defineWebhooks refuses a bad definition with CONFIG naming the field and the fix", () => {
    const read = formKitWebhooks.read;
    const bad: [unknown, RegExp][] = [
      [null, /takes an object/],
      [{ name: "", secretHint: "k", read }, /name must be the provider's name/],
      [{ name: "formKit", secretHint: " ", read }, /secretHint must say what the secret is/],
      [{ name: "formKit", secretHint: "k" }, /read must be a reader/],
      [{ name: "formKit", secretHint: "k", read, verify: "sha1" }, /verify must be a signature check/],
      [{ name: "formKit", secretHint: "k", read, auth: "cookie" }, /auth must be "header", "basic" or "query"/],
      [{ name: "formKit", secretHint: "k", read, signing: {} }, /"signing" is not a field/],
    ];
    for (const [definition, message] of bad)
      throws(
        // A definition from untyped code (JavaScript, JSON config): the checks run at run time.
        () => defineWebhooks(definition as Parameters<typeof defineWebhooks>[0]),
        (e) => isWaError(e) && e.code === "CONFIG" && message.test(e.message),
      );
    // An object that only looks like a definition is refused by the three entries: made by defineWebhooks or nothing.
    const lookalike = { ...formKitWebhooks };
    for (const call of [
      () => parseWebhook(FORM, { provider: lookalike }),
      () => createWebhookHandler({ provider: lookalike, secret: SECRET }),
    ])
      throws(call, (e) => isWaError(e) && e.code === "CONFIG" && /defineWebhooks/.test(e.message));
  });
});
