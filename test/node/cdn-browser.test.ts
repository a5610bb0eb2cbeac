// The browser CDN file (dist/cdn/wafluent.browser.min.js, built from src/browser.ts) carries what a
// page needs (builder, validation, fit, errors, proxy(), sandbox()) and nothing only a server
// uses: no provider holding keys, no webhooks, no queues, no createProxyHandler.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const root = new URL("../../", import.meta.url).pathname;
const BROWSER = join(root, "dist/cdn/wafluent.browser.min.js");
const EVERYTHING = join(root, "dist/cdn/wafluent.min.js");

// What a page needs, by name.
const PAGE = [
  "whatsapp",
  "message",
  "fit",
  "fitMessage",
  "DEFAULT_LIST_LABEL",
  "Outgoing",
  "checkMessage",
  "validateMessage",
  "MessageSchema",
  "TextMessageSchema",
  "WaError",
  "ValidationError",
  "UnsupportedError",
  "ProviderError",
  "isWaError",
  "isValidationError",
  "isProviderError",
  "isUnsupportedError",
  "proxy",
  "sandbox",
];
// Server-only exports of the root entry.
const SERVER = [
  "bird",
  "parseServiceWindow",
  "kaleyra",
  "KALEYRA_HOSTS",
  "KALEYRA_REF_MAX",
  "bik",
  "zixflow",
  "infobip",
  "cloudApi",
  "verifyWebhook",
  "parseWebhook",
  "createWebhookHandler",
  "enqueue",
  "createQueueConsumer",
  "memoryDedupe",
  "kvDedupe",
  "idempotencyKey",
  "QUEUE_BATCH_MESSAGES",
  "QUEUE_BATCH_BYTES",
  "QUEUE_MESSAGE_BYTES",
  "createProxyHandler",
];
// Source modules only a server uses: none may be in the browser entry's module graph (the
// key-holding providers, and all of edge/: the proxy handler, queues and webhook handling).
const serverOnly = (file: string) =>
  /^src\/providers\/(?!proxy\/index\.ts$|sandbox\/index\.ts$)/.test(file) || /^src\/edge\//.test(file);

describe("CDN browser file", () => {
  it("exports what a page needs and none of the server-only exports", async () => {
    const lib = await import(BROWSER);
    const all = await import(EVERYTHING);
    const names = Object.keys(lib);
    for (const name of PAGE) ok(name in lib, `the browser file exports ${name}`);
    for (const name of SERVER) {
      ok(name in all, `the everything file exports ${name} (the list is current)`);
      ok(!(name in lib), `the browser file leaves out ${name}`);
    }
    deepEqual(
      names.filter((n) => !(n in all)),
      [],
      "every browser export is also an export of the everything file",
    );
  });

  it("src/browser.ts pulls in no server-only module", async () => {
    const r = await build({
      entryPoints: [join(root, "src/browser.ts")],
      absWorkingDir: root,
      bundle: true,
      write: false,
      format: "esm",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(r.metafile.inputs).filter((f) => f.startsWith("src/"));
    ok(inputs.includes("src/providers/proxy/index.ts") && inputs.includes("src/send/builder.ts"), inputs.join(", "));
    deepEqual(inputs.filter(serverOnly), []);
  });

  it("the shipped text carries no provider host, Kaleyra wrapper or webhook signature header", () => {
    const page = readFileSync(BROWSER, "utf8");
    const everything = readFileSync(EVERYTHING, "utf8");
    for (const marker of ["graph.facebook.com", "api.bird.com", "messaging_object", "x-hub-signature-256"]) {
      ok(everything.includes(marker), `${marker} is in the everything file (the marker is current)`);
      ok(!page.includes(marker), `${marker} is not in the browser file`);
    }
    ok(
      !/\bfrom\s*["'](ky|valibot)["']|\bimport\s*["']/.test(page),
      "ky and valibot are inlined; the file imports nothing",
    );
  });

  it('is the package export "wafluent/cdn/browser"', () => {
    equal(new URL(import.meta.resolve("wafluent/cdn/browser")).pathname, BROWSER);
  });

  it("is smaller than the everything file and builds, checks and sends on the sandbox", async () => {
    ok(readFileSync(BROWSER).length < readFileSync(EVERYTHING).length * 0.75);
    const lib = await import(BROWSER);
    const box = lib.sandbox();
    const wa = lib.whatsapp({ provider: box });
    const res = await wa.text("Order shipped").buttons(["Track", "Help"]).to("+31612345678");
    equal(res.provider, "sandbox");
    equal(box.sent.length, 1);
    let caught: unknown;
    try {
      await wa.text("hi").to("0612345678");
    } catch (e) {
      caught = e;
    }
    ok(lib.isValidationError(caught) && caught instanceof lib.ValidationError, String(caught));
    equal(box.sent.length, 1, "an invalid message is not sent");
  });
});
