// The README's provider × kind table, generated from each provider's `kinds` — the same data
// the providers' UnsupportedErrors read — so the table and the errors cannot disagree. Its
// columns are the registry's providers and its rows every kind: a new one appears by itself.
// Usage: node scripts/provider-table.mjs [--write]   (prints the table; --write updates README.md)
import { readFileSync, writeFileSync } from "node:fs";

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
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const block = `${START}\n${table}\n${END}`;
const next = readme.includes(START) ? readme.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : readme;
if (process.argv.includes("--write")) writeFileSync(new URL("../README.md", import.meta.url), next);
else if (process.argv.includes("--check")) {
  if (next !== readme) {
    console.error("README.md's provider table is out of date: run node scripts/provider-table.mjs --write");
    process.exit(1);
  }
} else console.log(table);
