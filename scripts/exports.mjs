// The provider subpaths of jsr.json's and package.json's `exports`, generated from the registry
// (src/providers/registry.ts): one `./providers/<folder>` per registry entry, sorted by folder,
// right after `./provider-kit`; every other entry is kept as it is, in its place. The root's
// re-exports of the factories (src/index.ts) stay hand-written (TypeScript cannot generate
// exports); test/node/registry.test.ts checks them, and runs this script's check.
// Usage: node scripts/exports.mjs [--write | --check]
//   (no flag: prints what would change; --write updates both files; --check exits 1 when either is stale)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { PROVIDERS } from "../src/providers/registry.ts";

const PREFIX = "./providers/";
const ANCHOR = "./provider-kit";

/** `exports` with its provider entries replaced by `entry(folder)` for each of `folders`, after {@link ANCHOR}. */
function withProviders(exports, folders, entry) {
  const kept = Object.entries(exports).filter(([key]) => !key.startsWith(PREFIX));
  const at = kept.findIndex(([key]) => key === ANCHOR);
  if (at < 0) throw new Error(`exports has no "${ANCHOR}" entry to put the provider subpaths after.`);
  const providers = [...folders].sort().map((folder) => [`${PREFIX}${folder}`, entry(folder)]);
  return Object.fromEntries([...kept.slice(0, at + 1), ...providers, ...kept.slice(at + 1)]);
}

/**
 * The text jsr.json and package.json should have for these providers, from their current text.
 * @param {{ jsr: string, pkg: string }} current
 * @param {readonly { folder: string }[]} providers
 * @returns {{ jsr: string, pkg: string }}
 */
export function generate(current, providers = PROVIDERS) {
  const folders = providers.map((p) => p.folder);
  const jsr = JSON.parse(current.jsr);
  const pkg = JSON.parse(current.pkg);
  jsr.exports = withProviders(jsr.exports, folders, (f) => `./src/providers/${f}/index.ts`);
  pkg.exports = withProviders(pkg.exports, folders, (f) => ({
    types: `./dist/providers/${f}.d.ts`,
    import: `./dist/providers/${f}.js`,
  }));
  const text = (o) => `${JSON.stringify(o, null, 2)}\n`;
  return { jsr: text(jsr), pkg: text(pkg) };
}

const FILES = { jsr: new URL("../jsr.json", import.meta.url), pkg: new URL("../package.json", import.meta.url) };

/** The files whose provider exports differ from the registry's, and the text they should have. */
export function stale() {
  const current = { jsr: readFileSync(FILES.jsr, "utf8"), pkg: readFileSync(FILES.pkg, "utf8") };
  const next = generate(current);
  return Object.keys(FILES)
    .filter((k) => next[k] !== current[k])
    .map((k) => ({ file: fileURLToPath(FILES[k]), text: next[k] }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = stale();
  if (process.argv.includes("--write")) for (const { file, text } of out) writeFileSync(file, text);
  else if (out.length > 0) {
    console.error(
      `${out.map((o) => o.file).join(" and ")}: the provider exports differ from src/providers/registry.ts; run node scripts/exports.mjs --write`,
    );
    if (process.argv.includes("--check")) process.exit(1);
  }
  if (out.length === 0) console.log("jsr.json and package.json export one subpath per registry provider.");
  else if (process.argv.includes("--write")) console.log(`updated ${out.map((o) => o.file).join(" and ")}`);
}
