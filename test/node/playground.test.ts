// The playground (npm run demo) driven in Debian's Chromium by Playwright: build a buttons
// message, see the five provider panels and the phone preview, fix an inline validation error,
// send through the proxy handler, see the result; open a list sheet. Screenshots go to
// test-output/ (gitignored).
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright";
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";
import { startPlayground } from "../../demo/playground/server.mjs";

const root = new URL("../../", import.meta.url);
const FILES: Record<string, string> = { bird: "bird", kaleyra: "kaleyra", bik: "bik", zixflow: "zixflow", cloudApi: "cloud-api" };
const built = (factory: string) => existsSync(new URL(`dist/providers/${FILES[factory]}.js`, root));

describe("playground in Chromium", () => {
  it("builds a buttons message, shows five payloads and the preview, validates inline, sends, opens a list sheet", async () => {
    const playground = await startPlayground({ port: 0 });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
      });
      const page: Page = await browser.newPage({ viewport: { width: 1500, height: 860 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(playground.url);

      await page.selectOption("#kind", "buttons");
      await page.fill("#f-header", "Acme");
      await page.fill("#f-body", "Your order #1042 has shipped. *Track it* or ask us anything.");
      await page.fill("#f-footer", "Reply STOP to opt out");
      await page.fill("#f-button1", "Track");
      await page.fill("#f-button2", "Help");
      // Inline validation: a 21-character title is flagged under its field, and sending is off.
      await page.fill("#f-button3", "Talk to a human please");
      await page.waitForSelector('[data-error-for="button3"]:not(:empty)');
      match(await page.textContent('[data-error-for="button3"]') ?? "", /buttons\[2\]\.title` is 22 characters; WhatsApp allows at most 20/);
      equal(await page.getAttribute("#f-button3", "aria-invalid"), "true");
      ok(await page.isDisabled("#send"), "send is disabled while the message is invalid");
      await page.fill("#f-button3", "Talk to us");
      await page.waitForSelector('body[data-valid="true"]');
      equal(await page.textContent('[data-error-for="button3"]'), "");

      // The neutral message, as JSON.
      deepEqual(JSON.parse((await page.textContent("#neutral"))!), {
        to: "+31612345678", type: "buttons", body: "Your order #1042 has shipped. *Track it* or ask us anything.",
        header: { type: "text", text: "Acme" }, footer: "Reply STOP to opt out",
        buttons: [{ id: "Track", title: "Track" }, { id: "Help", title: "Help" }, { id: "Talk to us", title: "Talk to us" }],
      });
      // Five provider panels: compiled where the build has the provider, else "not in this build".
      const panels = await page.$$eval("[data-provider]", (els) => els.map((e) => ({ p: (e as HTMLElement).dataset.provider!, state: (e as HTMLElement).dataset.state!, text: e.querySelector("pre")!.textContent! })));
      deepEqual(panels.map((x) => x.p), ["bird", "kaleyra", "bik", "zixflow", "cloudApi"]);
      for (const x of panels) {
        if (!built(x.p)) equal(x.state, "missing", `${x.p} is not built, so the page says so`);
        else {
          ok(x.state === "compiled" || x.state === "unsupported", `${x.p}: ${x.state} ${x.text}`);
          if (x.state === "compiled") match(x.text, /^POST https?:\/\//);
          if (x.state === "unsupported") match(x.text, /^unsupported: /);
        }
      }
      // The phone preview: header, formatted body, footer, three reply buttons.
      equal(await page.textContent(".bubble .header"), "Acme");
      equal(await page.textContent(".bubble strong"), "Track it");
      equal(await page.textContent(".bubble .footer"), "Reply STOP to opt out");
      deepEqual(await page.$$eval(".actions .action", (els) => els.map((e) => e.textContent)), ["↩ Track", "↩ Help", "↩ Talk to us"]);

      // Send through the proxy handler to the sandbox.
      await page.click("#send");
      await page.waitForSelector("#result.ok");
      match((await page.textContent("#result"))!, /^✔ accepted by sandbox: sandbox\.1\.[0-9a-f-]{36}$/);
      equal(playground.box.sent.length, 1);
      equal(playground.box.sent[0]!.type, "buttons");
      mkdirSync(new URL("test-output/", root), { recursive: true });
      await page.screenshot({ path: new URL("test-output/playground-buttons.png", root).pathname, fullPage: true });

      // A list: the preview's list button opens the sheet with the rows.
      await page.selectOption("#kind", "list");
      await page.waitForSelector(".list-open");
      await page.click(".list-open");
      await page.waitForSelector("#sheet:not([hidden])");
      deepEqual(await page.$$eval(".sheet-row strong", (els) => els.map((e) => e.textContent)), ["Margherita", "Diavola", "Quattro formaggi"]);
      equal(await page.textContent(".sheet-section"), "Pizza");
      await page.screenshot({ path: new URL("test-output/playground-list.png", root).pathname, fullPage: true });
      // Every kind's starting values make a valid message with a preview and five panels.
      const kinds = await page.$$eval("#kind option", (els) => els.map((e) => (e as HTMLOptionElement).value));
      equal(kinds.length, 18);
      for (const kind of kinds) {
        await page.selectOption("#kind", kind);
        await page.waitForSelector('body[data-valid="true"] #chat .bubble');
        equal(JSON.parse((await page.textContent("#neutral"))!).type, kind);
        equal((await page.$$("[data-provider]")).length, 5);
      }
      deepEqual(errors, [], "no page errors");
    } finally {
      await browser?.close();
      await playground.close();
    }
  });
});
