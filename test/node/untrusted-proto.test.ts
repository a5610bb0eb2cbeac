// Issue 23: untrusted JSON is copied without letting "__proto__" through. JSON.parse makes
// "__proto__" an own key; a copy by plain assignment (`out[k] = v`) would instead replace the
// copy's prototype with the sender's object. Every copier keeps the key as data: scrubDeep (the
// `raw` of a result whose answer echoed a credential), the builder's copy of a step's value
// (`ref`), the webhook readers, the proxy handler and the proxy provider that reads its answers.
import { describe, it, ok, equal, deepEqual } from "../harness.ts";
import { scrubDeep } from "../../src/send/secrets.ts";
import { createProxyHandler, whatsapp, cloudApi, proxy, sandbox, parseWebhook } from "../../src/index.ts";
import { WEBHOOK_PROVIDERS } from "../../src/providers/registry.ts";

const TOKEN = "EAAG-token-0123456789";
const HOSTILE = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true}}`;

/** Whether `o` is a plain object whose prototype is Object.prototype and which holds the hostile keys as data. */
function keptAsData(o: any, where: string) {
  equal(Object.getPrototypeOf(o), Object.prototype, `${where}: the prototype is unchanged`);
  ok(Object.hasOwn(o, "__proto__"), `${where}: "__proto__" is kept as an own key`);
  deepEqual(Object.getOwnPropertyDescriptor(o, "__proto__")?.value, { polluted: true }, `${where}: with its value`);
  equal(o.polluted, undefined, `${where}: nothing inherited from the sender`);
  deepEqual(o.constructor, { prototype: { polluted: true } }, `${where}: "constructor" is data`);
  deepEqual(o.prototype, { polluted: true }, `${where}: "prototype" is data`);
  ok(JSON.stringify(o).includes('"__proto__":{"polluted":true}'), `${where}: serialises as it came`);
}

function untouched() {
  equal(({} as any).polluted, undefined, "Object.prototype is untouched");
  equal(Object.getOwnPropertyNames(Object.prototype).includes("polluted"), false);
}

describe("untrusted JSON keeps its prototype when copied", () => {
  it("scrubDeep: a copied object (a credential in it) keeps Object.prototype, keys as data, at every depth", () => {
    const body = JSON.parse(`{"echo":"${TOKEN}","deep":[${HOSTILE}],${HOSTILE.slice(1, -1)}}`);
    const out = scrubDeep(body, [TOKEN]) as any;
    ok(out !== body, "copied (a credential was replaced)");
    equal(out.echo, "[redacted]");
    keptAsData(out, "top");
    const deep = JSON.parse(`[{"k":"${TOKEN}",${HOSTILE.slice(1, -1)}}]`);
    keptAsData((scrubDeep(deep, [TOKEN]) as any[])[0], "inside an array");
    untouched();
  });

  it("a send's result.raw (an answer echoing the token) keeps its prototype", async () => {
    const answer = `{"messages":[{"id":"wamid.1"}],"echo":"${TOKEN}",${HOSTILE.slice(1, -1)}}`;
    const wa = whatsapp({
      provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1234567890" }),
      fetch: async () => new Response(answer, { headers: { "content-type": "application/json" } }),
    });
    const result = await wa.text("hi").to("+31612345678");
    equal(result.id, "wamid.1");
    equal((result.raw as any).echo, "[redacted]");
    keptAsData(result.raw, "result.raw");
    untouched();
  });

  it("the builder's copy of a step's value (ref) keeps the keys as data, so the message validates", () => {
    const wa = whatsapp({ provider: sandbox() });
    const out = wa.text("hi").ref(JSON.parse(HOSTILE)).to("+31612345678");
    const ref = out.message.ref as any;
    equal(Object.getPrototypeOf(ref), Object.prototype);
    ok(Object.hasOwn(ref, "__proto__"));
    equal(ref.polluted, undefined);
    untouched();
  });

  it("every webhook reader: events and their raw keep their prototypes", () => {
    const bodies = [
      JSON.parse(`{"entry":[{"changes":[{"field":"messages","value":${HOSTILE}}]}],${HOSTILE.slice(1, -1)}}`),
      JSON.parse(HOSTILE),
      JSON.parse(`[${HOSTILE}]`),
      JSON.parse(`{"payload":${HOSTILE},"data":${HOSTILE},"meta_object":${HOSTILE},"extra_info":${HOSTILE}}`),
    ];
    for (const provider of WEBHOOK_PROVIDERS)
      for (const body of bodies)
        for (const event of parseWebhook(body, { provider })) {
          equal(Object.getPrototypeOf(event), Object.prototype, `${provider}: event`);
          equal((event as any).polluted, undefined, `${provider}: event`);
        }
    untouched();
  });

  it("proxy handler and proxy provider: a message and an answer with hostile keys go through as data", async () => {
    const handler = createProxyHandler({
      provider: sandbox(),
      authorize: () => true,
    });
    const body = `{"to":"+31612345678","type":"text","body":"hi","ref":${HOSTILE}}`;
    const res = await handler(
      new Request("https://api.shop.example/wa", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
    equal(res.status, 200);
    untouched();
    // The browser side: the proxy's answer, hostile keys and all, read by the proxy provider.
    const answer = `{"id":"p-1","provider":"bird","status":"accepted","raw":{"echo":"Bearer ${TOKEN}",${HOSTILE.slice(1, -1)}}}`;
    const wa = whatsapp({
      provider: proxy({ url: "https://api.shop.example/wa", headers: { authorization: `Bearer ${TOKEN}` } }),
      fetch: async () => new Response(answer, { headers: { "content-type": "application/json" } }),
    });
    const result = await wa.text("hi").to("+31612345678");
    equal(result.provider, "bird");
    equal((result.raw as any).echo, "[redacted]", "copied by scrubDeep (the token was in it)");
    keptAsData(result.raw, "proxy result.raw");
    untouched();
  });
});
