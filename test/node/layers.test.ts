// src/ reads bottom-up (issue 24): core/ < send/, inbound/ < providers/ < edge/ < the entries. A file
// imports only from its own layer or the ones below, type-only imports included, and no two files
// import each other, however far round. The import graph is read with the TypeScript parser: import
// and export declarations (`import type` too), `import()` calls and types, `declare module`
// augmentations. Node only (reads the source tree).
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import ts from "typescript";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const root = new URL("../../", import.meta.url).pathname;

// The entries: the files at the root of src/ that a subpath of the package exports (jsr.json maps
// them to source), and the browser file's (src/browser.ts, rollup.config.mjs).
const jsr = JSON.parse(readFileSync(join(root, "jsr.json"), "utf8")) as { exports: Record<string, string> };
const ENTRIES = new Set([
  ...Object.values(jsr.exports)
    .map((p) => p.replace(/^\.\//, ""))
    .filter((p) => /^src\/[^/]+\.ts$/.test(p)),
  "src/browser.ts",
]);

/** The layers, bottom first; a file's layer is the first whose test matches its path from the repository root. */
const LAYERS: readonly { name: string; rank: number; holds: (file: string) => boolean }[] = [
  { name: "core", rank: 1, holds: (f) => f.startsWith("src/core/") },
  { name: "send", rank: 2, holds: (f) => f.startsWith("src/send/") },
  { name: "inbound", rank: 2, holds: (f) => f.startsWith("src/inbound/") },
  { name: "providers", rank: 3, holds: (f) => f.startsWith("src/providers/") },
  { name: "edge", rank: 4, holds: (f) => f.startsWith("src/edge/") },
  { name: "entries", rank: 5, holds: (f) => ENTRIES.has(f) },
];
const layerOf = (file: string) => LAYERS.find((l) => l.holds(file));

type Graph = Map<string, string[]>;

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

/** The relative module specifiers of one source file, as the compiler sees them. */
function specifiers(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const take = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) out.push(node.text);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) take(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      take(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) take(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) take(node.argument.literal);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) take(node.name);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out.filter((s) => s.startsWith("./") || s.startsWith("../"));
}

/** Every file of src/ (paths from the repository root) and the files it imports. */
function srcGraph(): Graph {
  const graph: Graph = new Map();
  for (const abs of walk(join(root, "src"))) {
    const file = relative(root, abs);
    const to = specifiers(abs, readFileSync(abs, "utf8")).map((s) =>
      posix.normalize(posix.join(posix.dirname(file), s)),
    );
    graph.set(file, [...new Set(to)]);
  }
  return graph;
}

/** The imports that go up a layer, e.g. "src/core/fit.ts → src/send/outgoing.ts (core imports send)". */
function upward(graph: Graph): string[] {
  const out: string[] = [];
  for (const [from, tos] of graph)
    for (const to of tos) {
      const a = layerOf(from);
      const b = layerOf(to);
      if (a && b && b.rank > a.rank) out.push(`${from} → ${to} (${a.name} imports ${b.name})`);
    }
  return out;
}

/** Every import cycle (strongly connected components of more than one file, or a file importing itself), as a path that closes. */
function cycles(graph: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  let next = 0;
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const members = new Set<string>();
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      members.add(w);
    } while (w !== v);
    if (members.size > 1 || graph.get(v)?.includes(v)) found.push(loop(graph, v, members));
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

/** One concrete loop through `start` inside a strongly connected component: "a → b → a". */
function loop(graph: Graph, start: string, members: Set<string>): string {
  const back = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = back.get(u)!) path.splice(1, 0, u);
        return [...path, start].join(" → ");
      }
      if (!back.has(w)) {
        back.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...members].join(" ↔ ");
}

describe("src/ is laid out by layer, without import cycles", () => {
  const graph = srcGraph();

  it("every file of src/ sits in a layer folder (or is an entry)", () => {
    const loose = [...graph.keys()].filter((f) => !layerOf(f));
    deepEqual(loose, [], `not in core/, send/, inbound/, providers/, edge/ or an entry: ${loose.join(", ")}`);
  });

  it("every relative import names a file of src/", () => {
    const missing = [...graph].flatMap(([from, tos]) => tos.filter((t) => !graph.has(t)).map((t) => `${from} → ${t}`));
    deepEqual(missing, [], missing.join("\n"));
  });

  it("no file imports from a layer above its own (type-only imports included)", () => {
    const up = upward(graph);
    deepEqual(up, [], `imports that go up a layer:\n${up.join("\n")}`);
  });

  it("no import cycle (type-only imports included)", () => {
    const found = cycles(graph);
    deepEqual(found, [], `import cycles:\n${found.join("\n")}`);
  });

  it("the checks see what they look for (a cycle and an upward import, type-only, in a made-up graph)", () => {
    const made: Graph = new Map([
      ["src/core/a.ts", ["src/core/b.ts"]],
      ["src/core/b.ts", ["src/send/c.ts"]],
      ["src/send/c.ts", ["src/core/a.ts"]],
      ["src/edge/d.ts", ["src/core/a.ts"]],
    ]);
    deepEqual(cycles(made), ["src/core/a.ts → src/core/b.ts → src/send/c.ts → src/core/a.ts"]);
    deepEqual(upward(made), ["src/core/b.ts → src/send/c.ts (core imports send)"]);
    const text = [
      'import type { A } from "../send/a.ts";',
      'export { B } from "./b.ts";',
      'const c = await import("../edge/c.ts");',
      'type D = import("../inbound/d.ts").D;',
      'declare module "../core/message.ts" {}',
      'import ky from "ky";',
    ].join("\n");
    deepEqual(specifiers("x.ts", text), [
      "../send/a.ts",
      "./b.ts",
      "../edge/c.ts",
      "../inbound/d.ts",
      "../core/message.ts",
    ]);
  });

  it("reads the real graph (the collector works)", () => {
    ok(graph.size > 50, `only ${graph.size} files in src/`);
    ok(
      graph.get("src/index.ts")!.includes("src/edge/webhooks/verify.ts"),
      "src/index.ts imports src/edge/webhooks/verify.ts",
    );
    equal(layerOf("src/send/transport.ts")?.name, "send");
  });
});
