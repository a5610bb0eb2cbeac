// tsc over test/ (test/tsconfig.json: every Node, Chromium and Deno test file, the fixtures and the
// helpers, strict, with Node's types) through the TypeScript API, against the built dist/ (run
// `npm run build` first). One test per test-directory file ("compiles"), plus one for everything
// the files pull in (src/, dist/, examples/) and the config itself, and one for the playground's
// JavaScript (demo/playground/app.js, `// @ts-check` with JSDoc types).
// Prints one line per test and ends with "N passed, N failed".
import ts from "typescript";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const configPath = join(root, "test/tsconfig.json");
const config = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
const roots = new Set(config.fileNames.map((f) => resolve(f)));
const format = (d) => {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file) return `TS${d.code} ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  return `${relative(root, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code} ${text}`;
};

let passed = 0,
  failed = 0;
const report = (ok, name, problems) => {
  if (ok) passed++;
  else failed++;
  console.log(
    `${ok ? "✔" : "✖"} ${name}${ok ? "" : `\n    ${problems.map(format).join("\n").replace(/\n/g, "\n    ")}`}`,
  );
};

const elsewhere = diagnostics.filter((d) => !d.file || !roots.has(resolve(d.file.fileName)));
report(
  elsewhere.length === 0,
  "test/tsconfig.json and what the tests import (src/, dist/, examples/) compile",
  elsewhere,
);
for (const file of [...roots].sort()) {
  const own = diagnostics.filter((d) => d.file && resolve(d.file.fileName) === file);
  report(own.length === 0, `${relative(root, file)} compiles`, own);
}
// The playground (demo/playground/app.js): JavaScript with JSDoc types, checked against the built
// types by its own config (browser globals, the CDN bundle's import mapped to dist/index.d.ts).
const playgroundConfig = ts.getParsedCommandLineOfConfigFile(
  join(root, "demo/playground/tsconfig.json"),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
);
const playground = ts.createProgram({ rootNames: playgroundConfig.fileNames, options: playgroundConfig.options });
const playgroundProblems = [...playgroundConfig.errors, ...ts.getPreEmitDiagnostics(playground)];
report(playgroundProblems.length === 0, "demo/playground/app.js compiles (checkJs, keyed by Kind)", playgroundProblems);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
