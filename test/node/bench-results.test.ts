// bench/RESULTS.md's summary (written by `npm run bench`, bench/summary.mjs): a speed ratio from
// one run read 1.09× where reruns gave 0.85–0.97×, so every ratio is the median of at least five
// runs with their spread, the send baseline is named for what it is, and the machine's load is
// recorded beside the figures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, ok, deepEqual } from "../harness.ts";
import { root } from "./docs-files.ts";

const results = readFileSync(join(root, "bench/RESULTS.md"), "utf8");
const summary = results.slice(results.indexOf("<!-- summary:start -->"), results.indexOf("<!-- summary:end -->"));
/** The summary table's rows as cells: measure, measured, ratio, target, met. */
const rows = summary
  .split("\n")
  .filter((l) => l.startsWith("| ") && !l.startsWith("| measure"))
  .map((l) =>
    l
      .slice(2, -2)
      .split(" | ")
      .map((c) => c.trim()),
  );

describe("bench/RESULTS.md summary", () => {
  it("gives every ratio as the median of at least five runs with their spread (min–max)", () => {
    const ratios = rows.filter((r) => r[2] !== "—");
    ok(ratios.length >= 6, `${ratios.length} ratio rows in the summary`);
    const bad = ratios.filter((r) => {
      const m = r[2]!.match(/^(\d+\.\d+)× \((\d+\.\d+)–(\d+\.\d+)×, (\d+) runs\)$/);
      if (!m) return true;
      const [median, min, max, runs] = m.slice(1).map(Number) as [number, number, number, number];
      return runs < 5 || min > median || median > max;
    });
    deepEqual(
      bad.map((r) => `${r[0]}: ${r[2]}`),
      [],
    );
  });

  it("names the send baseline for what it is, ky with the same custom fetch", () => {
    const send = rows.find((r) => r[0]!.startsWith("send p50"));
    ok(send, "a send row");
    ok(send[0]!.includes("÷ ky with the same custom fetch"), send[0]);
    ok(!summary.includes("ky's floor"), "no 'ky's floor' left in the summary");
  });

  it("records the machine's load during the run", () => {
    ok(/Load average \(1 \/ 5 \/ 15 min\) [\d.]+ \/ [\d.]+ \/ [\d.]+ at start/.test(summary), "the load at start");
    ok(/the 1-minute load ranged [\d.]+–[\d.]+ during the run/.test(summary), "the load during the run");
  });
});
