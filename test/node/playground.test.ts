// The playground (npm run demo) driven in Debian's Chromium by Playwright: build a buttons
// message, see the provider panels (the registry's) and the phone preview, fix an inline validation error,
// send through the proxy handler, see the result; open a list sheet. Then each state a user can
// reach: the preview kept (marked invalid) while there are issues, errors quoting what was typed,
// 10 buttons and 10 list rows, the overflow and fallback toggles with their warnings, template
// variables (every provider's template form), the favicon. One screenshot per state, in
// test-output/ (gitignored).
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright";
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";
import { startPlayground } from "../../demo/playground/server.mjs";
import { KINDS } from "../../src/core/message.ts";
import { PROVIDERS } from "../../src/providers/registry.ts";

const root = new URL("../../", import.meta.url);
const built = (factory: string) =>
  existsSync(new URL(`dist/providers/${PROVIDERS.find((p) => p.name === factory)!.folder}.js`, root));
// The panels follow the registry: every provider with a request of its own (not the sandbox, not the relaying proxy), in its order.
const PANELS = PROVIDERS.filter((p) => p.name !== "sandbox" && !("relay" in p)).map((p) => p.name);

const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
const shot = (page: Page, name: string) => {
  mkdirSync(new URL("test-output/", root), { recursive: true });
  return page.screenshot({ path: new URL(`test-output/playground-${name}.png`, root).pathname, fullPage: true });
};

