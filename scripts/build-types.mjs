// Emits .d.ts files with tsc, then points their relative imports at the .js files rollup
// emits (tsc keeps the source's `.ts` extensions in declarations).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
for (const file of walk("dist").filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.ts\2/g, "$1$2$3.js$2");
  if (fixed !== text) writeFileSync(file, fixed);
}
// A provider is a folder (src/providers/<name>/index.ts) but its subpath's types sit next to its
// bundled file (dist/providers/<name>.js), so each gets dist/providers/<name>.d.ts pointing in.
for (const e of readdirSync("src/providers", { withFileTypes: true }).filter(
  (e) => e.isDirectory() && !e.name.startsWith("_"),
))
  writeFileSync(join("dist/providers", `${e.name}.d.ts`), `export * from "./${e.name}/index.js";\n`);
writeFileSync("dist/provider-kit.d.ts", 'export * from "./providers/_kit/index.js";\n');
