// The playground given a definitions file (startPlayground({ templates }), what `wafluent templates
// pull` writes): its phone preview shows renderTemplate's text for a template it defines, and
// nothing more for one it does not. Driven in Debian's Chromium by Playwright.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { chromium, type Browser } from "playwright";
import { templatesModule } from "../../src/cli.ts";
import { defineTemplates } from "../../src/templates.ts";
import { startPlayground } from "../../demo/playground/server.mjs";
import { describe, equal, it, ok } from "../harness.ts";

const tmp = mkdtempSync(join(tmpdir(), "wafluent-playground-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("playground with a definitions file", () => {
  it("renders a defined template in the phone preview", async () => {
    const defs = defineTemplates({
      order_update: {
        en_US: {
          category: "UTILITY",
          parameterFormat: "positional",
          body: { text: "Hi {{1}}, order {{2}} has shipped.", params: ["1", "2"] },
          footer: "Reply STOP to opt out",
        },
      },
    } as const);
    const file = join(tmp, "templates.ts");
    writeFileSync(
      file,
      templatesModule(
        Object.values(defs).flatMap((l) => Object.values(l)),
        "cloud-api",
      ),
    );
    const playground = await startPlayground({ port: 0, templates: file });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(playground.url);
      await page.selectOption("#kind", "template");
      await page.waitForSelector("#chat .rendered");
      equal(await page.textContent("#chat .rendered"), "Hi Ada, order #1042 has shipped.\n\nReply STOP to opt out");
      await page.fill("#f-templateName", "not_defined");
      await page.waitForFunction(() => !document.querySelector("#chat .rendered"));
      ok((await page.textContent("#chat"))!.includes("not_defined"));
      equal(errors.join("\n"), "");
    } finally {
      await browser?.close();
      await playground.close();
    }
  });
});
