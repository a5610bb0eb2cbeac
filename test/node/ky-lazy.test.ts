// dist/ loads ky when a send first needs it (package.json `imports`: `#ky-load` is
// dist/_chunks/ky-lazy.js for Node): a fresh process whose send succeeds at once never loads ky's
// modules; one whose first attempt meets a 503 loads ky and retries through it as before.
// Bundlers take dist/_chunks/ky-now.js, which imports ky statically.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { build } from "esbuild";
import { describe, equal, it, ok } from "../harness.ts";
import { mockServer } from "./server.ts";

const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

/** Sends one text from a fresh `node` that imports "wafluent" (this package's dist/); what it saw. */
async function fresh(base: string): Promise<{ id: string; kyLoaded: boolean }> {
  const code = `
import { registerHooks } from "node:module";
let kyLoaded = false;
registerHooks({ resolve(specifier, context, next) { if (specifier === "ky") kyLoaded = true; return next(specifier, context); } });
const { whatsapp, cloudApi } = await import("wafluent");
const wa = whatsapp({ provider: cloudApi({ accessToken: "test-token", phoneNumberId: "123456789012345", baseUrl: ${JSON.stringify(base)} }), retry: { limit: 2, backoffLimit: 1 } });
const r = await wa.text("hi").to("+31612345678");
console.log(JSON.stringify({ id: r.id, kyLoaded }));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { cwd: root });
  return JSON.parse(stdout);
}

const ok200 = { status: 200, body: { messaging_product: "whatsapp", messages: [{ id: "wamid.1" }] } };

describe("ky on first need (dist/, Node)", () => {
  it("a send that succeeds at once loads no ky", async () => {
    const server = await mockServer(() => ok200);
    try {
      const seen = await fresh(server.url);
      equal(seen.id, "wamid.1");
      equal(seen.kyLoaded, false);
      equal(server.seen.length, 1);
    } finally {
      await server.close();
    }
  });

  it("a 503 loads ky, whose retry loop sends again", async () => {
    const server = await mockServer((_r, n) =>
      n === 1 ? { status: 503, headers: { "retry-after": "0" }, body: { error: { message: "busy" } } } : ok200,
    );
    try {
      const seen = await fresh(server.url);
      equal(seen.id, "wamid.1");
      equal(seen.kyLoaded, true);
      equal(server.seen.length, 2);
    } finally {
      await server.close();
    }
  });

  it("a bundle takes the static twin: no dynamic import of ky left in it", async () => {
    const out = await build({
      stdin: {
        contents:
          'import { whatsapp, cloudApi } from "wafluent"; export const wa = whatsapp({ provider: cloudApi({ accessToken: "t", phoneNumberId: "1" }) });',
        resolveDir: root,
      },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      logLevel: "silent",
    });
    const text = out.outputFiles[0]!.text;
    ok(!/\bimport\(/.test(text), "no import() in the bundle");
    ok(/ky-now\.js/.test(text), "dist/_chunks/ky-now.js is bundled");
  });
});
