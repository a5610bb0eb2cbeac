// The provider written in test/ through the public provider kit only (test/node/form-kit.ts):
// its file imports the kit entry and nothing else; it sends form bodies through whatsapp(), the
// queue consumer and the proxy handler to a local server (the fault, secret and bulk suites run it
// too, test/node/subjects.ts); its form-encoded webhooks are verified and read with the kit's
// signing helpers.
import { readFileSync } from "node:fs";
import {
  createProxyHandler,
  createQueueConsumer,
  idempotencyKey,
  message,
  proxy,
  type QueueDelivery,
  whatsapp,
} from "../../src/index.ts";
import { deepEqual, describe, equal, it, ok } from "../harness.ts";
import { delivery } from "../queue-fakes.ts";
import { formKitProvider, formKitSignature, parseFormKit, verifyFormKit } from "./form-kit.ts";
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

  it("a form webhook signed with HMAC-SHA1 over URL + sorted fields is verified and read; a changed field is not", async () => {
    const url = "https://shop.example/hooks/formkit?x=1";
    const fields = { MessageSid: "SM9", From: "+31612345678", Body: "Hello" };
    const signature = await formKitSignature(SECRET, url, fields);
    const request = (body: string, sig = signature) =>
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-formkit-signature": sig },
        body,
      });
    const body = new URLSearchParams(fields).toString();
    ok(await verifyFormKit(request(body), SECRET));
    ok(!(await verifyFormKit(request(body.replace("Hello", "Hellp")), SECRET)));
    ok(!(await verifyFormKit(request(body), "other-secret")));
    ok(!(await verifyFormKit(request(body, "not base64!"), SECRET)));
    deepEqual(parseFormKit(body), { type: "message", id: "SM9", from: "+31612345678", body: "Hello" });
    deepEqual(parseFormKit("MessageSid=SM9&MessageStatus=delivered"), {
      type: "status",
      id: "SM9",
      status: "delivered",
    });
    equal(parseFormKit("__proto__=x").type, "unknown");
  });
});
