// The README's provider × kind table, generated from each provider's `kinds` — the same data
// the providers' UnsupportedErrors read — so the table and the errors cannot disagree. Its
// columns are the registry's providers and its rows every kind: a new one appears by itself.
// The provider lists in README.md and docs/*.md (between `<!-- provider-links -->` or
// `<!-- shared-secret-webhooks -->` markers) come from the registry the same way.
// Usage: node scripts/provider-table.mjs [--write | --check]   (prints the table; --write updates
// README.md and docs/*.md; --check fails when one is stale: test/node/package.test.ts runs it)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

import { PROVIDERS } from "../src/providers/registry.ts";
import { ALL_KINDS as kinds } from "../src/send/provider.ts";

// One column per provider of the registry (src/providers/registry.ts), built from its placeholder
// settings (compile-time data only, never sent anywhere); the proxy relays to one of them, so it has none.
const columns = await Promise.all(
  PROVIDERS.filter((p) => !p.relay).map(async (p) => {
    const lib = await import(`../dist/providers/${p.folder}.js`);
    return [p.title, lib[p.name](p.example)];
  }),
);
const table = [
  `| kind | ${columns.map(([n]) => n).join(" | ")} |`,
  `|---|${columns.map(() => "---").join("|")}|`,
  ...kinds.map((k) => `| ${k} | ${columns.map(([, p]) => (p.kinds.includes(k) ? "✔" : "✘")).join(" | ")} |`),
].join("\n");

export const START = "<!-- providers:start -->",
  END = "<!-- providers:end -->";

// The provider lists of the docs, generated from the registry too, between markers:
// - `provider-links`: a link to each sending provider's page (not the sandbox or the relaying proxy),
//   relative to the file (README.md: docs/providers/…; docs/*.md: providers/…);
// - `bsp-names`: the sending providers other than Meta's Cloud API, "A, B or C";
// - `shared-secret-webhooks`: the webhook providers whose requests wafluent checks by a shared
//   secret only (their `signing` has no signature check), "A, B and C".
const sending = PROVIDERS.filter((p) => !p.relay && p.name !== "sandbox");
const and = (names) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
const shared = [];
for (const p of PROVIDERS.filter((p) => p.webhooks)) {
  const { signing } = await import(`../src/providers/${p.folder}/signature.ts`);
  if (!signing.verify) shared.push(p.title);
}
const lists = {
  "provider-links": (prefix) => sending.map((p) => `[${p.title}](${prefix}providers/${p.folder}.md)`).join(", "),
  "bsp-names": () =>
    and(sending.filter((p) => p.name !== "cloudApi").map((p) => p.title)).replace(/ and ([^ ]+)$/, " or $1"),
  "shared-secret-webhooks": () => and(shared),
};
/** `text` with every generated list between its markers up to date (`prefix`: the path to docs/). */
function withLists(text, prefix) {
  let out = text;
  for (const [name, make] of Object.entries(lists))
    out = out.replace(
      new RegExp(`(<!-- ${name} -->)[\\s\\S]*?(<!-- /${name} -->)`, "g"),
      (_, open, close) => `${open}${make(prefix)}${close}`,
    );
  return out;
}

const files = [
  ["README.md", "docs/"],
  ...readdirSync(new URL("../docs/", import.meta.url))
    .filter((f) => f.endsWith(".md"))
    .map((f) => [`docs/${f}`, ""]),
];
const stale = [];
for (const [file, prefix] of files) {
  const url = new URL(`../${file}`, import.meta.url);
  const text = readFileSync(url, "utf8");
  let next = withLists(text, prefix);
  if (file === "README.md") {
    const block = `${START}\n${table}\n${END}`;
    next = next.includes(START) ? next.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : next;
  }
  if (next === text) continue;
  stale.push(file);
  if (process.argv.includes("--write")) writeFileSync(url, next);
}
if (process.argv.includes("--check")) {
  if (stale.length) {
    console.error(
      `${stale.join(", ")}: the provider table or lists are out of date: run node scripts/provider-table.mjs --write`,
    );
    process.exit(1);
  }
} else if (!process.argv.includes("--write")) console.log(table);
