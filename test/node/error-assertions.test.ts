// Every throws()/rejects() in the tests (the harness's, node:assert's, Deno's) names the error it
// expects: a check function or an error object to match. A bare call, or one given only a message
// pattern or an error class, also passes on a TypeError from a bug, so it is refused here; so is a
// bare guard (`isConfig`, `isValidationError`, …) whose error is then dropped: it names the code
// but not the field.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, it, ok, deepEqual } from "../harness.ts";

const root = new URL("../../", import.meta.url).pathname;
const CALL = /^(?:assert\.)?(?:throws|rejects|assertThrows|assertRejects)$|\.(?:toThrow|throws|rejects)$/;
const CLASSES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "WaError"]);
const GUARD = /^is[A-Z]\w*$/;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : testFiles(path);
    return /\.(?:ts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Whether the call's result (the error) is thrown away, so nothing after it checks the field. */
function dropped(call: ts.Node): boolean {
  let parent = call.parent;
  while (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return ts.isExpressionStatement(parent);
}

/** Each throws/rejects call as "file:line", and the ones that accept any error with why. */
function scan(): { calls: number; loose: string[] } {
  let calls = 0;
  const loose: string[] = [];
  for (const file of testFiles(join(root, "test"))) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && CALL.test(node.expression.getText(source))) {
        calls++;
        const check = node.arguments[1];
        const why = !check
          ? "no check"
          : ts.isRegularExpressionLiteral(check) || ts.isStringLiteralLike(check)
            ? "a message pattern only"
            : ts.isIdentifier(check) && CLASSES.has(check.text)
              ? "an error class only"
              : ts.isIdentifier(check) && GUARD.test(check.text) && dropped(node)
                ? "a code only, the error dropped"
                : "";
        if (why) {
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          loose.push(`${relative(root, file)}:${line} (${why})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { calls, loose };
}

describe("tests: every expected error is named", () => {
  it("no throws/rejects call accepts any error, or checks only the code of an error it drops", () => {
    const { calls, loose } = scan();
    ok(calls > 100, `found only ${calls} throws/rejects calls: has the scan stopped matching?`);
    deepEqual(loose, []);
  });
});
