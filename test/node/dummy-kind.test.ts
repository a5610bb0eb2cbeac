// One list of kinds, checked by the compiler everywhere: a copy of src/ gets a dummy kind in
// `KINDS` and `Content` (src/core/message.ts), tsc runs over it once, and its errors must name
// every site that handles kinds one by one: the builder (its method per kind and the runtime that
// records it), the step switch, the schema variant, fit's table, and each provider's support
// table and compile switch. A site that stops being checked (a `Record<string, …>`, a `default:`
// that swallows new kinds, a hand-written union) fails this test. Also: no `as never` in test/,
// so the per-kind test tables are checked against `Kind`, and bad input is a @ts-expect-error.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, ok, deepEqual, hasCode, throws } from "../harness.ts";
import { PROVIDERS } from "../../src/providers/registry.ts";
import { compileMeta } from "../../src/providers/_meta/compile.ts";
import { refuseRest } from "../../src/providers/_kit/support.ts";
import { SUPPORT as BIK } from "../../src/providers/bik/support.ts";
import { MINIMAL } from "../kinds.ts";
import type { WaError } from "../../src/core/errors.ts";

const root = new URL("../../", import.meta.url).pathname;
const self = new URL(import.meta.url).pathname;
const DUMMY = "callPermissionRequest";

/** A place in src/ that must be named: an error on a line from `start` to `end` (both regexes; `end` defaults to `start`). */
interface Site {
  what: string;
  file: string;
  start: RegExp;
  end?: RegExp;
}

const CORE: Site[] = [
  {
    what: "the builder's method per kind (KindsHaveBuilders)",
    file: "src/send/draft-types.ts",
    start: /^export type KindsHaveBuilders\b/,
  },
  {
    what: "the builder's runtime (BuildersAreImplemented)",
    file: "src/send/builder.ts",
    start: /^export type BuildersAreImplemented\b/,
    end: /^>;$/,
  },
  {
    what: "the step switch (apply's exhaustiveness check)",
    file: "src/send/steps.ts",
    start: /return unhandled\(key\)/,
  },
  {
    what: "the schema variant (its schema per kind)",
    file: "src/core/schemas/message.ts",
    start: /^const BY_KIND = \{/,
    end: /^\} satisfies/,
  },
  { what: "fit's table", file: "src/core/fit.ts", start: /^\s*table = \{$/, end: /^\s*\};$/ },
];

/** A provider's support table and compile switch (the `refuseRest` call in its `default`: it takes only kinds the table refuses). */
const own = (folder: string, compile: string): Site[] => [
  {
    what: `${folder}'s support table`,
    file: `src/providers/${folder}/support.ts`,
    start: /^export const SUPPORT = /,
    end: /^\}?\);$/,
  },
  { what: `${folder}'s compile switch`, file: `src/providers/${folder}/${compile}`, start: /return refuseRest\(/ },
];
const META: Site[] = [
  {
    what: "Meta's support table (Cloud API, Kaleyra, 360dialog)",
    file: "src/providers/_meta/compile.ts",
    start: /^export const META_SUPPORT: SupportTable = \{/,
    end: /^\};$/,
  },
  {
    what: "Meta's compile switch",
    file: "src/providers/_meta/compile.ts",
    start: /return refuseRest\(provider, META_SUPPORT, m\)/,
  },
];

/**
 * Where each provider of the registry handles kinds. The sandbox and the proxy send every kind
 * as the neutral message (`ALL_KINDS`): nothing of theirs is per kind.
 */
const BY_PROVIDER: Record<string, Site[]> = {
  cloudApi: META,
  kaleyra: META,
  dialog360: META,
  bird: own("bird", "compile.ts"),
  bik: own("bik", "index.ts"),
  zixflow: own("zixflow", "index.ts"),
  twilio: own("twilio", "index.ts"),
  infobip: own("infobip", "content.ts"),
};

/** The lines (1-based, inclusive) of `site` in `text`, or a reason it was not found. */
function span(site: Site, text: string): [number, number] | string {
  const lines = text.split("\n");
  const from = lines.findIndex((l) => site.start.test(l));
  if (from < 0) return `${site.file} has no line matching ${site.start}`;
  if (!site.end) return [from + 1, from + 1];
  const to = lines.findIndex((l, i) => i >= from && site.end!.test(l));
  if (to < 0) return `${site.file} has no line matching ${site.end} after ${site.start}`;
  return [from + 1, to + 1];
}

