// Runs every suite — types (tsc), test-types (tsc over test/), lint (Biome), Node, Chromium, Deno, workerd — prints
// each one's counts, and ends with one closing line for CI: "N passed, N failed". Exits non-zero if any
// suite failed or did not run.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const bin = (name) => `node_modules/.bin/${name}`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes this strips.
const strip = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
const suites = [
  {
    // tsc over test/types/ against dist/: what must compile does, what must not fails for its stated reason.
    name: "types",
    cmd: [process.execPath, ["test/types/run.mjs"]],
    parse: (out) => {
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
      return m ? [Number(m[1]), Number(m[2])] : null;
    },
  },
  {
    // tsc over every test file (test/tsconfig.json), one test per file: tests are typed like the code.
    name: "test-types",
    cmd: [process.execPath, ["scripts/typecheck-tests.mjs"]],
    parse: (out) => {
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
      return m ? [Number(m[1]), Number(m[2])] : null;
    },
  },
  {
    // Biome (biome.jsonc): formatting and every enabled lint rule, warnings included. One test per file.
    name: "lint",
    cmd: [process.execPath, ["scripts/lint.mjs"]],
    parse: (out) => {
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
      return m ? [Number(m[1]), Number(m[2])] : null;
    },
  },
  {
    name: "node",
    cmd: [
      process.execPath,
      ["--test", "--test-reporter=spec", "--test-concurrency=1", "test/*.test.ts", "test/node/*.test.ts"],
    ],
    parse: (out) => {
      const p = out.match(/^ℹ pass (\d+)$/m),
        f = out.match(/^ℹ fail (\d+)$/m);
      return p && f ? [Number(p[1]), Number(f[1])] : null;
    },
  },
  {
    name: "chromium",
    cmd: [bin("wtr"), ["--config", "web-test-runner.config.mjs"]],
    parse: (out) => {
      const all = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      return all ? [Number(all[1]), Number(all[2])] : null;
    },
  },
  {
    name: "deno",
    cmd: [bin("deno"), ["test", "--no-check", "-A", "test/*.test.ts", "test/deno/"]],
    parse: (out) => {
      const m = out.match(/\| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?/);
      return m ? [Number(m[2] ?? m[1]), Number(m[4] ?? m[3])] : null;
    },
  },
  {
    name: "workerd",
    cmd: [process.execPath, ["test/workerd/run.mjs"]],
    parse: (out) => {
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
      return m ? [Number(m[1]), Number(m[2])] : null;
    },
  },
];

const only = process.argv.slice(2);
let passed = 0,
  failed = 0,
  broken = [];
const lines = [];
for (const suite of suites.filter((s) => only.length === 0 || only.includes(s.name))) {
  const [cmd, args] = suite.cmd;
  if (cmd.startsWith("node_modules") && !existsSync(cmd)) {
    broken.push(`${suite.name}: ${cmd} is missing (run npm ci)`);
    continue;
  }
  console.log(`\n=== ${suite.name} ===`);
  const out = await new Promise((resolve) => {
    let text = "";
    const child = spawn(cmd, args, { shell: false, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    const onData = (d) => {
      text += d;
      process.stdout.write(d);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => resolve({ text: strip(text), code }));
    child.on("error", (e) => resolve({ text: String(e), code: 1 }));
  });
  const counts = suite.parse(out.text);
  if (!counts) {
    broken.push(`${suite.name}: no test summary found (exit ${out.code})`);
    continue;
  }
  const [p, f] = counts;
  if (out.code !== 0 && f === 0) broken.push(`${suite.name}: exited ${out.code} with no failed test`);
  if (p === 0 && f === 0) broken.push(`${suite.name}: ran no test`);
  passed += p;
  failed += f;
  lines.push(`${suite.name}: ${p} passed, ${f} failed`);
}
console.log("\n=== summary ===");
for (const l of lines) console.log(l);
for (const b of broken) console.log(`not run: ${b}`);
console.log(`${passed} passed, ${failed + broken.length} failed`);
process.exit(failed || broken.length ? 1 : 0);
