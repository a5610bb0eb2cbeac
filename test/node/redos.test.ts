// Every regular expression in src/ is checked by a real ReDoS checker (recheck, its pure-JS
// backend: no Java, no native binary, no network): each regex literal and each `new RegExp` /
// `RegExp(...)` whose pattern is a string literal, found with the TypeScript parser (not a
// regex), must be "safe". A `RegExp` built from anything but literals fails here too: it cannot
// be checked, so it has no place in src/. Node only (reads the source tree).
import { describe, it, ok, equal } from "../harness.ts";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { check } from "recheck";

// recheck picks its backend from the environment: the pure-JS one, whatever is installed.
process.env.RECHECK_BACKEND = "pure";

const ROOT = new URL("../../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

interface Found {
  where: string;
  source: string | undefined;
  flags: string;
}

/** Every regex of one file: literals (`/…/g`) and `new RegExp("…", "g")` / `RegExp("…")` calls. */
function regexesOf(path: string): Found[] {
  const text = readFileSync(path, "utf8");
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Found[] = [];
  const where = (node: ts.Node) =>
    `${relative(ROOT, path)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
  const literal = (node: ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const raw = node.getText(file);
      const end = raw.lastIndexOf("/");
      out.push({ where: where(node), source: raw.slice(1, end), flags: raw.slice(end + 1) });
    } else if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "RegExp"
    ) {
      const [pattern, flags] = node.arguments ?? [];
      out.push({ where: where(node), source: literal(pattern), flags: flags ? (literal(flags) ?? "?") : "" });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const all = files(ROOT).flatMap(regexesOf);

describe("ReDoS: every regular expression in src/ is safe (recheck)", () => {
  it("finds the regexes (the collector works)", () => {
    ok(all.length > 20, `only ${all.length} regexes found`);
    ok(
      all.some((r) => r.where.startsWith("send/secrets.ts") && r.source?.startsWith("^(?:[A-Za-z0-9+/]{4})*")),
      "the base64 check of send/secrets.ts is among them",
    );
  });

  for (const r of all)
    it(`${r.where} /${r.source ?? "(not a literal)"}/${r.flags}`, async () => {
      ok(r.source !== undefined && r.flags !== "?", `${r.where}: a RegExp built at run time cannot be checked`);
      const diagnostics = await check(r.source, r.flags, { timeout: 20_000 });
      const detail =
        diagnostics.status === "vulnerable"
          ? `${diagnostics.complexity.summary}, attack ${diagnostics.attack.pattern}`
          : diagnostics.status === "unknown"
            ? diagnostics.error.kind
            : "";
      equal(diagnostics.status, "safe", `${r.where} /${r.source}/${r.flags}: ${diagnostics.status} ${detail}`);
    });
});
