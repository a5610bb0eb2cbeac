// The bundles whose size wafluent answers for, and how one is measured: esbuild (minify, ESM,
// browser platform, es2022) as a user's bundler would, then gzip at level 9. Used by the size
// budget test (test/node/size-budgets.test.ts, against bench/budgets.json) and by bench/size.mjs.
// Every bundle starts from dist/, so `npm run build` comes first.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { PROVIDERS } from "../src/providers/registry.ts";

const root = new URL("..", import.meta.url).pathname;

/** A value for one setting of a provider's registry example, as source text. */
const literal = (v) => JSON.stringify(v);

/**
 * Every bundle with a budget, by name: one text worker per built-in provider (from the registry,
 * so a new provider gets a row by being added there), the proxy page and handler, a worker that
 * only verifies webhooks, and the two CDN files.
 * @returns {{ name: string, what: string, source?: string, file?: string }[]}
 */
export function bundles() {
  const rows = [];
  for (const p of PROVIDERS) {
    const settings = Object.entries(p.example)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(", ");
    rows.push({
      name: `worker:${p.folder}`,
      what: p.relay
        ? `a page sending one text through \`${p.name}()\``
        : `a worker sending one text through \`${p.name}()\``,
      source:
        `import { whatsapp } from "./dist/index.js"; import { ${p.name} } from "./dist/providers/${p.folder}.js";\n` +
        `export default () => whatsapp({ provider: ${p.name}({ ${settings} }) }).text("hi").to("+31612345678");`,
    });
  }
  rows.push(
    {
      name: "proxy-handler",
      what: "a worker serving `createProxyHandler` with the sandbox",
      source:
        'import { createProxyHandler } from "./dist/index.js"; import { sandbox } from "./dist/providers/sandbox.js";\n' +
        "export default { fetch: createProxyHandler({ provider: sandbox(), authorize: () => false }) };",
    },
    {
      name: "webhook-verify",
      what: "a worker that only verifies webhooks (`verifyWebhook`)",
      source:
        'import { verifyWebhook } from "./dist/index.js";\nexport default { fetch: async (r) => new Response(null, { status: (await verifyWebhook(r, { provider: "cloudApi", secret: "s" })) ? 200 : 401 }) };',
    },
    { name: "cdn", what: "CDN file, everything (dist/cdn/wafluent.min.js)", file: "dist/cdn/wafluent.min.js" },
    {
      name: "cdn-browser",
      what: "CDN browser file (dist/cdn/wafluent.browser.min.js)",
      file: "dist/cdn/wafluent.browser.min.js",
    },
  );
  return rows;
}

/** gzip level 9, as the budgets count. */
export const gzipSize = (code) => gzipSync(code, { level: 9 }).length;

/**
 * Bundles `source` (resolved from the package root) as a user's bundler would.
 * @returns {Promise<{ bytes: number, inputs: string[], code: string, meta: object }>} min+gzip bytes,
 *   the modules bundled, the minified code and esbuild's metafile
 */
export async function bundle(source) {
  const r = await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    platform: "browser",
    target: "es2022",
    metafile: true,
    logLevel: "silent",
  });
  return {
    bytes: gzipSize(r.outputFiles[0].contents),
    code: r.outputFiles[0].text,
    inputs: Object.keys(Object.values(r.metafile.outputs)[0].inputs),
    meta: r.metafile,
  };
}

/** The min+gzip size of one row of {@link bundles}. */
export async function measure(row) {
  if (row.file) return { bytes: gzipSize(readFileSync(`${root}${row.file}`)), inputs: [] };
  return bundle(row.source);
}
