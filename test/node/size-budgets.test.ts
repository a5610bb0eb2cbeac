// Size budgets: each bundle in bench/bundles.mjs (one text worker per built-in provider, the proxy
// page and handler, a verify-only worker, the CDN files), built as a user's bundler would and
// gzipped at level 9, must stay within its budget in bench/budgets.json. Bytes are deterministic
// for the locked esbuild, so this is a test, not a benchmark (the way size-limit guards nanoid).
// Raising a budget is a decision: say why in the commit.
import { readFileSync } from "node:fs";
import { bundles, measure } from "../../bench/bundles.mjs";
import { describe, it, ok, deepEqual } from "../harness.ts";

interface Budget {
  /** Most min+gzip bytes allowed. */
  bytes: number;
  /** What the bundle is; for people reading the file. */
  what: string;
}
const budgets: Record<string, Budget> = JSON.parse(
  readFileSync(new URL("../../bench/budgets.json", import.meta.url), "utf8"),
).budgets;
const rows = bundles();
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

describe("size budgets (bench/budgets.json, min+gzip)", () => {
  it("every bundle has a budget and every budget a bundle", () => {
    deepEqual(
      rows.map((r) => r.name).sort(),
      Object.keys(budgets).sort(),
      "a new provider or bundle needs its line in bench/budgets.json (measure it with node bench/size.mjs)",
    );
  });
  for (const row of rows) {
    it(`${row.name}: ${row.what}`, async () => {
      const budget = budgets[row.name];
      ok(budget, `no budget for ${row.name} in bench/budgets.json`);
      const { bytes } = await measure(row);
      ok(
        bytes <= budget.bytes,
        `${row.name} is ${bytes} B (${kb(bytes)}), over its budget of ${budget.bytes} B (${kb(budget.bytes)}) by ${bytes - budget.bytes} B: ` +
          "find what grew with node bench/size.mjs (it prints where the bytes come from), or raise the budget in bench/budgets.json and say why",
      );
    });
  }
});
