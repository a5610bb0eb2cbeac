// `npm run bench`: runs every bench once, one after another (each in its own process, each
// writing its own section of bench/RESULTS.md with --write), collects the figures each prints as
// a `BENCH-RESULT {…}` line, and prints the table of issue 19: every measure with its value,
// ratio and target, met or not. With --write the table, the machine (CPU model, cores, load,
// node version) and the date go to the top of bench/RESULTS.md.
// Usage: npm run build && node bench/summary.mjs [--write]   (ONLY=size,send runs just those)
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";

const write = process.argv.includes("--write");
const here = (f) => new URL(f, import.meta.url).pathname;
// Each bench with the flags that make it write its section; queue.mjs always writes its own.
const BENCHES = [
  ["size", ["bench/size.mjs"]],
  ["edge-size", ["bench/edge-size.mjs"]],
  ["compile", ["bench/compile.mjs"]],
  ["send", ["bench/send.mjs"]],
  ["node-import", ["bench/node-import.mjs"]],
  ["workerd-cold", ["bench/workerd-cold.mjs"]],
  ["bulk", ["bench/bulk.mjs"]],
  ["queue", ["bench/queue.mjs"], false],
];

const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, load ${loadavg()
  .map((l) => l.toFixed(1))
  .join(" / ")} at start, node ${process.version}`;
const started = new Date();

/** Runs one bench, echoing its output, and returns the figures of its BENCH-RESULT lines. */
function run(name, args, flag = true) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: node ${args.join(" ")}${write && flag ? " --write" : ""}`);
    const child = spawn(process.execPath, [...args, ...(write && flag ? ["--write"] : [])], {
      cwd: here(".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      process.stdout.write(c);
    });
    child.on("close", (code) => {
      const results = {};
      for (const m of out.matchAll(/^BENCH-RESULT (.+)$/gm)) {
        const r = JSON.parse(m[1]);
        results[r.bench] = r;
      }
      resolve({ code, results });
    });
  });
}

