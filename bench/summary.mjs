// `npm run bench`: runs every bench one after another (each in its own process, each writing its
// own section of bench/RESULTS.md with --write), collects the figures each prints as a
// `BENCH-RESULT {…}` line, and prints the table of issue 19: every measure with its value, ratio
// and target, met or not. A bench whose figure is a ratio of two timings (compile, send, Node
// import, workerd cold start, bulk) runs REPEAT times (default 5), each run a fresh process: the
// table gives each ratio's median over the runs and their spread (min–max), and judges the target
// on the median; the figures beside a ratio, and the bench's own section of RESULTS.md, are those of
// the run whose ratio is the median. Sizes are exact and run once. With --write the table, the
// machine (CPU model, cores, node version, the load average at start, during and at the end) and
// the date go to the top of bench/RESULTS.md.
// Usage: npm run build && node bench/summary.mjs [--write]   (ONLY=size,send runs just those;
// REPEAT=5 runs per ratio bench; node-import and workerd-cold take RUNS=16 pairs per run unless set)
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";

const write = process.argv.includes("--write");
const here = (f) => new URL(f, import.meta.url).pathname;
const REPEAT = Math.max(1, Math.floor(Number(process.env.REPEAT ?? 5)));
// Pairs of fresh processes per run for the start-up benches: REPEAT runs of 16 take twice the
// starts one run of 40 took, instead of five times.
const pairs = process.env.RUNS ?? "16";
// Each bench: its script, whether --write makes it write its own section (queue.mjs always writes
// its own), and, for a ratio bench, `repeat` with the environment of each run.
const BENCHES = [
  { name: "size", args: ["bench/size.mjs"] },
  { name: "edge-size", args: ["bench/edge-size.mjs"] },
  { name: "compile", args: ["bench/compile.mjs"], repeat: {} },
  { name: "send", args: ["bench/send.mjs"], repeat: {} },
  { name: "node-import", args: ["bench/node-import.mjs"], repeat: { RUNS: pairs } },
  {
    name: "workerd-cold",
    args: ["bench/workerd-cold.mjs"],
    repeat: { RUNS: pairs, WARMUP: process.env.WARMUP ?? "2" },
  },
  { name: "bulk", args: ["bench/bulk.mjs"], repeat: {} },
  { name: "queue", args: ["bench/queue.mjs"], flag: false },
];
// The ratio that picks a repeated bench's median run (the one whose section RESULTS.md keeps).
const HEADLINE = {
  compile: ["wafluent ÷ whatsapp-api-js", (r) => r.ratio],
  send: ["wafluent ÷ ky with the same custom fetch at p50", (r) => r.kyFloorRatio],
  "node-import": ["ratio of medians", (r) => r.ratio],
  "workerd-cold": ["ratio of medians", (r) => r.ratio],
  bulk: ["heap-after-GC ratio", (r) => r.heapRatio],
};

const cpu = cpus();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
const machine = `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, node ${process.version}`;
const loadAtStart = load();
const started = new Date();
// The 1-minute load average every 10 s while the benches run: its range goes into the summary.
const loadSeen = [loadavg()[0]];
const sampler = setInterval(() => loadSeen.push(loadavg()[0]), 10_000);

