// Every code block in README.md and docs/ is executed or type-checked: blocks marked
// `<!-- example: path -->` are the example files the runtime suites run (readme-examples.test.ts);
// every other ts/js block is type-checked here with tsc, strict, against the built package
// (dist/, as a user's project resolves "wafluent"), so a renamed option or a wrong call in the docs
// fails the tests. Names a snippet takes from the reader (env, phone, …) are declared in
// test/node/docs-snippets-globals.ts. `sh` blocks are install and set-up commands.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, ok, deepEqual } from "../harness.ts";
import { codeBlocks, root, type Block } from "./docs-files.ts";

const blocks = codeBlocks();

describe("docs code blocks", () => {
  it("are ts, js or sh, or embed an example file", () => {
    const odd = blocks.filter((b) => b.example === undefined && !["ts", "js", "sh"].includes(b.lang));
    deepEqual(
      odd.map((b) => `${b.file}:${b.line} (${b.lang || "no language"})`),
      [],
      "mark each block ts, js or sh, or embed a tested example file",
    );
  });

  it("sh blocks hold only commands", () => {
    const command = /^(#.*|npm|pnpm|yarn|bun|deno|npx|node|wrangler|git)\b/;
    const bad = blocks
      .filter((b) => b.lang === "sh")
      .flatMap((b) => b.code.split("\n").map((l, i) => [l, `${b.file}:${b.line + i}`] as const))
      .filter(([l]) => l.trim() !== "" && !command.test(l.trim()));
    deepEqual(
      bad.map(([, at]) => at),
      [],
    );
  });

  it("every ts and js block type-checks against the package (strict tsc)", () => {
    const checked = blocks.filter((b) => b.example === undefined && (b.lang === "ts" || b.lang === "js"));
    ok(checked.length >= 15, `${checked.length} blocks checked`);
    const errors = [
      // TypeScript blocks: strict. JavaScript blocks: strict too, except that untyped parameters
      // (`fetch(request, env)`) are allowed, as in any checked JS project.
      ...typeCheck(
        checked.filter((b) => b.lang === "ts"),
        {},
      ),
      ...typeCheck(
        checked.filter((b) => b.lang === "js"),
        { noImplicitAny: false },
      ),
    ];
    ok(errors.length === 0, `code blocks in README.md / docs/ that do not type-check:\n${errors.join("\n")}`);
  });
});

/** Runs tsc over the blocks; returns its errors, each pointed at the Markdown line it comes from. */
function typeCheck(list: Block[], extra: Record<string, unknown>): string[] {
  if (list.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "wafluent-docs-"));
  try {
    const names = new Map<string, Block>();
    list.forEach((b, i) => {
      const name = `block${i}.${b.lang}`;
      names.set(name, b);
      // `export {}` makes each block a module of its own (top-level await, no clashes).
      writeFileSync(join(dir, name), `${b.code}\nexport {};\n`);
    });
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
          allowJs: true,
          checkJs: true,
          types: [],
          ...extra,
          paths: {
            wafluent: [join(root, "dist/index.d.ts")],
            "wafluent/provider-kit": [join(root, "dist/provider-kit.d.ts")],
            "wafluent/providers/*": [join(root, "dist/providers/*.d.ts")],
          },
        },
        files: [join(root, "test/node/docs-snippets-globals.ts"), ...[...names.keys()].map((n) => join(dir, n))],
      }),
    );
    let out = "";
    try {
      execFileSync(
        process.execPath,
        [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")],
        { encoding: "utf8", stdio: "pipe" },
      );
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
      if (!/error TS\d+/.test(out)) throw e; // tsc itself failed to run
    }
    return out
      .split("\n")
      .filter((l) => /error TS\d+/.test(l))
      .map((l) =>
        l.replace(/^.*?(block\d+\.[tj]s)\((\d+),(\d+)\)/, (_m, name: string, line: string) => {
          const b = names.get(name);
          return b ? `${b.file}:${b.line + Number(line) - 1}` : name;
        }),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