describe("playground in Chromium", () => {
  it("builds a buttons message, shows a payload per registry provider and the preview, validates inline, sends, opens a list sheet", async () => {
    const playground = await startPlayground({ port: 0 });
    let browser: Browser | undefined;
    try {
      browser = await launch();
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
      match(
        (await page.textContent('[data-error-for="button3"]')) ?? "",
        /buttons\[2\]\.title` is 22 characters; WhatsApp allows at most 20/,
      );
      equal(await page.getAttribute("#f-button3", "aria-invalid"), "true");
      ok(await page.isDisabled("#send"), "send is disabled while the message is invalid");
      await page.fill("#f-button3", "Talk to us");
      await page.waitForSelector('body[data-valid="true"]');
      equal(await page.textContent('[data-error-for="button3"]'), "");

      // The neutral message, as JSON.
      deepEqual(JSON.parse((await page.textContent("#neutral"))!), {
        to: "+31612345678",
        type: "buttons",
        body: "Your order #1042 has shipped. *Track it* or ask us anything.",
        header: { type: "text", text: "Acme" },
        footer: "Reply STOP to opt out",
        buttons: [
          { id: "Track", title: "Track" },
          { id: "Help", title: "Help" },
          { id: "Talk to us", title: "Talk to us" },
        ],
      });
      // Five provider panels: compiled where the build has the provider, else "not in this build".
      const panels = await page.$$eval("[data-provider]", (els) =>
        els.map((e) => ({
          p: (e as HTMLElement).dataset.provider!,
          state: (e as HTMLElement).dataset.state!,
          text: e.querySelector("pre")!.textContent!,
        })),
      );
      deepEqual(
        panels.map((x) => x.p),
        PANELS,
        "the panels are the registry's, in its order",
      );
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
      deepEqual(await page.$$eval(".actions .action", (els) => els.map((e) => e.textContent)), [
        "↩ Track",
        "↩ Help",
        "↩ Talk to us",
      ]);

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
      deepEqual(await page.$$eval(".sheet-row strong", (els) => els.map((e) => e.textContent)), [
        "Margherita",
        "Diavola",
        "Quattro formaggi",
      ]);
      equal(await page.textContent(".sheet-section"), "Pizza");
      await page.screenshot({ path: new URL("test-output/playground-list.png", root).pathname, fullPage: true });
      // Every kind's starting values make a valid message with a preview and every panel.
      const kinds = await page.$$eval("#kind option", (els) => els.map((e) => (e as HTMLOptionElement).value));
      deepEqual([...kinds].sort(), [...KINDS].sort(), "the playground offers every kind");
      for (const kind of kinds) {
        await page.selectOption("#kind", kind);
        await page.waitForSelector('body[data-valid="true"] #chat .bubble');
        equal(JSON.parse((await page.textContent("#neutral"))!).type, kind);
        equal((await page.$$("[data-provider]")).length, PANELS.length);
      }
      deepEqual(errors, [], "no page errors");
    } finally {
      await browser?.close();
      await playground.close();
    }
  });
  it("keeps an invalid preview, quotes what was typed, takes 10 buttons and rows, toggles overflow and fallback, previews every template form, has a favicon", async () => {
    const playground = await startPlayground({ port: 0 });
    let browser: Browser | undefined;
    try {
      browser = await launch();
      const page: Page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
      const errors: string[] = [];
      const failed: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("response", (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      await page.goto(playground.url);
      await page.waitForSelector('body[data-valid="true"] #chat .bubble');

      // The favicon: linked, served, and nothing on the page load failed (no /favicon.ico 404).
      equal(await page.getAttribute('link[rel="icon"]', "href"), "/favicon.svg");
      for (const path of ["/favicon.svg", "/favicon.ico"]) {
        const res = await fetch(new URL(path, playground.url));
        equal(res.status, 200, path);
        equal(res.headers.get("content-type"), "image/svg+xml", path);
        match(await res.text(), /^<svg /);
      }

      // 1. Issues keep the preview: marked invalid, showing the message as typed.
      await page.fill("#f-button2", "Talk to a human please");
      await page.waitForSelector('.preview[data-preview="invalid"]');
      ok(await page.isVisible("#preview-state"), "the invalid banner shows");
      match((await page.textContent("#preview-state"))!, /^Not sendable yet: 1 issue/);
      deepEqual(await page.$$eval(".actions .action", (els) => els.map((e) => e.textContent)), [
        "↩ Track",
        "↩ Talk to a human please",
      ]);
      match((await page.textContent(".bubble .text"))!, /Your order #1042 has shipped/);
      ok(await page.isDisabled("#send"));
      await shot(page, "invalid-preview");
      await page.fill("#f-button2", "Help");
      await page.waitForSelector('.preview[data-preview="valid"]');
      ok(await page.isHidden("#preview-state"), "the banner goes once the message is valid");

      // 2. An error about the recipient quotes it as typed, not as normalised.
      await page.fill("#f-to", "12345");
      await page.waitForSelector('[data-error-for="to"]:not(:empty)');
      const toError = (await page.textContent('[data-error-for="to"]'))!;
      ok(toError.includes('"12345"'), toError);
      ok(!toError.includes("+12345"), toError);
      ok(await page.isVisible("#chat .bubble"), "the preview stays while the recipient is wrong");
      await shot(page, "typed-recipient");
      await page.fill("#f-to", "+31612345678");
      await page.waitForSelector('body[data-valid="true"]');
      // A coordinate with a decimal comma is quoted as typed, not as NaN.
      await page.selectOption("#kind", "location");
      await page.fill("#f-latitude", "52,37");
      await page.waitForSelector('[data-error-for="latitude"]:not(:empty)');
      const latError = (await page.textContent('[data-error-for="latitude"]'))!;
      ok(latError.includes('"52,37"') && !latError.includes("NaN"), latError);
      ok(await page.isVisible("#chat .bubble .map"), "the location is still previewed");
      await page.selectOption("#kind", "buttons");
      await page.waitForSelector('body[data-valid="true"]');

      // 3. Ten buttons: the fields grow as they are filled; more than 3 is an issue until the
      // list fallback is on, which sends them as a list and says so.
      const titles = [
        "Track",
        "Help",
        "Invoice",
        "Returns",
        "Delivery",
        "Address",
        "Payment",
        "Gift wrap",
        "Discounts",
        "Something else",
      ];
      equal(await page.isVisible("#f-button5"), false, "button 5 shows only after button 4 is filled");
      for (const [i, title] of titles.entries()) await page.fill(`#f-button${i + 1}`, title);
      await page.waitForSelector('body[data-valid="false"]');
      match((await page.textContent("#general-issues, [data-error-for]:not(:empty)"))!, /at most 3/);
      await page.check("#f-fallback");
      await page.waitForSelector('body[data-valid="true"]');
      match(
        (await page.textContent("#warnings"))!,
        /sent as a list because WhatsApp allows at most 3 reply buttons and there are 10/,
      );
      const asList = JSON.parse((await page.textContent("#neutral"))!);
      equal(asList.type, "list");
      deepEqual(
        asList.sections[0].rows.map((r: { title: string }) => r.title),
        titles,
      );
      await page.click(".list-open");
      await page.waitForSelector("#sheet:not([hidden])");
      deepEqual(await page.$$eval(".sheet-row strong", (els) => els.map((e) => e.textContent)), titles);
      await shot(page, "ten-buttons-fallback");

      // 4. A list with 10 rows; an 11th is an issue, and the preview stays (invalid).
      await page.selectOption("#kind", "list");
      const rows = Array.from({ length: 10 }, (_, i) => `Pizza ${i + 1} | Slice ${i + 1}`);
      await page.fill("#f-rows", rows.join("\n"));
      await page.waitForSelector('body[data-valid="true"] .list-open');
      await page.click(".list-open");
      equal((await page.$$(".sheet-row")).length, 10);
      await shot(page, "ten-rows");
      await page.fill("#f-rows", [...rows, "Pizza 11"].join("\n"));
      await page.waitForSelector('.preview[data-preview="invalid"] .list-open');
      match((await page.textContent('[data-error-for="rows"]'))!, /10/);
      await page.click(".list-open");
      equal((await page.$$(".sheet-row")).length, 11, "the invalid preview shows every row typed");
      await shot(page, "eleven-rows-invalid");

      // 5. Over-long text: an issue, until overflow "truncate" shortens it with a warning.
      await page.selectOption("#kind", "text");
      await page.fill("#f-body", "Long story. ".repeat(400));
      await page.waitForSelector('body[data-valid="false"]');
      match((await page.textContent('[data-error-for="body"]'))!, /4800 characters; WhatsApp allows at most 4096/);
      await page.check("#f-overflow");
      await page.waitForSelector('body[data-valid="true"]');
      match(
        (await page.textContent("#warnings"))!,
        /`body` was 4800 characters; WhatsApp allows at most 4096, so it was shortened/,
      );
      const shortened = JSON.parse((await page.textContent("#neutral"))!).body as string;
      ok([...shortened].length <= 4096 && shortened.endsWith("…"), `${[...shortened].length} characters`);
      await shot(page, "overflow-truncate");
      await page.uncheck("#f-overflow");

      // 6. Templates: positional parameters (Meta's form) compile for the Cloud API; Bird needs
      // named variables and its project id, and then compiles too.
      await page.selectOption("#kind", "template");
      await page.waitForSelector('body[data-valid="true"]');
      const state = (p: string) => page.getAttribute(`[data-provider="${p}"]`, "data-state");
      if (built("cloudApi")) equal(await state("cloudApi"), "compiled");
      if (built("bird")) equal(await state("bird"), "unsupported");
      await page.fill("#f-params", "");
      await page.fill("#f-variables", "name = Ada\norder = 1042");
      await page.fill("#f-birdProject", "8d4f3c2e-1b6a-4f1e-9c3d-2a7b5e6f8091");
      await page.waitForSelector('#neutral:has-text("variables")');
      deepEqual(JSON.parse((await page.textContent("#neutral"))!).template.variables, { name: "Ada", order: "1042" });
      if (built("bird")) {
        equal(await state("bird"), "compiled");
        const bird = (await page.textContent('[data-provider="bird"] pre'))!;
        match(bird, /"projectId": "8d4f3c2e-1b6a-4f1e-9c3d-2a7b5e6f8091"/);
        match(bird, /"key": "name",\s*"value": "Ada"/);
      }
      match((await page.textContent(".bubble .text"))!, /\{\{name\}\} = Ada/);
      await shot(page, "template-variables");

      // 7. Every kind, with every field emptied, is still previewed (marked invalid).
      for (const kind of await page.$$eval("#kind option", (els) => els.map((e) => (e as HTMLOptionElement).value))) {
        await page.selectOption("#kind", kind);
        for (const id of await page.$$eval("#fields input:not([type=checkbox]), #fields textarea", (els) =>
          els.map((e) => e.id),
        ))
          if (await page.isVisible(`#${id}`)) await page.fill(`#${id}`, "");
        await page.waitForSelector('.preview[data-preview="invalid"] #chat .bubble');
        ok(await page.isVisible("#preview-state"), `${kind}: marked invalid`);
      }
      await shot(page, "emptied-flow");

      deepEqual(failed, [], "no request failed");
      deepEqual(errors, [], "no page errors");
    } finally {
      await browser?.close();
      await playground.close();
    }
  });
});
