// The "lint" suite of npm test: `biome check --error-on-warnings` over the repository, as
// configured in biome.jsonc, so formatting and every enabled rule, warnings included.
// Prints Biome's diagnostics, then one line per file with a problem, and ends with "N passed, N failed"
// (one test per file Biome checked).
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = ["check", "--error-on-warnings", "--max-diagnostics=none", "."];
console.log(`biome ${args.join(" ")}`);
const run = spawnSync(join(root, "node_modules/.bin/biome"), args, {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
  env: { ...process.env, NO_COLOR: "1" },
});
if (run.error) throw run.error;
const out = `${run.stdout}\n${run.stderr}`;
process.stdout.write(out);

// A diagnostic starts with "path[:line:col] category ━━━…", e.g. "src/a.ts:3:7 lint/style/useConst ━━━"
// or "src/a.ts format ━━━".
const bad = new Map();
for (const m of out.matchAll(/^(\S+?)(?::\d+:\d+)? ([a-z][\w/]*)\b.*━━━/gm)) {
  if (!bad.has(m[1])) bad.set(m[1], new Set());
  bad.get(m[1]).add(m[2]);
}
const checked = out.match(/^Checked (\d+) files?/m);
if (!checked) {
  console.log(`biome exited ${run.status} without checking any file`);
  process.exitCode = 1;
} else {
  let failed = bad.size;
  if (run.status !== 0 && failed === 0) {
    console.log(`✖ biome exited ${run.status} with no diagnostic for a file`);
    failed = 1;
  }
  for (const [file, categories] of [...bad].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`✖ ${file}: ${[...categories].join(", ")}`);
  if (bad.size)
    console.log("Fix: `npm run format` for formatting; `npx biome check --write .` also applies safe lint fixes.");
  console.log(`${Math.max(Number(checked[1]) - bad.size, 0)} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0; // not process.exit(): let the output above drain first
}
