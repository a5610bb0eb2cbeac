// When ky itself cannot be imported (a broken or partial install) at the moment a send first needs
// it (dist/ loads ky on first need, see ky-lazy.test.ts), the send fails as CONFIG naming ky and the
// fix, not as a NETWORK "Could not reach" (the provider did answer) or a TIMEOUT it was not; no
// credential in it, and a send that succeeds at once still needs no ky.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { deepEqual, describe, it, ok } from "../harness.ts";
import { mockServer, type Reply } from "./server.ts";

const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

interface Seen {
  id?: string;
  code?: string;
  message?: string;
  waError?: boolean;
  secret?: boolean;
}

/** Sends one text from a fresh `node` in which importing "ky" fails; what the send ended with. */
async function withoutKy(base: string): Promise<Seen> {
  const code = `
import { registerHooks } from "node:module";
registerHooks({ resolve(specifier, context, next) { if (specifier === "ky") throw new Error("Cannot find package 'ky' (test)"); return next(specifier, context); } });
const { whatsapp, cloudApi, WaError } = await import("wafluent");
const wa = whatsapp({ provider: cloudApi({ accessToken: "secret-token-31337", phoneNumberId: "123456789012345", baseUrl: ${JSON.stringify(base)} }), retry: { limit: 2, backoffLimit: 1 }, timeout: 300 });
try {
  const r = await wa.text("hi").to("+31612345678");
  console.log(JSON.stringify({ id: r.id }));
} catch (e) {
  const all = JSON.stringify(e) + String(e.stack) + String(e.cause?.stack) + String(e.cause?.message);
  console.log(JSON.stringify({ code: e.code, message: e.message, waError: e instanceof WaError, secret: all.includes("31337") }));
}`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { cwd: root });
  return JSON.parse(stdout);
}

async function sendOnce(reply: Reply): Promise<Seen & { requests: number }> {
  const server = await mockServer(reply);
  try {
    return { ...(await withoutKy(server.url)), requests: server.seen.length };
  } finally {
    await server.close();
  }
}

const ok200 = { status: 200, body: { messaging_product: "whatsapp", messages: [{ id: "wamid.1" }] } };

/** The send's failure names ky and how to fix it, as a CONFIG WaError with no credential. */
function isKyMissing(seen: Seen & { requests: number }): void {
  deepEqual(
    { code: seen.code, waError: seen.waError, secret: seen.secret, requests: seen.requests },
    {
      code: "CONFIG",
      waError: true,
      secret: false,
      requests: 1,
    },
  );
  ok(/\bky\b/.test(seen.message ?? ""), `names ky: ${seen.message}`);
  ok(/npm i ky|install/i.test(seen.message ?? ""), `says how to fix it: ${seen.message}`);
  ok(/may or may not have been accepted/.test(seen.message ?? ""), `says the attempt went out: ${seen.message}`);
}

describe("ky that cannot be imported (dist/, Node)", () => {
  it("a send that succeeds at once does not need ky", async () => {
    deepEqual(await sendOnce(() => ok200), { id: "wamid.1", requests: 1 });
  });

  it("a 503 whose retry needs ky: CONFIG naming ky, not NETWORK", async () => {
    isKyMissing(await sendOnce(() => ({ status: 503, headers: { "retry-after": "0" }, body: { error: {} } })));
  });

  it("no answer in time: CONFIG naming ky, not NETWORK", async () => {
    isKyMissing(await sendOnce(() => ({ ...ok200, delayMs: 1500 })));
  });

  it("a network failure: CONFIG naming ky, not NETWORK", async () => {
    isKyMissing(await sendOnce(() => ({ destroy: true })));
  });
});
