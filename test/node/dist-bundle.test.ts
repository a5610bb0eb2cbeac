// dist/ is one bundled ES module per public entry (the root and each provider subpath) plus the
// chunks they share, so `import "wafluent"` loads about a dozen files instead of one per source
// module; bundling keeps one copy of shared code and keeps unused code droppable by bundlers.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { PROVIDERS } from "../../src/providers/registry.ts";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const root = new URL("../../", import.meta.url).pathname;
const dist = join(root, "dist");
const providers: string[] = PROVIDERS.map((p) => p.folder);

/** Every dist file a static import of `entry` loads (relative imports only; ky and valibot are external). */
function graph(entry: string): string[] {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|[;\n])\s*(?:import|export)\s*(?:[^"';]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g))
      walk(resolve(dirname(file), m[1]!));
  };
  walk(entry);
  return [...seen].map((f) => relative(dist, f)).sort();
}

describe("dist: one bundled file per public entry", () => {
  it("holds only entry files, their shared chunks and the CDN files", () => {
    const js = readdirSync(dist, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".js"))
      .sort();
    const entries = [
      "index.js",
      "provider-kit.js",
      "templates.js",
      "cli.js",
      "media.js",
      ...providers.map((p) => `providers/${p}.js`),
    ];
    for (const e of entries) ok(js.includes(e), `${e} is built`);
    deepEqual(
      js.filter((f) => !entries.includes(f) && !f.startsWith("_chunks/") && !f.startsWith("cdn/")),
      [],
    );
    ok(!existsSync(join(dist, "builder.js")), "no file per source module");
  });

  it('`import "wafluent"` loads the root, the provider subpaths it re-exports and a few chunks', () => {
    const files = graph(join(dist, "index.js"));
    ok(files.length <= providers.length + 8, `${files.length} files: ${files.join(", ")}`);
    ok(
      files.every((f) => f === "index.js" || f.startsWith("providers/") || f.startsWith("_chunks/")),
      files.join(", "),
    );
  });

  it("a provider subpath loads no other provider's file", () => {
    for (const p of providers) {
      const others = graph(join(dist, `providers/${p}.js`)).filter(
        (f) => f.startsWith("providers/") && f !== `providers/${p}.js`,
      );
      deepEqual(others, [], `providers/${p}.js`);
    }
  });

  it("shared code has one copy: an error from a provider subpath is the root's class", async () => {
    const rootLib = await import(join(dist, "index.js"));
    const { sandbox } = await import(join(dist, "providers/sandbox.js"));
    equal(rootLib.sandbox, sandbox);
    const { cloudApi } = await import(join(dist, "providers/cloud-api.js"));
    let caught: unknown;
    try {
      cloudApi({ accessToken: "", phoneNumberId: "1" });
    } catch (e) {
      caught = e;
    }
    ok(caught instanceof rootLib.WaError, String(caught));
  });

  it("a bundler still drops what an app does not use: a webhook-only worker ships no ky, valibot or builder", async () => {
    const r = await build({
      stdin: { contents: 'export { verifyWebhook } from "./dist/index.js";', resolveDir: root, loader: "js" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      metafile: true,
      logLevel: "silent",
    });
    const shipped = Object.entries(Object.values(r.metafile.outputs)[0]!.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([f]) => f);
    deepEqual(
      shipped.filter((f) => /node_modules\/(ky|valibot)\//.test(f)),
      [],
    );
    const code = r.outputFiles[0]!.text;
    ok(!/\bChain\b/.test(code), "the builder's class is dropped");
  });
});
