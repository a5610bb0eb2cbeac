// Writes one bench's section of bench/RESULTS.md between <!-- key:start --> and <!-- key:end -->.
import { readFileSync, writeFileSync } from "node:fs";

export function writeSection(key, lines) {
  const file = new URL("./RESULTS.md", import.meta.url);
  let md = readFileSync(file, "utf8");
  const block = `<!-- ${key}:start -->\n${lines.join("\n")}\n<!-- ${key}:end -->`;
  const re = new RegExp(`<!-- ${key}:start -->[\\s\\S]*?<!-- ${key}:end -->`);
  md = re.test(md) ? md.replace(re, () => block) : `${md.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, md);
}

/** Prints one bench's figures as one machine-readable line, which bench/summary.mjs collects. */
export function report(bench, values) {
  console.log(`BENCH-RESULT ${JSON.stringify({ bench, ...values })}`);
}
