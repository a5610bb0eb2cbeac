// dist/ loads ky when a send first needs it (package.json `imports`: `#ky-load` is
// dist/_chunks/ky-lazy.js for Node): a fresh process whose send succeeds at once never loads ky's
// modules; one whose first attempt meets a 503 or no answer in time loads ky and ends as before.
// Bundlers take dist/_chunks/ky-now.js, which imports ky statically.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { build } from "esbuild";
import { deepEqual, describe, it, ok } from "../harness.ts";
import { mockServer, type Reply } from "./server.ts";

const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

/** Sends one text from a fresh `node` that imports "wafluent" (this package's dist/); what it saw. */
async function fresh(base: string): Promise<{ id?: string; code?: string; kyLoaded: boolean }> {
  const code = `
import { registerHooks } from "node:module";
let kyLoaded = false;
registerHooks({ resolve(specifier, context, next) { if (specifier === "ky") kyLoaded = true; return next(specifier, context); } });
const { whatsapp, cloudApi } = await import("wafluent");
const wa = whatsapp({ provider: cloudApi({ accessToken: "test-token", phoneNumberId: "123456789012345", baseUrl: ${JSON.stringify(base)} }), retry: { limit: 2, backoffLimit: 1 }, timeout: 300 });
try {
  const r = await wa.text("hi").to("+31612345678");
  console.log(JSON.stringify({ id: r.id, kyLoaded }));
} catch (e) {
  console.log(JSON.stringify({ code: e.code, kyLoaded }));
}`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { cwd: root });
  return JSON.parse(stdout);
}

const ok200 = { status: 200, body: { messaging_product: "whatsapp", messages: [{ id: "wamid.1" }] } };

/** Runs {@link fresh} against a server answering `reply`; what the child saw and how many requests came. */
async function sendOnce(reply: Reply): Promise<{ id?: string; code?: string; kyLoaded: boolean; requests: number }> {
  const server = await mockServer(reply);
  try {
    return { ...(await fresh(server.url)), requests: server.seen.length };
  } finally {
    await server.close();
  }
}

describe("ky on first need (dist/, Node)", () => {
  it("a send that succeeds at once loads no ky", async () => {
    deepEqual(await sendOnce(() => ok200), { id: "wamid.1", kyLoaded: false, requests: 1 });
  });

  it("a 503 loads ky, whose retry loop sends again", async () => {
    const busy = { status: 503, headers: { "retry-after": "0" }, body: { error: { message: "busy" } } };
    deepEqual(await sendOnce((_r, n) => (n === 1 ? busy : ok200)), { id: "wamid.1", kyLoaded: true, requests: 2 });
  });

  it("no answer in time: ky is loaded for its TimeoutError, the send is a TIMEOUT, not retried", async () => {
    deepEqual(await sendOnce(() => ({ ...ok200, delayMs: 1500 })), { code: "TIMEOUT", kyLoaded: true, requests: 1 });
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
