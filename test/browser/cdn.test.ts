// Chromium only: the README's browser examples run for real. examples/cdn.html's module script
// is inserted as a real <script type="module"> that loads dist/cdn/wafluent.browser.min.js from this
// dev server, and sends through proxy() to the createProxyHandler the dev server runs
// (test/browser/server.mjs, sandbox provider, token "demo-token").
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";

const CDN = "https://cdn.jsdelivr.net/npm/wafluent/dist/cdn/wafluent.browser.min.js";
const LOCAL = new URL("/dist/cdn/wafluent.browser.min.js", location.origin).href;
// The everything file, for what a page may also load: the same proxy round trip.
const EVERYTHING = new URL("/dist/cdn/wafluent.min.js", location.origin).href;
const example = async (name: string) => (await fetch(`/api/test/example?name=${name}`)).text();
const sent = async () => (await fetch("/api/test/sent")).json();
const until = async (what: () => boolean, label: string) => {
  for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
  ok(what(), `timed out waiting for ${label}`);
};

describe('chromium: the CDN bundle in <script type="module"> sends through the proxy', () => {
  it("examples/cdn.html: click → proxy() → createProxyHandler → sandbox, result shown", async () => {
    await fetch("/api/test/sent", { method: "DELETE" });
    const page = new DOMParser().parseFromString(await example("cdn.html"), "text/html");
    const source = page.querySelector('script[type="module"]')!.textContent!;
    ok(source.includes(CDN), "the example imports the CDN URL");
    for (const node of [
      ...page.head.querySelectorAll('meta[name="proxy-token"]'),
      ...page.body.querySelectorAll("button, output"),
    ])
      document.body.append(document.importNode(node, true));
    const button = document.querySelector<HTMLButtonElement>("#send")!;
    const out = document.querySelector("#out")!;
    // Resolve when the example's module has run and attached its click listener.
    const ready = new Promise<void>((resolve) => {
      button.addEventListener = function (
        this: HTMLButtonElement,
        ...args: Parameters<HTMLButtonElement["addEventListener"]>
      ) {
        EventTarget.prototype.addEventListener.apply(this, args);
        resolve();
      } as HTMLButtonElement["addEventListener"];
    });
    const script = document.createElement("script");
    script.type = "module";
    script.textContent = source.replace(CDN, LOCAL);
    document.body.append(script);
    await ready;
    ok(
      performance.getEntriesByType("resource").some((e) => e.name === LOCAL),
      "the bundle was loaded from the local server",
    );

    button.click();
    await until(() => out.textContent !== "", "the result");
    match(out.textContent!, /^sent sandbox\.\d+\.[0-9a-f-]{36} via sandbox$/);
    const got = await sent();
    deepEqual(got, [
      {
        to: "+31612345678",
        type: "buttons",
        body: "Order #1042 shipped",
        buttons: [
          { id: "Track", title: "Track" },
          { id: "Help", title: "Help" },
        ],
      },
    ]);
  });

  it("examples/browser.js: validates in the page, sends through the proxy, reports problems", async () => {
    await fetch("/api/test/sent", { method: "DELETE" });
    if (!document.querySelector('meta[name="proxy-token"]'))
      document.head.insertAdjacentHTML("beforeend", '<meta name="proxy-token" content="demo-token">');
    const source = (await example("browser.js")).replace('"wafluent"', JSON.stringify(LOCAL));
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const { sendOrderUpdate } = await import(/* @vite-ignore */ url);
    const good = await sendOrderUpdate("+31 6 1234 5678");
    equal(good.ok, true);
    equal(good.provider, "sandbox");
    const bad = await sendOrderUpdate("0612345678");
    equal(bad.ok, false);
    match(bad.problems[0], /international number/);
    equal((await sent()).length, 1);
  });

  it("a wrong token comes back over HTTP as the proxy's 403 ProviderError (the everything file)", async () => {
    const lib = await import(/* @vite-ignore */ EVERYTHING);
    const wa = lib.whatsapp({
      provider: lib.proxy({ url: "/api/whatsapp", headers: { authorization: "Bearer wrong" } }),
    });
    let caught: any;
    try {
      await wa.text("hi").to("+31612345678");
    } catch (e) {
      caught = e;
    }
    ok(lib.isProviderError(caught), String(caught));
    deepEqual([caught.provider, caught.status, caught.code], ["proxy", 403, "AUTH"]);
  });
});
