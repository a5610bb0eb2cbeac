// The README's runtime examples are the files the runtime suites execute: each block marked
// `<!-- example: path -->` must be that file, byte for byte, so the docs cannot drift from the tests.
import { readFileSync } from "node:fs";
import { describe, it, ok, equal } from "../harness.ts";

const root = new URL("../../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const blocks = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)];

describe("README examples", () => {
  it("has the Workers, Deno, browser and CDN examples", () => {
    equal(blocks.map((b) => b[1]).join(" "), "examples/worker.js examples/deno.ts examples/browser.js examples/cdn.html");
  });
  for (const [, path, code] of blocks) {
    it(`${path} in the README is the file the tests run`, () => {
      const file = readFileSync(new URL(path!, root), "utf8").replace(/\n$/, "");
      ok(code === file, `README block for ${path} differs from the file; copy the file into the README`);
    });
  }
});
