// Every code block in README.md and docs/ is executed or type-checked: blocks marked
// `<!-- example: path -->` are the example files the runtime suites run (readme-examples.test.ts);
// every other ts/js block is type-checked here with tsc, strict, against the built package
// (dist/, as a user's project resolves "wafluent"), so a renamed option or a wrong call in the docs
// fails the tests. Names a snippet takes from the reader (env, phone, …) are declared in
// test/node/docs-snippets-globals.ts. `sh` blocks are install and set-up commands.
import { join } from "node:path";
import { describe, it, ok, deepEqual } from "../harness.ts";
import { codeBlocks, root, type Block } from "./docs-files.ts";
import { tscErrors } from "./tsc.ts";

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

  it("the README's first screen (40 lines) type-checks as written: no names declared for it, only Node's types", () => {
    const first = blocks.filter(
      (b) => b.file === "README.md" && b.line <= 40 && b.example === undefined && (b.lang === "ts" || b.lang === "js"),
    );
    ok(first.length >= 1, "the README opens with a code example");
    const node = { types: ["node"], typeRoots: [join(root, "node_modules/@types")] };
    const errors = [
      ...typeCheck(
        first.filter((b) => b.lang === "ts"),
        node,
        [],
      ),
      ...typeCheck(
        first.filter((b) => b.lang === "js"),
        { ...node, noImplicitAny: false },
        [],
      ),
    ];
    ok(errors.length === 0, `the README's first example does not compile as a reader copies it:\n${errors.join("\n")}`);
  });
});

/**
 * Runs tsc over the blocks, with `declared` (the names snippets take from the reader) in scope;
 * returns its errors, each pointed at the Markdown line it comes from.
 */
function typeCheck(
  list: Block[],
  extra: Record<string, unknown>,
  declared: readonly string[] = [join(root, "test/node/docs-snippets-globals.ts")],
): string[] {
  if (list.length === 0) return [];
  const names = new Map<string, Block>();
  // `export {}` makes each block a module of its own (top-level await, no clashes).
  const files = Object.fromEntries(
    list.map((b, i) => {
      const name = `block${i}.${b.lang}`;
      names.set(name, b);
      return [name, `${b.code}\nexport {};\n`];
    }),
  );
  const options = {
    allowJs: true,
    checkJs: true,
    ...extra,
    paths: {
      wafluent: [join(root, "dist/index.d.ts")],
      "wafluent/provider-kit": [join(root, "dist/provider-kit.d.ts")],
      "wafluent/templates": [join(root, "dist/templates.d.ts")],
      "wafluent/cli": [join(root, "dist/cli.d.ts")],
      "wafluent/media": [join(root, "dist/media.d.ts")],
      "wafluent/providers/*": [join(root, "dist/providers/*.d.ts")],
    },
  };
  return tscErrors(files, options, declared).map((l) =>
    l.replace(/^.*?(block\d+\.[tj]s)\((\d+),(\d+)\)/, (_m, name: string, line: string) => {
      const b = names.get(name);
      return b ? `${b.file}:${b.line + Number(line) - 1}` : name;
    }),
  );
}