/** tsc's errors over a copy of src/ with the dummy kind added: `file(line,col): error TS…`. */
function dummyKindErrors(): { errors: { file: string; line: number; text: string }[]; copy: (f: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), "wafluent-kind-"));
  cpSync(join(root, "src"), join(dir, "src"), { recursive: true });
  cpSync(join(root, "tsconfig.json"), join(dir, "tsconfig.json"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const messageFile = join(dir, "src/core/message.ts");
  let model = readFileSync(messageFile, "utf8");
  const list = '  "flow",\n] as const);';
  const content = '  | { type: "template"; template: Template };';
  ok(
    model.includes(list),
    `src/core/message.ts: KINDS must end with ${JSON.stringify(list)} for this test to add a kind`,
  );
  ok(model.includes(content), `src/core/message.ts: Content must end with ${JSON.stringify(content)}`);
  model = model
    .replace(list, `  "flow",\n  "${DUMMY}",\n] as const);`)
    .replace(content, `  | { type: "template"; template: Template }\n  | { type: "${DUMMY}"; body: string };`);
  writeFileSync(messageFile, model);
  const copies = new Map<string, string>();
  for (const file of walk(join(dir, "src"))) copies.set(file.slice(dir.length + 1), readFileSync(file, "utf8"));
  let out = "";
  try {
    execFileSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json"), "--pretty", "false"],
      { encoding: "utf8", stdio: "pipe", cwd: dir },
    );
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
    if (!/error TS\d+/.test(out)) throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const errors = out
    .split("\n")
    .map((l) => /^(.+?)\((\d+),\d+\): (error TS\d+.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ file: m[1]!, line: Number(m[2]), text: m[3]! }));
  return { errors, copy: (f) => copies.get(f) ?? "" };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith(".ts")) yield path;
  }
}

describe("one list of kinds", () => {
  it("every registry provider that compiles its own request has its per-kind sites listed here", () => {
    const compiling = PROVIDERS.filter((p) => p.name !== "sandbox" && !("relay" in p)).map((p) => p.name);
    deepEqual(
      [...compiling].sort(),
      Object.keys(BY_PROVIDER).sort(),
      "a provider added to src/providers/registry.ts needs its support table and compile switch in BY_PROVIDER",
    );
    for (const p of PROVIDERS.filter((p) => BY_PROVIDER[p.name] === META)) {
      const index = readFileSync(join(root, `src/providers/${p.folder}/index.ts`), "utf8");
      ok(
        index.includes("compileMeta(") && index.includes("META_KINDS"),
        `${p.name} compiles with Meta's compiler and table`,
      );
    }
  });

  it(`a kind added to KINDS and Content ("${DUMMY}") makes tsc name every per-kind site`, () => {
    const { errors, copy } = dummyKindErrors();
    const sites = [...CORE, ...new Set(Object.values(BY_PROVIDER).flat())];
    const missing: string[] = [];
    for (const site of sites) {
      const lines = span(site, copy(site.file));
      if (typeof lines === "string") {
        missing.push(`${site.what}: ${lines}`);
        continue;
      }
      const [from, to] = lines;
      if (!errors.some((e) => e.file === site.file && e.line >= from && e.line <= to))
        missing.push(`${site.what} (${site.file}:${from}${to === from ? "" : `-${to}`})`);
    }
    ok(
      missing.length === 0,
      `tsc did not name:\n  ${missing.join("\n  ")}\nIts errors were:\n  ${errors.map((e) => `${e.file}:${e.line} ${e.text}`).join("\n  ")}`,
    );
    // The dummy kind is named by the sites' messages, not only by position.
    ok(
      errors.some((e) => e.text.includes(DUMMY)),
      errors.map((e) => e.text).join("\n"),
    );
  });

  it("a compile switch's default refuses a kind its table refuses (UNSUPPORTED, the hint) and an unvalidated kind (VALIDATION at type)", () => {
    const e = throws<WaError>(() => refuseRest("bik", BIK, MINIMAL.audio), hasCode("UNSUPPORTED"));
    ok(e.message.includes(BIK.audio), e.message);
    const v = throws<WaError>(
      // @ts-expect-error: a message of no kind, as an unvalidated caller of the provider kit may pass
      () => compileMeta("cloudApi", { to: "+31612345678", type: "nope" }),
      hasCode("VALIDATION"),
    );
    ok(/`type` is "nope", not a message kind/.test(v.message), v.message);
  });

  it("no test casts with `as never` (per-kind tables are typed by Kind; bad input is a @ts-expect-error)", () => {
    const found: string[] = [];
    for (const file of walk(join(root, "test"))) {
      if (file.includes("/fixtures/") || file === self) continue; // this file names the cast it looks for
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/\bas never\b/.test(line)) found.push(`${file.slice(root.length)}:${i + 1}: ${line.trim()}`);
        });
    }
    ok(
      found.length === 0,
      `\`as never\` hides what a test feeds in; type it, or mark bad input with // @ts-expect-error:\n  ${found.join("\n  ")}`,
    );
  });
});
