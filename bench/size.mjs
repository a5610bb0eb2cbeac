// Bundle sizes, min+gzip, measured with esbuild in one run:
//  (a) what an edge worker ships to send a text with one provider (each provider that exists),
//  (b) ky alone, (c) the full CDN bundle, (d) the browser CDN file.
//  Targets (issue 19): "ours + valibot" ≤ 15 KB for the sandbox, ≤ 17 KB for cloud-api, ≤ 19 KB
//  for bird; (c) ≤ 42 KB; (d) ≤ 24 KB. "Ours + valibot" is (a) − (b) when the bundle holds ky, and
//  (a) itself when it does not (a provider that sends without HTTP, the sandbox, ships no ky): ky's
//  bytes are taken off only where they are.
// Usage: npm run build && node bench/size.mjs [--write]  (--write updates bench/RESULTS.md)
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { report } from "./results.mjs";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const gz = (code) => gzipSync(code, { level: 9 }).length;
let lastMeta;
/** Whether the last bundle holds ky (any module of node_modules/ky). */
const hasKy = (meta) => Object.keys(Object.values(meta.outputs)[0].inputs).some((f) => /node_modules\/ky\//.test(f));
async function size(contents) {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    platform: "browser",
    target: "es2022",
    metafile: true,
  });
  lastMeta = r.metafile;
  return gz(r.outputFiles[0].contents);
}

// Where the bytes of a bundle come from: minified bytes per group of modules (before gzip).
// dist/ is one file per entry, so the breakdown bundles the same worker from src/ instead.
const GROUPS = [
  ["ky", /node_modules\/ky\//],
  ["valibot", /node_modules\/valibot\//],
  ["schemas (src/schemas)", /src\/schemas\//],
  ["fit policy (src/fit.ts)", /src\/fit\.ts/],
  ["builder + normalize", /src\/(builder|normalize|unbound)\.ts/],
  ["transport + outgoing + errors", /src\/(transport|outgoing|errors|client|validate|provider)\.ts/],
  ["provider", /src\/providers\//],
  [
    "settings checks + credential redaction (config, numeric-option, secrets)",
    /src\/(config|numeric-option|secrets)\.ts/,
  ],
  ["recipients (recipient.ts)", /src\/recipient\.ts/],
];
function breakdown(meta) {
  const out = Object.values(meta.outputs)[0];
  const sums = new Map();
  let total = 0;
  for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
    const group = GROUPS.find(([, re]) => re.test(file))?.[0] ?? "other";
    sums.set(group, (sums.get(group) ?? 0) + bytesInOutput);
    total += bytesInOutput;
  }
  return [...sums]
    .sort((a, b) => b[1] - a[1])
    .map(([g, n]) => `| ${g} | ${(n / 1024).toFixed(1)} KB | ${Math.round((100 * n) / total)} % |`);
}

// Provider factories need credentials; these are placeholders, never sent anywhere.
const factories = {
  sandbox: "sandbox()",
  bird: 'bird({ accessKey: "k", workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90", channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f" })',
  "cloud-api": 'cloudApi({ accessToken: "t", phoneNumberId: "1" })',
  kaleyra: 'kaleyra({ apiKey: "k", sid: "s", from: "+31612345678", pod: "eu" })',
  bik: 'bik({ authToken: "t" })',
  zixflow: 'zixflow({ apiKey: "k", phoneId: "p" })',
};
const exportName = {
  sandbox: "sandbox",
  bird: "bird",
  "cloud-api": "cloudApi",
  kaleyra: "kaleyra",
  bik: "bik",
  zixflow: "zixflow",
};
const present = readdirSync(`${root}src/providers`)
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((p) => p in factories);

const ky = await size('import ky from "ky"; export default ky;');
const rows = [];
for (const p of present) {
  const a = await size(
    `import { whatsapp } from "./dist/index.js"; import { ${exportName[p]} } from "./dist/providers/${p}.js";\n` +
      `export default () => whatsapp({ provider: ${factories[p]} }).text("hi").to("+31612345678");`,
  );
  rows.push({ p, a, ours: hasKy(lastMeta) ? a - ky : a });
}
const cdn = gz(readFileSync(`${root}dist/cdn/wafluent.min.js`));
const cdnBrowser = gz(readFileSync(`${root}dist/cdn/wafluent.browser.min.js`));
const TARGET = { sandbox: 15, "cloud-api": 17, bird: 19 };
const target = (p, ours) =>
  p in TARGET ? `ours + valibot ≤ ${TARGET[p]} KB ${ours <= TARGET[p] * 1024 ? "✔" : "✘"}` : "—";
const kb = (n) => (n / 1024).toFixed(2) + " KB";

const lines = [
  "| what | min+gzip | target |",
  "|---|---|---|",
  `| (b) ky alone | ${kb(ky)} | — |`,
  ...rows.map(
    ({ p, a, ours }) =>
      `| (a) edge worker: text via ${p} | ${kb(a)} (ours + valibot: ${kb(ours)}${ours === a ? ", no ky" : ""}) | ${target(p, ours)} |`,
  ),
  `| (c) CDN bundle, everything (dist/cdn/wafluent.min.js) | ${kb(cdn)} | ≤ 42 KB ${cdn <= 42 * 1024 ? "✔" : "✘"} |`,
  `| (d) CDN browser file (dist/cdn/wafluent.browser.min.js) | ${kb(cdnBrowser)} | ≤ 24 KB ${cdnBrowser <= 24 * 1024 ? "✔" : "✘"} |`,
];
if (rows.some((r) => r.p === "sandbox")) {
  await size(
    'import { whatsapp } from "./src/index.ts"; import { sandbox } from "./src/providers/sandbox/index.ts";\n' +
      'export default () => whatsapp({ provider: sandbox() }).text("hi").to("+31612345678");',
  );
  lines.push(
    "",
    "Where the bytes of the sandbox text worker come from (minified, before gzip):",
    "",
    "| modules | minified | share |",
    "|---|---|---|",
    ...breakdown(lastMeta),
  );
}
report("size", {
  ky,
  cdn,
  cdnBrowser,
  ...Object.fromEntries(rows.map(({ p, a }) => [`worker:${p}`, a])),
  ...Object.fromEntries(rows.map(({ p, ours }) => [`ours:${p}`, ours])),
});
console.log(lines.join("\n"));
if (process.argv.includes("--write")) {
  const file = `${root}bench/RESULTS.md`;
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {}
  const block = `<!-- size:start -->\n## Bundle size (bench/size.mjs, ${new Date().toISOString().slice(0, 10)})\n\n${lines.join("\n")}\n<!-- size:end -->`;
  text = /<!-- size:start -->[\s\S]*<!-- size:end -->/.test(text)
    ? text.replace(/<!-- size:start -->[\s\S]*<!-- size:end -->/, block)
    : `# Benchmark results\n\nMeasured on this project's 2-core machine; numbers are ratios or sizes from one run each.\n\n${block}\n${text.replace(/^# Benchmark results\n+/, "")}`;
  writeFileSync(file, text);
}