const got = {};
const failed = [];
const only = process.env.ONLY?.split(",");
for (const [name, args, flag] of BENCHES.filter(([n]) => !only || only.includes(n))) {
  const { code, results } = await run(name, args, flag);
  if (code !== 0) failed.push(name);
  Object.assign(got, results);
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const x = (n) => `${n.toFixed(2)}×`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
/** [measure, measured, ratio, target, met] or a row saying the bench gave nothing. */
function rows() {
  const out = [];
  const none = (measure, target, bench) =>
    out.push([measure, `— (${bench} did not report)`, "—", target, "✘ not measured"]);
  const met = (ok) => (ok ? "✔ met" : "✘ not met");
  const { compile, send, size, bulk } = got;
  const nodeImport = got["node-import"],
    cold = got["workerd-cold"];

  if (compile)
    out.push([
      "compile: build + validate + serialize reply buttons with header and footer, ÷ whatsapp-api-js",
      `${Math.round(compile.wafluent / 1000)}k vs ${Math.round(compile.whatsappApiJs / 1000)}k ops/s`,
      x(compile.ratio),
      "≥ 1.0×",
      met(compile.ratio >= 1),
    ]);
  else none("compile ÷ whatsapp-api-js", "≥ 1.0×", "compile.mjs");

  if (send)
    out.push([
      `send p50, ${send.n.toLocaleString("en")} sequential sends to a loopback server in another process, ÷ ky's floor (\`ky.post\`, no retry, no timeout)`,
      `${send.p50.wafluent.toFixed(3)} ms vs ${send.p50.kyFloor.toFixed(3)} ms (${x(send.fetchRatio)} raw fetch)`,
      x(send.kyFloorRatio),
      "≤ 1.10×",
      met(send.kyFloorRatio <= 1.1),
    ]);
  else none("send p50 ÷ ky's floor", "≤ 1.10×", "send.mjs");

  if (size) {
    for (const [p, label, limit] of [
      ["sandbox", "text worker (sandbox)", 15],
      ["cloud-api", "text worker (cloudApi)", 17],
      ["bird", "text worker (bird)", 19],
    ]) {
      const a = size[`worker:${p}`];
      // ky's bytes come off only when the bundle holds ky (size.mjs says; older results: always).
      const ours = size[`ours:${p}`] ?? a - size.ky;
      if (a === undefined) none(`${label}, min+gzip, ours + valibot`, `≤ ${limit} KB`, "size.mjs");
      else
        out.push([
          `${label}, min+gzip, ours + valibot (total − ky, when it holds ky)`,
          `${kb(ours)} (total ${kb(a)})`,
          "—",
          `≤ ${limit} KB`,
          met(ours <= limit * 1024),
        ]);
    }
    out.push([
      "CDN, everything (dist/cdn/wafluent.min.js), min+gzip",
      kb(size.cdn),
      "—",
      "≤ 42 KB",
      met(size.cdn <= 42 * 1024),
    ]);
    out.push([
      "CDN, browser file (dist/cdn/wafluent.browser.min.js), min+gzip",
      kb(size.cdnBrowser),
      "—",
      "≤ 24 KB",
      met(size.cdnBrowser <= 24 * 1024),
    ]);
  } else
    for (const [m, t] of [
      ["text workers", "≤ 15 / 17 / 19 KB"],
      ["CDN, everything", "≤ 42 KB"],
      ["CDN, browser file", "≤ 24 KB"],
    ])
      none(m, t, "size.mjs");

  if (nodeImport)
    out.push([
      'Node: `import "wafluent"` + first send, ÷ the same send with bare fetch (fresh processes, median)',
      `${nodeImport.wafluent.toFixed(1)} ms vs ${nodeImport.fetch.toFixed(1)} ms`,
      x(nodeImport.ratio),
      "≤ 1.4×",
      met(nodeImport.ratio <= 1.4),
    ]);
  else none("Node import + first send ÷ bare fetch", "≤ 1.4×", "node-import.mjs");

  if (bulk) {
    out.push([
      `bulk ${bulk.n.toLocaleString("en")}, concurrency 50, 5% 429/5xx: lost / duplicated`,
      `${bulk.lost} / ${bulk.duplicated} (capped heap: ${bulk.lostCapped} / ${bulk.duplicatedCapped})`,
      "—",
      "0 / 0",
      met(bulk.lost + bulk.duplicated + bulk.lostCapped + bulk.duplicatedCapped === 0),
    ]);
    out.push([
      "bulk: peak RSS ÷ a Promise pool over raw fetch",
      `${mb(bulk.rss)} vs ${mb(bulk.rssFetch)}`,
      x(bulk.rssRatio),
      "≤ 1.15×",
      met(bulk.rssRatio <= 1.15),
    ]);
    out.push([
      "bulk: heap after GC ÷ the pool's",
      `${mb(bulk.heap)} vs ${mb(bulk.heapFetch)}`,
      x(bulk.heapRatio),
      "≤ 1.3×",
      met(bulk.heapRatio <= 1.3),
    ]);
  } else
    for (const [m, t] of [
      ["bulk lost / duplicated", "0 / 0"],
      ["bulk peak RSS ratio", "≤ 1.15×"],
      ["bulk heap after GC ratio", "≤ 1.3×"],
    ])
      none(m, t, "bulk.mjs");

  if (cold)
    out.push([
      "workerd cold start (startup + first request, median of fresh starts) ÷ a bare worker",
      `${cold.wafluent.toFixed(0)} ms vs ${cold.bare.toFixed(0)} ms${cold.pairRatio ? ` (${cold.runs} starts each; median pair ratio ${x(cold.pairRatio)})` : ""}`,
      x(cold.ratio),
      "≤ 1.2×",
      met(cold.ratio <= 1.2),
    ]);
  else none("workerd cold start ÷ a bare worker", "≤ 1.2×", "workerd-cold.mjs");
  return out;
}

const table = rows();
const lines = [
  `## Summary (npm run bench, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
  "",
  `Machine: ${machine}. Every figure from this one run; ratios put both sides side by side in the same process or interleaved.`,
  "",
  "| measure | measured | ratio | target | |",
  "|---|---|---|---|---|",
  ...table.map((r) => `| ${r.join(" | ")} |`),
  "",
  `${table.filter((r) => r[4].startsWith("✔")).length} of ${table.length} targets met.${failed.length ? ` Failed to run: ${failed.join(", ")}.` : ""}`,
];
console.log(`\n${lines.join("\n")}`);

if (write) {
  const file = here("RESULTS.md");
  let md = readFileSync(file, "utf8");
  const block = `<!-- summary:start -->\n${lines.join("\n")}\n<!-- summary:end -->`;
  const re = /<!-- summary:start -->[\s\S]*?<!-- summary:end -->/;
  // The summary leads the file: after the title and its first paragraph.
  const head = /^# [^\n]*\n\n[^\n]*(?:\n[^\n]+)*\n/.exec(md)?.[0] ?? "";
  md = re.test(md) ? md.replace(re, () => block) : `${head}\n${block}\n${md.slice(head.length)}`;
  writeFileSync(file, md);
}
if (failed.length) process.exitCode = 1;
