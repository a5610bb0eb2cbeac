// examples/node-server.mjs, exactly as users get it, run end to end: started as its own Node
// process on 127.0.0.1 (ephemeral port), a message posted through its proxy handler to the
// sandbox, a signed Cloud API webhook and Meta's subscription check answered, then stopped.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { whatsapp, proxy, isProviderError } from "../../src/index.ts";
import { metaMessages } from "../fixtures/webhooks.ts";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "meta-app-secret",
  VERIFY = "verify-me",
  TOKEN = "node-token";

describe("examples/node-server.mjs on Node (@hono/node-server)", () => {
  it("serves the proxy handler and the webhook handler, then stops on SIGTERM", async () => {
    // "wafluent" resolves to this package's own dist/ by name (package self-reference).
    const child = spawn(process.execPath, ["examples/node-server.mjs"], {
      cwd: root,
      env: { ...process.env, PORT: "0", PROXY_TOKEN: TOKEN, META_APP_SECRET: SECRET, META_VERIFY_TOKEN: VERIFY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "",
      err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const seen = (re: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const m = out.match(re);
          if (m) return resolve(m);
          if (child.exitCode !== null)
            return reject(new Error(`the example exited (${child.exitCode}): ${err || out}`));
          setTimeout(check, 20);
        };
        check();
      });
    try {
      const [, base] = await seen(/listening on (http:\/\/127\.0\.0\.1:\d+)/);

      // The proxy handler: a proxy() client sends through it to the sandbox.
      const wa = whatsapp({ provider: proxy({ url: `${base}/send`, headers: { authorization: `Bearer ${TOKEN}` } }) });
      const res = await wa.text("Hallo from Node").buttons(["Ja", "Nee"]).to("+31612345678");
      equal(res.provider, "sandbox");
      equal(res.status, "accepted");
      let refused: unknown;
      try {
        await whatsapp({ provider: proxy({ url: `${base}/send`, headers: { authorization: "Bearer wrong" } }) })
          .text("x")
          .to("+31612345678");
      } catch (e) {
        refused = e;
      }
      ok(
        isProviderError(refused) && refused.status === 403,
        `a wrong token is refused with 403, got ${String(refused)}`,
      );

      // The webhook handler: Meta's subscription check, then a signed POST.
      const check = await fetch(
        `${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=42`,
      );
      deepEqual([check.status, await check.text()], [200, "42"]);
      const body = JSON.stringify(metaMessages);
      const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
      const hook = await fetch(`${base}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signature },
        body,
      });
      equal(hook.status, 200);
      await seen(/message wamid\.T1 from \+16505551234: Does it come in another color\?/);
      const forged = await fetch(`${base}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "x-hub-signature-256": "sha256=" + "0".repeat(64) },
        body,
      });
      equal(forged.status, 401);
      equal((await fetch(`${base}/elsewhere`)).status, 404);
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
    }
    const [code] = child.exitCode === null ? await once(child, "exit") : [child.exitCode];
    equal(code, 0, `the example exits cleanly on SIGTERM: ${err}`);
  });
});
