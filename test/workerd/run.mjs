// Runs worker tests in workerd (Cloudflare's runtime) through miniflare. Each case is a worker
// module that imports the CDN bundle and answers JSON; prints "N passed, N failed".
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const bundle = readFileSync(new URL("../../dist/cdn/wafluent.min.js", import.meta.url), "utf8");
const cases = [
  {
    name: "builds, validates and sends on the sandbox inside workerd",
    worker: `import { whatsapp, sandbox, message, isValidationError } from "./wafluent.min.js";
      export default { async fetch() {
        const box = sandbox();
        const res = await whatsapp({ provider: box }).text("Order shipped").buttons(["Track", "Help"]).to("+31612345678");
        let invalid; try { message.text("b").buttons(["x".repeat(21)]).to("+31612345678"); } catch (e) { invalid = isValidationError(e) && e.issues[0].path; }
        return Response.json({ provider: res.provider, sent: box.sent.length, type: box.sent[0].type, invalid });
      } };`,
    expect: { provider: "sandbox", sent: 1, type: "buttons", invalid: "buttons[0].title" },
  },
  {
    name: "compiles and sends a Bird message, and asks for its service window, inside workerd",
    worker: `import { whatsapp, bird } from "./wafluent.min.js";
      export default { async fetch() {
        const seen = [];
        const fetch = async (input, init) => {
          const req = new Request(input, init);
          seen.push({ method: req.method, url: req.url, auth: req.headers.get("authorization"), body: req.method === "POST" ? await req.json() : null });
          const body = req.method === "POST" ? { id: "m-1", status: "accepted" } : { serviceWindowExpireAt: null };
          return Response.json(body, { status: req.method === "POST" ? 202 : 200 });
        };
        const provider = bird({ accessKey: "K", workspaceId: "w s", channelId: "c" });
        const res = await whatsapp({ provider, fetch }).text("Where are you?").locationRequest().to("+31612345678");
        const window = await provider.serviceWindow("+31612345678", { fetch, contactId: "x" });
        return Response.json({ id: res.id, status: res.status, window, seen });
      } };`,
    expect: {
      id: "m-1",
      status: "accepted",
      window: { open: false, expiresAt: null },
      seen: [
        {
          method: "POST",
          url: "https://api.bird.com/workspaces/w%20s/channels/c/messages",
          auth: "AccessKey K",
          body: {
            receiver: { contacts: [{ identifierKey: "phonenumber", identifierValue: "+31612345678" }] },
            body: { type: "text", text: { text: "Where are you?", actions: [{ type: "locationRequest" }] } },
          },
        },
        { method: "GET", url: "https://api.bird.com/workspaces/w%20s/channels/c/contacts/x?contactIdentifierValue=%2B31612345678", auth: "AccessKey K", body: null },
      ],
    },
  },
];

let passed = 0, failed = 0;
for (const c of cases) {
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: c.worker },
      { type: "ESModule", path: "wafluent.min.js", contents: bundle },
    ],
    compatibilityDate: "2026-01-01",
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    const got = await res.json();
    if (JSON.stringify(got) === JSON.stringify(c.expect)) { passed++; console.log(`✔ ${c.name}`); }
    else { failed++; console.log(`✖ ${c.name}\n  expected ${JSON.stringify(c.expect)}\n  got      ${JSON.stringify(got)}`); }
  } catch (e) {
    failed++; console.log(`✖ ${c.name}: ${e?.stack ?? e}`);
  } finally {
    await mf.dispose();
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
