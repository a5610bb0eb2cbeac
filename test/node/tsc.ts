// Runs the project's TypeScript compiler over files written to a temporary folder, for tests
// that check what must (or must not) compile: the docs' code blocks, the providers' type names.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

/**
 * Writes `files` (name → text) to a temporary folder, type-checks them with strict ES2022 /
 * Bundler settings plus `options`, and returns tsc's `error TS…` lines (each names its file).
 * `before` are absolute paths checked first (ambient declarations). The folder is removed after.
 * @throws when tsc itself fails to run (no error line in its output).
 */
export function tscErrors(
  files: Record<string, string>,
  options: Record<string, unknown> = {},
  before: readonly string[] = [],
): string[] {
  const dir = mkdtempSync(join(tmpdir(), "wafluent-tsc-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
          ...options,
        },
        files: [...before, ...Object.keys(files).map((n) => join(dir, n))],
      }),
    );
    let out = "";
    try {
      execFileSync(
        process.execPath,
        [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")],
        {
          encoding: "utf8",
          stdio: "pipe",
        },
      );
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
      if (!/error TS\d+/.test(out)) throw e;
    }
    return out.split("\n").filter((l) => /error TS\d+/.test(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
