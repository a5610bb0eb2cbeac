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
for (const c of await (await import("./queue.mjs")).run()) {
  if (c.pass) { passed++; console.log(`✔ ${c.name}`); }
  else { failed++; console.log(`✖ ${c.name}\n  ${JSON.stringify(c.detail)}`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
