// Type tests: compiles test/types/*.ts with test/types/tsconfig.json (against dist/, as a consumer
// sees the package) through the TypeScript API, with every `// @ts-expect-error <text>` directive
// turned off so the error it hides can be read. One test per file ("everything else compiles")
// and one per directive (the next line has an error whose message contains <text>).
// Prints one line per test and ends with "N passed, N failed".
import ts from "typescript";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { basename, dirname, join, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const configPath = join(here, "tsconfig.json");
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
const DIRECTIVE = /\/\/\s*@ts-expect-error\b ?(.*)$/;
const testFiles = new Set(
  readdirSync(here)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => resolve(here, f)),
);

// Directives per file: { line (0-based, of the directive), text }.
const directives = new Map();
const host = ts.createCompilerHost(config.options);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  const full = resolve(fileName);
  if (!testFiles.has(full)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
  const lines = ts.sys.readFile(full).split("\n");
  const found = [];
  const text = lines
    .map((line, i) => {
      const m = line.match(DIRECTIVE);
      if (!m) return line;
      found.push({ line: i, text: m[1].trim() });
      return line.replace("@ts-expect-error", "@ts-EXPECT-ERROR"); // same length: positions stay
    })
    .join("\n");
  directives.set(full, found);
  return ts.createSourceFile(fileName, text, languageVersion, true);
};

const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
const diagnostics = ts.getPreEmitDiagnostics(program);
let passed = 0,
  failed = 0;
const report = (ok, name, detail) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "✔" : "✖"} ${name}${ok || !detail ? "" : `\n    ${detail.replace(/\n/g, "\n    ")}`}`);
};
const where = (d) => (d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line : -1);
const message = (d) => ts.flattenDiagnosticMessageText(d.messageText, "\n");

const global = diagnostics.filter((d) => !d.file || !testFiles.has(resolve(d.file.fileName)));
report(
  global.length === 0,
  "the declarations and the config compile",
  global.map((d) => `${d.file?.fileName ?? ""}: ${message(d)}`).join("\n"),
);
for (const file of [...testFiles].sort()) {
  const name = basename(file);
  const own = diagnostics.filter((d) => d.file && resolve(d.file.fileName) === file);
  const expected = directives.get(file) ?? [];
  const expectedLines = new Set(expected.map((e) => e.line + 1));
  const stray = own.filter((d) => !expectedLines.has(where(d)));
  report(
    stray.length === 0,
    `${name}: compiles, apart from the ${expected.length} expected errors`,
    stray.map((d) => `line ${where(d) + 1}: TS${d.code} ${message(d)}`).join("\n"),
  );
  for (const e of expected) {
    const at = own.filter((d) => where(d) === e.line + 1);
    const hit = at.some((d) => message(d).includes(e.text));
    const source = program.getSourceFile(file).text.split("\n")[e.line + 1].trim();
    report(
      hit,
      `${name}:${e.line + 2} refused: ${source}${e.text ? `  (${e.text})` : ""}`,
      at.length === 0
        ? "compiled, but must not"
        : `the error does not say "${e.text}":\n${at.map((d) => `TS${d.code} ${message(d)}`).join("\n")}`,
    );
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