/** Runs one bench, echoing its output, and returns the figures of its BENCH-RESULT lines. */
function run(name, args, flag, env, label) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}${label}: node ${args.join(" ")}${write && flag ? " --write" : ""}`);
    const child = spawn(process.execPath, [...args, ...(write && flag ? ["--write"] : [])], {
      cwd: here(".."),
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env },
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

const SECTION = /<!-- ([\w-]+):start -->[\s\S]*?<!-- \1:end -->/g;
const sections = () =>
  Object.fromEntries([...readFileSync(here("RESULTS.md"), "utf8").matchAll(SECTION)].map((m) => [m[1], m[0]]));

/** The middle of `xs` (the lower middle for an even count, so it is always one run's own value). */
const middle = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

// got[bench]: the figures of the bench's one run, or of its median run; runsOf[bench]: every run's.
const got = {};
const runsOf = {};
const failed = [];
const only = process.env.ONLY?.split(",");
for (const { name, args, flag = true, repeat } of BENCHES.filter(({ name }) => !only || only.includes(name))) {
  const times = repeat ? REPEAT : 1;
  const runs = [];
  // Each run's sections of RESULTS.md, and which ones the bench writes: the median run's are kept.
  const snapshots = [];
  const keys = new Set();
  for (let i = 0; i < times; i++) {
    const before = write ? sections() : {};
    const { code, results } = await run(name, args, flag, repeat, times > 1 ? ` (run ${i + 1} of ${times})` : "");
    if (code !== 0) failed.push(times > 1 ? `${name} (run ${i + 1})` : name);
    if (results[name]) {
      runs.push(results[name]);
      const after = write ? sections() : {};
      for (const [k, v] of Object.entries(after)) if (before[k] !== v) keys.add(k);
      snapshots.push(after);
    }
    for (const [bench, r] of Object.entries(results)) if (bench !== name) got[bench] = r;
  }
  if (runs.length === 0) continue;
  if (runs.length === 1 || !HEADLINE[name]) {
    got[name] = runs.at(-1);
    continue;
  }
  runsOf[name] = runs;
  const [label, pick] = HEADLINE[name];
  const headline = runs.map(pick);
  const at = headline.indexOf(middle(headline));
  got[name] = runs[at];
  if (write) {
    const spread = `${Math.min(...headline).toFixed(2)}–${Math.max(...headline).toFixed(2)}×`;
    let md = readFileSync(here("RESULTS.md"), "utf8");
    for (const key of keys) {
      const block = snapshots[at][key];
      if (!block) continue;
      const note = `\n\nThis is run ${at + 1} of ${runs.length}, the one with the median ${label}; over the ${runs.length} runs it spread ${spread} (the summary at the top gives every ratio's median and spread).\n<!-- ${key}:end -->`;
      md = md.replace(new RegExp(`<!-- ${key}:start -->[\\s\\S]*?<!-- ${key}:end -->`), () =>
        block.replace(`\n<!-- ${key}:end -->`, note),
      );
    }
    writeFileSync(here("RESULTS.md"), md);
  }
}
clearInterval(sampler);
loadSeen.push(loadavg()[0]);

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const x = (n) => `${n.toFixed(2)}×`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
/**
 * One ratio of a bench: the run at its median (whose figures go beside it), the median, and the
 * ratio cell, "median× (min–max×, n runs)", or just the ratio when the bench ran once.
 */
function ratioOf(bench, pick) {
  const runs = runsOf[bench] ?? [got[bench]];
  const values = runs.map(pick);
  const median = middle(values);
  const cell =
    runs.length > 1
      ? `${x(median)} (${Math.min(...values).toFixed(2)}–${x(Math.max(...values))}, ${runs.length} runs)`
      : x(median);
  return { run: runs[values.indexOf(median)], median, cell };
}

