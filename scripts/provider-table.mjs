// The README's provider × kind table, generated from each provider's `kinds` — the same data
// the providers' UnsupportedErrors read — so the table and the errors cannot disagree.
// Usage: node scripts/provider-table.mjs [--write]   (prints the table; --write updates README.md)
import { readFileSync, writeFileSync } from "node:fs";

const lib = await import("../dist/index.js");
// Placeholder credentials: compile-time data only, never sent anywhere.
const columns = [
  ["sandbox", () => lib.sandbox()],
  ["Bird", () => lib.bird?.({ accessKey: "k", workspaceId: "w", channelId: "c" })],
  ["Cloud API", () => lib.cloudApi?.({ accessToken: "t", phoneNumberId: "1" })],
  ["Kaleyra", () => lib.kaleyra?.({ apiKey: "k", sid: "s", from: "+31612345678", pod: "eu" })],
  ["Bik", () => lib.bik?.({ authToken: "t" })],
  ["Zixflow", () => lib.zixflow?.({ apiKey: "k", phoneId: "p" })],
]
  .map(([name, make]) => [name, make()])
  .filter(([, provider]) => provider);

// Every kind, from the one list (src/message.ts KINDS), which the sandbox sends in full.
const kinds = lib.sandbox().kinds;
const table = [
  `| kind | ${columns.map(([n]) => n).join(" | ")} |`,
  `|---|${columns.map(() => "---").join("|")}|`,
  ...kinds.map((k) => `| ${k} | ${columns.map(([, p]) => (p.kinds.includes(k) ? "✔" : "✘")).join(" | ")} |`),
].join("\n");

export const START = "<!-- providers:start -->", END = "<!-- providers:end -->";
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const block = `${START}\n${table}\n${END}`;
const next = readme.includes(START) ? readme.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : readme;
if (process.argv.includes("--write")) writeFileSync(new URL("../README.md", import.meta.url), next);
else if (process.argv.includes("--check")) {
  if (next !== readme) { console.error("README.md's provider table is out of date: run node scripts/provider-table.mjs --write"); process.exit(1); }
} else console.log(table);
