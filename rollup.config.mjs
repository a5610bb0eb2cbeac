// Two outputs from one config:
// 1. dist/: ESM per entry (the root and one file per provider), ky and valibot external, so an
//    edge worker that imports one provider ships no other provider's code.
// 2. dist/cdn/wafluent.min.js: one minified file with ky and valibot inlined, for
//    <script type="module"> from a CDN.
// Type declarations come from `tsc -p tsconfig.build.json` (see the build script).
import { readdirSync } from "node:fs";
import typescript from "@rollup/plugin-typescript";
import resolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

const providers = readdirSync("src/providers")
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .map((f) => `src/providers/${f}`);

const ts = () =>
  typescript({ tsconfig: "./tsconfig.json", compilerOptions: { noEmit: false, declaration: false, allowImportingTsExtensions: true }, include: ["src/**/*.ts"] });

export default [
  {
    input: Object.fromEntries([["index", "src/index.ts"], ...providers.map((p) => [p.slice(4, -3), p])]),
    external: ["ky", "valibot"],
    plugins: [ts()],
    // One bundled file per public entry; code two entries share goes to dist/_chunks/ (one copy, so
    // `instanceof WaError` holds across subpaths). Node loads a handful of files, not one per module.
    output: { dir: "dist", format: "es", hoistTransitiveImports: false, entryFileNames: "[name].js", chunkFileNames: "_chunks/[name].js" },
  },
  {
    input: "src/index.ts",
    plugins: [resolve({ browser: true }), ts(), terser({ module: true, compress: { passes: 2 } })],
    output: { file: "dist/cdn/wafluent.min.js", format: "es" },
  },
];
