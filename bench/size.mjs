// Bundle sizes, min+gzip, for every bundle of bench/bundles.mjs (the ones with a budget in
// bench/budgets.json, which `npm test` enforces), with ky's own size and where the bytes of the
// sandbox text worker come from. "Ours + valibot" is a bundle less ky where it holds ky.
// Usage: npm run build && node bench/size.mjs [--write]  (--write updates bench/RESULTS.md)
import { readFileSync, writeFileSync } from "node:fs";
import { bundle, bundles, measure } from "./bundles.mjs";
import { report } from "./results.mjs";

const root = new URL("..", import.meta.url).pathname;
const budgets = JSON.parse(readFileSync(`${root}bench/budgets.json`, "utf8")).budgets;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

// Where the bytes of a bundle come from: minified bytes per group of modules (before gzip).
// dist/ is one file per entry, so the breakdown bundles the same worker from src/ instead.
const GROUPS = [
  ["ky", /node_modules\/ky\//],
  ["valibot", /node_modules\/valibot\//],
  ["schemas (src/core/schemas)", /src\/core\/schemas\//],
  ["fit policy (src/core/fit.ts, truncate.ts, buttons-fallback.ts)", /src\/core\/(fit|truncate|buttons-fallback)\.ts/],
  [
    "builder (builder, steps, snap, normalize, unbound)",
    /src\/(send\/(builder|steps|snap|unbound)|core\/normalize)\.ts/,
  ],
  ["bulk sends (bulk.ts, rate-limit.ts)", /src\/send\/(bulk|rate-limit)\.ts/],
  [
    "client, outgoing, in-process send, answers, errors, validation",
    /src\/(send\/(client|outgoing|sender|answers|provider|reply)|core\/(errors|validate))\.ts/,
  ],
  [
    "HTTP transport (transport, first-attempt, transport-errors, request-body, body)",
    /src\/send\/(transport|first-attempt|transport-errors|request-body|body)\.ts/,
  ],
  ["credential redaction (secrets, request-secrets)", /src\/send\/(secrets|request-secrets)\.ts/],
  [
    "settings checks (config, setting-values, transport-options)",
    /src\/send\/(config|setting-values|transport-options)\.ts/,
  ],
  ["provider", /src\/providers\//],
  ["recipients (recipient.ts)", /src\/core\/recipient\.ts/],
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

const ky = (await bundle('import ky from "ky"; export default ky;')).bytes;
const values = { ky };
const lines = ["| bundle | min+gzip | budget |", "|---|---|---|", `| ky alone | ${kb(ky)} | — |`];
for (const row of bundles()) {
  const { bytes, inputs } = await measure(row);
  const withKy = inputs.some((f) => /node_modules\/ky\//.test(f));
  values[row.name] = bytes;
  if (row.name.startsWith("worker:")) values[row.name.replace("worker:", "ours:")] = withKy ? bytes - ky : bytes;
  const budget = budgets[row.name]?.bytes;
  lines.push(
    `| ${row.what} | ${kb(bytes)}${withKy ? ` (ours + valibot: ${kb(bytes - ky)})` : row.file ? "" : ", no ky"} | ${
      budget === undefined ? "none" : `${kb(budget)} ${bytes <= budget ? "✔" : "✘"}`
    } |`,
  );
}
const sandbox = await bundle(
  'import { whatsapp } from "./src/index.ts"; import { sandbox } from "./src/providers/sandbox/index.ts";\n' +
    'export default () => whatsapp({ provider: sandbox() }).text("hi").to("+31612345678");',
);
const cloud = await bundle(
  'import { whatsapp } from "./src/index.ts"; import { cloudApi } from "./src/providers/cloud-api/index.ts";\n' +
    'export default () => whatsapp({ provider: cloudApi({ accessToken: "t", phoneNumberId: "1" }) }).text("hi").to("+31612345678");',
);
lines.push(
  "",
  "Where the bytes of the sandbox text worker come from (minified, before gzip):",
  "",
  "| modules | minified | share |",
  "|---|---|---|",
  ...breakdown(sandbox.meta),
  "",
  "And of the Cloud API text worker (minified, before gzip):",
  "",
  "| modules | minified | share |",
  "|---|---|---|",
  ...breakdown(cloud.meta),
);
report("size", { ...values, cdnBrowser: values["cdn-browser"] });
console.log(lines.join("\n"));
if (process.argv.includes("--write")) {
  const file = `${root}bench/RESULTS.md`;
  let text = readFileSync(file, "utf8");
  const block = `<!-- size:start -->\n## Bundle size (bench/size.mjs, ${new Date().toISOString().slice(0, 10)})\n\n${lines.join("\n")}\n<!-- size:end -->`;
  text = /<!-- size:start -->[\s\S]*<!-- size:end -->/.test(text)
    ? text.replace(/<!-- size:start -->[\s\S]*<!-- size:end -->/, () => block)
    : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
