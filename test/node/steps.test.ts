// The builder's step dispatch is exhaustive: a step key added to `StepKey` (src/send/steps.ts)
// without its case in `apply()` does not compile, so a step can never be dropped silently.
// Compiles src/ with tsc (in memory), once as is and once with a step key added.
import ts from "typescript";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it, ok, equal } from "../harness.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const builder = `${root}src/send/builder.ts`;
const steps = `${root}src/send/steps.ts`;
const source = readFileSync(builder, "utf8");
const stepsSource = readFileSync(steps, "utf8");

/** tsc's errors in `file` (src/send/builder.ts by default), with `edit` applied to its text. */
function errors(edit: (text: string) => string, file = builder): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${root}tsconfig.json`,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const host = ts.createCompilerHost(config.options);
  const get = host.getSourceFile.bind(host);
  const text = edit(file === builder ? source : stepsSource);
  host.getSourceFile = (name, version, onError, create) =>
    name === file ? ts.createSourceFile(name, text, version, true) : get(name, version, onError, create);
  const program = ts.createProgram({ rootNames: [builder], options: config.options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map(
      (d) =>
        `${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
}

describe("typed builder steps", () => {
  it("src/send/builder.ts compiles as is", () => {
    equal(errors((t) => t).join("\n"), "");
  });

  it("a step key without its case in apply() is a compile error at the exhaustiveness check", () => {
    const marker = "export type StepKey =";
    ok(stepsSource.includes(marker), "the StepKey union is where this test expects it");
    const found = errors((t) => t.replace(marker, `${marker} "callPermissionRequest" |`), steps);
    ok(
      found.some((e) => e.includes('"callPermissionRequest"') && e.includes("never")),
      `tsc must refuse the unhandled step; it said:\n${found.join("\n")}`,
    );
  });

  it("a method recording a step that is not in the union is a compile error", () => {
    // The method body, however the formatter lays it out.
    const call = /locationRequest\(\) \{\s*return Chain\.#next\(this, "locationRequest"\);\s*\}/;
    ok(call.test(source), "locationRequest() records its step where this test expects it");
    const found = errors((t) => t.replace(call, 'locationRequest() { return Chain.#next(this, "locationRequset"); }'));
    ok(
      found.some((e) => e.includes('"locationRequset"')),
      found.join("\n"),
    );
  });
});
