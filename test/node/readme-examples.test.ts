// The runtime examples in README.md and docs/ are the files the runtime suites execute: each
// block marked `<!-- example: path -->` must be that file, byte for byte, so the docs cannot
// drift from the tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, ok, deepEqual } from "../harness.ts";
import { codeBlocks, root } from "./docs-files.ts";

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
  for (const { file, example, code } of blocks) {
    it(`${example} in ${file} is the file the tests run`, () => {
      const text = readFileSync(join(root, example!), "utf8").replace(/\n$/, "");
      ok(code === text, `${file}'s block for ${example} differs from the file; copy the file into ${file}`);
    });
  }
});
