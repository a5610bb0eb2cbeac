// The repository stands on its own: no tracked file reads or names the folder beside it that the
// project was started from. Whatever a test needs from outside lives in test/fixtures/, with a
// line saying where it came from.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it, deepEqual, ok } from "../harness.ts";

const root = new URL("../../", import.meta.url);
// Built from parts so that this file does not name it itself.
const needle = [".", ".", "/", "sha", "red"].join("");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);

describe("self-contained repository", () => {
  it(`no tracked file mentions ${needle}`, () => {
    ok(tracked.length > 50, "git ls-files lists the repository");
    const offenders = tracked.filter((f) => {
      try {
        return readFileSync(new URL(f, root), "utf8").includes(needle);
      } catch {
        return false; // deleted in the work tree but still in the index
      }
    });
    deepEqual(offenders, []);
  });

  it("every vendored fixture says where it came from", () => {
    for (const f of tracked.filter((f) => f.startsWith("test/fixtures/") && !f.endsWith("LICENSE"))) {
      const text = readFileSync(new URL(f, root), "utf8");
      const head = f.endsWith(".json")
        ? String(JSON.parse(text).$comment ?? "")
        : text.split("\n").slice(0, 3).join("\n");
      ok(
        /https:\/\/|github\.com|docs\.|developers\./.test(head),
        `${f} names its public source in its first lines (or its JSON "$comment")`,
      );
    }
  });
});
