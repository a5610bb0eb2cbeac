// What Node does on `import "wafluent"`: every file of dist/ it loads is read, compiled and linked
// on its own (a cold process pays about half a millisecond per file), and V8 keeps each file's
// source text for the life of the process (one byte per character only while it is all ASCII).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { PROVIDERS } from "../../src/providers/registry.ts";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const dist = new URL("../../dist/", import.meta.url).pathname;

/** Every dist file a static import of `entry` loads, and the packages those files import. */
function graph(entry: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|[;\n])\s*(?:import|export)\s*(?:[^"';]*?\bfrom\s*)?["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith(".")) walk(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  walk(join(dist, entry));
  return { files: [...seen].map((f) => relative(dist, f)).sort(), packages: [...packages].sort() };
}

describe("dist: what a Node process loads and keeps", () => {
  it('`import "wafluent"` loads three files: the root and two shared chunks', () => {
    const { files } = graph("index.js");
    deepEqual(files, ["_chunks/core.js", "_chunks/send.js", "index.js"]);
  });

  it("each provider subpath loads its entry and shared chunks only, and is the root's provider", async () => {
    const root = await import(join(dist, "index.js"));
    for (const p of PROVIDERS) {
      const { files } = graph(`providers/${p.folder}.js`);
      deepEqual(
        files.filter((f) => !f.startsWith("_chunks/")),
        [`providers/${p.folder}.js`],
      );
      const sub = await import(join(dist, `providers/${p.folder}.js`));
      for (const [name, value] of Object.entries(sub)) if (name in root) equal(root[name], value, name);
    }
  });

  // (Which providers load ky is a bundler's question since ky comes with a provider's HTTP sender:
  // test/node/size-budgets.test.ts pins that the sandbox's text worker bundles no ky.)

  it("every module file is ASCII, so V8 holds its source at one byte per character", () => {
    const js = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".js") && !f.startsWith("cdn/"),
    );
    ok(js.length > 0, "dist/ is built");
    for (const f of js) {
      const text = readFileSync(join(dist, f), "utf8");
      const at = text.search(/[^\0-\x7f]/);
      ok(at < 0, `dist/${f} has a non-ASCII character at ${at}: ${JSON.stringify(text.slice(at - 40, at + 10))}`);
    }
  });
});
