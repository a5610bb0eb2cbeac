// Chromium only: the browser CDN file (dist/cdn/wafluent.browser.min.js) loaded as a module from
// the dev server, sending through proxy() to the createProxyHandler of test/browser/server.mjs
// (sandbox provider, token "demo-token"); it carries no server-only export.
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";

const LOCAL = new URL("/dist/cdn/wafluent.browser.min.js", location.origin).href;
const sent = async () => (await fetch("/api/test/sent")).json();
const auth = { authorization: "Bearer demo-token" };

describe("chromium: the browser CDN file sends through the proxy", () => {
  it("builds, validates and sends a reply-buttons message through proxy() to the handler", async () => {
    await fetch("/api/test/sent", { method: "DELETE" });
    const lib = await import(/* @vite-ignore */ LOCAL);
    const wa = lib.whatsapp({ provider: lib.proxy({ url: "/api/whatsapp", headers: auth }) });
    const res = await wa.text("Order #7 shipped").buttons(["Track", "Help"]).to("+31612345678");
    equal(res.provider, "sandbox");
    match(res.id, /^sandbox\./);
    deepEqual(await sent(), [
      {
        to: "+31612345678",
        type: "buttons",
        body: "Order #7 shipped",
        buttons: [
          { id: "Track", title: "Track" },
          { id: "Help", title: "Help" },
        ],
      },
    ]);
  });

  it("refuses an invalid message in the page: nothing reaches the handler", async () => {
    await fetch("/api/test/sent", { method: "DELETE" });
    const lib = await import(/* @vite-ignore */ LOCAL);
    const wa = lib.whatsapp({ provider: lib.proxy({ url: "/api/whatsapp", headers: auth }) });
    let caught: any;
    try {
      await wa.text("hi").to("0612345678");
    } catch (e) {
      caught = e;
    }
    ok(lib.isValidationError(caught), String(caught));
    match(caught.issues[0].message, /international number/);
    deepEqual(await sent(), []);
  });

  it("checks without sending and fits over-long text", async () => {
    const lib = await import(/* @vite-ignore */ LOCAL);
    const checked = lib.message.text("x".repeat(5000)).check("+31612345678");
    equal(checked.ok, false);
    deepEqual([checked.issues[0].path, checked.issues[0].limit, checked.issues[0].received], ["body", 4096, 5000]);
    const fitted = lib.fitMessage(
      { to: "+31612345678", type: "text", body: "x".repeat(5000) },
      { overflow: "truncate" },
    );
    equal(fitted.ok, true);
    equal(fitted.message.body.length, 4096);
    equal(fitted.warnings[0].path, "body");
  });

  it("exports no server-only API", async () => {
    const lib = await import(/* @vite-ignore */ LOCAL);
    for (const name of [
      "createProxyHandler",
      "verifyWebhook",
      "parseWebhook",
      "createWebhookHandler",
      "enqueue",
      "createQueueConsumer",
      "bird",
      "kaleyra",
      "bik",
      "zixflow",
      "infobip",
      "cloudApi",
    ])
      ok(!(name in lib), `${name} is left out`);
    for (const name of [
      "whatsapp",
      "message",
      "fit",
      "fitMessage",
      "checkMessage",
      "validateMessage",
      "proxy",
      "sandbox",
      "WaError",
    ])
      ok(typeof lib[name] !== "undefined", `${name} is exported`);
  });
});
