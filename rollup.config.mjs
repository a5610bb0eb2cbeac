// Three outputs from one config:
// 1. dist/: one bundled ES module per public entry (the root and one file per provider), code
//    they share in dist/_chunks/, ky and valibot external. Node loads about a dozen files on
//    `import "wafluent"` (not one per source module), and an edge worker that imports one
//    provider ships no other provider's code.
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

/** One minified ES module with ky and valibot inlined, for `<script type="module">` from a CDN. */
function cdn(input, file) {
  return {
    input,
    plugins: [resolve({ browser: true }), ts(), terser({ module: true, compress: { passes: 2 } })],
    output: { file, format: "es" },
  };
}

export default [
  {
    input: Object.fromEntries([
      ["index", "src/index.ts"],
      ["provider-kit", "src/providers/_kit/index.ts"],
      ...providers,
    ]),
    external: ["ky", "valibot"],
    plugins: [ts()],
    // One bundled file per public entry; code two entries share goes to dist/_chunks/ (one copy, so
    // `instanceof WaError` holds across subpaths). Node loads a handful of files, not one per module.
    output: {
      dir: "dist",
      format: "es",
      hoistTransitiveImports: false,
      entryFileNames: "[name].js",
      chunkFileNames: "_chunks/[name].js",
    },
  },
  cdn("src/index.ts", "dist/cdn/wafluent.min.js"),
  cdn("src/browser.ts", "dist/cdn/wafluent.browser.min.js"),
];