/** [measure, measured, ratio, target, met] or a row saying the bench gave nothing. */
function rows() {
  const out = [];
  const none = (measure, target, bench) =>
    out.push([measure, `— (${bench} did not report)`, "—", target, "✘ not measured"]);
  const met = (ok) => (ok ? "✔ met" : "✘ not met");
  const { compile, send, size, bulk } = got;
  const nodeImport = got["node-import"],
    cold = got["workerd-cold"];

  if (compile) {
    const { run, median, cell } = ratioOf("compile", (r) => r.ratio);
    out.push([
      "compile: build + validate + serialize reply buttons with header and footer, ÷ whatsapp-api-js",
      `${Math.round(run.wafluent / 1000)}k vs ${Math.round(run.whatsappApiJs / 1000)}k ops/s`,
      cell,
      "≥ 1.0×",
      met(median >= 1),
    ]);
  } else none("compile ÷ whatsapp-api-js", "≥ 1.0×", "compile.mjs");

  if (send) {
    const { run, median, cell } = ratioOf("send", (r) => r.kyFloorRatio);
    out.push([
      `send p50, ${send.n.toLocaleString("en")} sequential sends to a loopback server in another process, ÷ ky with the same custom fetch (the body attached in ky's \`fetch\` as wafluent does; no retry, no timeout)`,
      `${run.p50.wafluent.toFixed(3)} ms vs ${run.p50.kyFloor.toFixed(3)} ms (${x(run.fetchRatio)} raw fetch)`,
      cell,
      "≤ 1.10×",
      met(median <= 1.1),
    ]);
  } else none("send p50 ÷ ky with the same custom fetch", "≤ 1.10×", "send.mjs");

  // Issue 25's targets: totals, ky included where a bundle holds it; the sandbox's with no ky at all.
  if (size) {
    for (const [p, label, limit] of [
      ["sandbox", "text worker (sandbox), no ky", 18],
      ["cloud-api", "text worker (cloudApi)", 32],
      ["bird", "text worker (bird)", 34],
    ]) {
      const a = size[`worker:${p}`];
      // ky's bytes come off only when the bundle holds ky (size.mjs says; older results: always).
      const ours = size[`ours:${p}`] ?? a - size.ky;
      const noKy = p !== "sandbox" || ours === a;
      if (a === undefined) none(`${label}, min+gzip, total`, `≤ ${limit} KB`, "size.mjs");
      else
        out.push([
          `${label}, min+gzip, total (ky included when it holds ky)`,
          `${kb(a)}${ours === a ? ", no ky" : ` (ours + valibot ${kb(ours)})`}`,
          "—",
          `≤ ${limit} KB${p === "sandbox" ? ", no ky" : ""}`,
          met(a <= limit * 1024 && noKy),
        ]);
    }
    out.push([
      "CDN, everything (dist/cdn/wafluent.min.js), min+gzip",
      kb(size.cdn),
      "—",
      "≤ 52 KB",
      met(size.cdn <= 52 * 1024),
    ]);
    out.push([
      "CDN, browser file (dist/cdn/wafluent.browser.min.js), min+gzip",
      kb(size.cdnBrowser),
      "—",
      "≤ 28 KB",
      met(size.cdnBrowser <= 28 * 1024),
    ]);
  } else
    for (const [m, t] of [
      ["text workers", "≤ 18 (no ky) / 32 / 34 KB"],
      ["CDN, everything", "≤ 52 KB"],
      ["CDN, browser file", "≤ 28 KB"],
    ])
      none(m, t, "size.mjs");

  if (nodeImport) {
    const { run, median, cell } = ratioOf("node-import", (r) => r.ratio);
    out.push([
      'Node: `import "wafluent"` + first send, ÷ the same send with bare fetch (fresh processes, median)',
      `${run.wafluent.toFixed(1)} ms vs ${run.fetch.toFixed(1)} ms`,
      cell,
      "≤ 1.4×",
      met(median <= 1.4),
    ]);
  } else none("Node import + first send ÷ bare fetch", "≤ 1.4×", "node-import.mjs");

  if (bulk) {
    // Lost or duplicated in any run counts.
    const all = runsOf.bulk ?? [bulk];
    const sum = (k) => all.reduce((n, r) => n + r[k], 0);
    out.push([
      `bulk ${bulk.n.toLocaleString("en")}, concurrency 50, 5% 429/5xx: lost / duplicated${all.length > 1 ? `, over ${all.length} runs` : ""}`,
      `${sum("lost")} / ${sum("duplicated")} (capped heap: ${sum("lostCapped")} / ${sum("duplicatedCapped")})`,
      "—",
      "0 / 0",
      met(sum("lost") + sum("duplicated") + sum("lostCapped") + sum("duplicatedCapped") === 0),
    ]);
    const rss = ratioOf("bulk", (r) => r.rssRatio);
    out.push([
      "bulk: peak RSS ÷ a Promise pool over raw fetch",
      `${mb(rss.run.rss)} vs ${mb(rss.run.rssFetch)}`,
      rss.cell,
      "≤ 1.15×",
      met(rss.median <= 1.15),
    ]);
    const heap = ratioOf("bulk", (r) => r.heapRatio);
    out.push([
      "bulk: heap after GC ÷ the pool's",
      `${mb(heap.run.heap)} vs ${mb(heap.run.heapFetch)}`,
      heap.cell,
      "≤ 1.3×",
      met(heap.median <= 1.3),
    ]);
  } else
    for (const [m, t] of [
      ["bulk lost / duplicated", "0 / 0"],
      ["bulk peak RSS ratio", "≤ 1.15×"],
      ["bulk heap after GC ratio", "≤ 1.3×"],
    ])
      none(m, t, "bulk.mjs");

  if (cold) {
    const { run, median, cell } = ratioOf("workerd-cold", (r) => r.ratio);
    out.push([
      "workerd cold start (startup + first request, median of fresh starts) ÷ a bare worker",
      `${run.wafluent.toFixed(0)} ms vs ${run.bare.toFixed(0)} ms${run.pairRatio ? ` (${run.runs} starts each; median pair ratio ${x(run.pairRatio)})` : ""}${run.locatedRatio ? `; the script given to miniflare as \`script\`, which it parses in Node first (how the first figures were measured): ${run.located.toFixed(0)} ms, ${x(run.locatedRatio)}` : ""}`,
      cell,
      "≤ 1.25×",
      met(median <= 1.25),
    ]);
  } else none("workerd cold start ÷ a bare worker", "≤ 1.25×", "workerd-cold.mjs");
  return out;
}

const table = rows();
const lines = [
  `## Summary (npm run bench, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
  "",
  `Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at start, ${load()} at the end; the 1-minute load ranged ${Math.min(...loadSeen).toFixed(1)}–${Math.max(...loadSeen).toFixed(1)} during the run (a load above ${cpu.length} means other work competed for the cores).`,
  "",
  `Each ratio puts both sides side by side in the same process or interleaved. A ratio bench ran ${REPEAT} times (fresh processes): its cell is the median with the spread of the runs (min–max), the target is judged on the median, and the figures beside it are the median run's. Sizes are exact, from one run.`,
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
