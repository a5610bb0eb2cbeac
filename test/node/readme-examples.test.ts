// The runtime examples in README.md and docs/ are the files the runtime suites execute: each
// block marked `<!-- example: path -->` must be that file, byte for byte, so the docs cannot
// drift from the tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, ok, deepEqual } from "../harness.ts";
import { codeBlocks, readDoc, root } from "./docs-files.ts";

const blocks = codeBlocks().filter((b) => b.example !== undefined);

describe("README and docs examples", () => {
  it("embed the quick start and the Workers, Deno, Node, browser and CDN examples", () => {
    const embedded = new Set(blocks.map((b) => b.example));
    deepEqual(
      [
        "examples/quickstart.mjs",
        "examples/worker.js",
        "examples/deno.ts",
        "examples/browser.js",
        "examples/cdn.html",
        "examples/node-server.mjs",
      ].filter((p) => !embedded.has(p)),
      [],
      "every runtime example is shown in the docs",
    );
  });
  it("a page's CDN example loads the browser file, the one the docs tell a page to load, and says so", () => {
    const pages = blocks.filter((b) => b.example!.endsWith(".html"));
    ok(pages.length >= 1, "the docs show a page loading wafluent from the CDN");
    for (const { file, line, example, code } of pages) {
      const loaded = [...code.matchAll(/\/dist\/cdn\/(wafluent[\w.]*\.js)/g)].map((m) => m[1]);
      deepEqual(loaded, ["wafluent.browser.min.js"], `${example} in ${file}: the CDN files it imports`);
      // The sentence introducing the example, in the lines above its `<!-- example -->` marker.
      const before = readDoc(file)
        .split("\n")
        .slice(Math.max(0, line - 6), line - 2)
        .join(" ");
      ok(
        before.includes("loads the browser file"),
        `${file}:${line}: the sentence before ${example} names the file it loads`,
      );
    }
  });
  for (const { file, example, code } of blocks) {
    it(`${example} in ${file} is the file the tests run`, () => {
      const text = readFileSync(join(root, example!), "utf8").replace(/\n$/, "");
      ok(code === text, `${file}'s block for ${example} differs from the file; copy the file into ${file}`);
    });
  }
});
