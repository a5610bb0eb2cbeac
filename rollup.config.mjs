// Three outputs from one config:
// 1. dist/: one bundled ES module per public entry (the root and one file per provider), code
//    they share in two chunks in dist/_chunks/ (see sharedChunk), ky and valibot external. Node
//    loads three files on `import "wafluent"` (not one per source module), and an edge worker
//    that imports one provider ships no other provider's code. ky is reached through `#ky-load`
//    (package.json `imports`, see kyLoad): on Node on first need, for bundlers statically.
// 2. dist/cdn/wafluent.min.js: everything (src/index.ts), minified, ky and valibot inlined, for
//    <script type="module"> from a CDN.
// 3. dist/cdn/wafluent.browser.min.js: the same for a page (src/browser.ts): builder, validation,
//    fit, errors, proxy() and sandbox(); no provider holding keys, no webhooks, queues or proxy handler.
// Type declarations come from `tsc -p tsconfig.build.json` (see the build script).
import { readdirSync } from "node:fs";
import { transform } from "esbuild";
import resolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

// One entry per provider folder (src/providers/<name>/index.ts → dist/providers/<name>.js); folders
// starting with "_" hold shared code, not entries (the registry's folders; test/node/registry.test.ts).
const providers = readdirSync("src/providers", { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
  .map((e) => [`providers/${e.name}`, `src/providers/${e.name}/index.ts`]);

// Types are stripped with esbuild (src/ is erasable syntax only, see tsconfig.json; `tsc` type-checks
// it in `npm run typecheck`). Unlike tsc it emits no `var _a; … _a = Chain;` alias around a class
// that constructs itself: that assignment is a top-level side effect which kept the builder (and
// with it valibot and ky) in bundles that never use it, once dist/ became one file per entry
// (a verifyWebhook-only worker: 15.6 KB min+gzip instead of 1.5 KB; test/node/dist-bundle.test.ts).
const ts = () => ({
  name: "strip-types",
  async transform(code, id) {
    if (!id.endsWith(".ts")) return null;
    const out = await transform(code, {
      loader: "ts",
      format: "esm",
      target: "es2022",
      sourcemap: true,
      sourcefile: id,
    });
    return { code: out.code, map: out.map };
  },
});

/**
 * Code that two or more entries reach goes into two chunks instead of one per set of entries
 * that share it: `_chunks/core.js` (errors, JSON and secret helpers, the providers that compile
 * without ky or valibot) and `_chunks/send.js` (what imports ky or valibot: validation, the
 * transport, Bird). A provider the root re-exports counts as reached by both, so its entry
 * file only re-exports from a chunk, and `import "wafluent"` loads three files instead of
 * fifteen: Node reads, compiles and links each file on its own, and fifteen cost about 6 ms
 * more than one on a cold start. A provider subpath that compiles without sending
 * (cloud-api, kaleyra, bik, zixflow) still loads neither ky nor valibot; bundlers still drop
 * what an app does not use (no chunk has top-level side effects), so an edge worker that
 * imports one provider ships no other provider's code.
 */
function sharedChunk(id, { getModuleInfo }) {
  const entries = new Set();
  const seen = new Set();
  const reach = (m) => {
    if (seen.has(m)) return;
    seen.add(m);
    const info = getModuleInfo(m);
    if (info?.isEntry) entries.add(m);
    // A provider's modules go with the shared code too when the root re-exports them: its
    // entry file then only re-exports, and the root loads no file per provider.
    if (!info?.isEntry || info.importers.length > 0) for (const by of info?.importers ?? []) reach(by);
  };
  reach(id);
  if (entries.size < 2) return undefined;
  // Template code only wafluent/templates and the command's entry share stays out of the chunks
  // `import "wafluent"` loads.
  if ([...entries].every((e) => /src\/(templates|cli)\.ts$/.test(e))) return "templates";
  return needsDeps(id, getModuleInfo, new Set()) ? "send" : "core";
}

/** Whether a module imports ky or valibot, itself or through the modules it imports. */
function needsDeps(id, getModuleInfo, seen) {
  if (seen.has(id)) return false;
  seen.add(id);
  const info = getModuleInfo(id);
  if (!info) return false;
  if (info.isExternal) return true;
  return info.importedIds.some((m) => needsDeps(m, getModuleInfo, seen));
}

/**
 * Escapes what is not ASCII (a `…` or `→` left in a comment) as `\uXXXX`. V8 keeps the source
 * text of every module for as long as the process runs, one byte per character when it is all
 * ASCII and two otherwise: one `…` doubled the 88 KB of dist/index.js in the heap of every
 * process that imports it. Inside strings, templates and regular expressions the escape means
 * the same character (esbuild already writes strings that way).
 */
const asciiOnly = () => ({
  name: "ascii-only",
  renderChunk: (code) =>
    /[^\0-\x7f]/.test(code)
      ? { code: code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), map: null }
      : null,
});

/**
 * How the transport loads ky (src/send/ky-load.ts). In dist/ it is `#ky-load`, which package.json
 * `imports` maps to dist/_chunks/ky-lazy.js for Node (ky imported on first need: a send that
 * succeeds at once never loads ky's 30 files) and to dist/_chunks/ky-now.js for bundlers (ky
 * imported statically, as a bundle holds it anyway). The CDN files take ky-now.ts.
 */
const KY_LOAD = "./ky-load.ts";
const kyLoad = (asIs) => ({
  name: "ky-load",
  resolveId(source, importer) {
    if (source !== KY_LOAD || !importer || importer.endsWith("/ky-load.ts")) return null;
    return asIs ? this.resolve("./ky-now.ts", importer) : { id: "#ky-load", external: true };
  },
});

/** One minified ES module with ky and valibot inlined, for `<script type="module">` from a CDN. */
function cdn(input, file) {
  return {
    input,
    plugins: [kyLoad(true), resolve({ browser: true }), ts(), terser({ module: true, compress: { passes: 2 } })],
    output: { file, format: "es" },
  };
}

export default [
  {
    input: Object.fromEntries([
      ["index", "src/index.ts"],
      ["provider-kit", "src/providers/_kit/index.ts"],
      ...providers,
      ["templates", "src/templates.ts"],
      ["cli", "src/cli.ts"],
      ["media", "src/media.ts"],
    ]),
    external: ["ky", "valibot"],
    plugins: [kyLoad(false), ts(), asciiOnly()],
    // One bundled file per public entry; code two entries share goes to dist/_chunks/ (one copy, so
    // `instanceof WaError` holds across subpaths). Node loads a handful of files, not one per module.
    output: {
      dir: "dist",
      format: "es",
      hoistTransitiveImports: false,
      entryFileNames: "[name].js",
      chunkFileNames: "_chunks/[name].js",
      manualChunks: sharedChunk,
    },
  },
  // The two files `#ky-load` maps to (see kyLoad).
  {
    input: { "ky-lazy": "src/send/ky-load.ts", "ky-now": "src/send/ky-now.ts" },
    external: ["ky"],
    plugins: [ts(), asciiOnly()],
    output: { dir: "dist", format: "es", entryFileNames: "_chunks/[name].js" },
  },
  cdn("src/index.ts", "dist/cdn/wafluent.min.js"),
  cdn("src/browser.ts", "dist/cdn/wafluent.browser.min.js"),
];
