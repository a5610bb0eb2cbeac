// README.md is the front door and docs/ the reference: the README stays small with Install on
// its first screen, every link between them resolves (file and heading), the error table lists
// every code, and user-facing text holds no maintainer internals or dates that go stale.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { WA_ERROR_CODES } from "../../src/core/errors.ts";
import { describe, it, ok, deepEqual } from "../harness.ts";
import { codeBlocks, docFiles, readDoc, root } from "./docs-files.ts";

const readme = readDoc("README.md");

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of readDoc(file).split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = !fenced && line.match(/^#{1,6}\s+(.*)$/);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Markdown links `[text](target)` outside code blocks and inline code. */
function links(file: string): string[] {
  const text = readDoc(file)
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe("README", () => {
  it("is at most 15 KB (15360 bytes)", () => {
    const size = Buffer.byteLength(readme);
    ok(size <= 15360, `README.md is ${size} bytes; move detail into docs/ and link to it`);
  });

  it("has Install on its first screen (within 40 lines), with every package manager, Deno, the CDN and the route that works before a release", () => {
    const lines = readme.split("\n");
    const at = lines.indexOf("## Install");
    ok(at >= 0 && at < 40, `"## Install" is at line ${at + 1}`);
    const install = readme.slice(
      readme.indexOf("## Install"),
      readme.indexOf("\n## ", readme.indexOf("## Install") + 1),
    );
    for (const needle of [
      "npm i wafluent",
      "pnpm add wafluent",
      "yarn add wafluent",
      "bun add wafluent",
      "npm:wafluent",
      "jsr:",
      "cdn.jsdelivr.net/npm/wafluent/",
      "npm i git+https://",
      "npm pack",
      ".tgz",
    ])
      ok(install.includes(needle), `Install mentions ${needle}`);
  });

  it("says which provider to pick, for each: Cloud API, the BSPs, the sandbox, proxy() in browsers", () => {
    const at = readme.indexOf("## Which provider");
    ok(at >= 0, 'no "## Which provider" section');
    const guide = readme.slice(at, readme.indexOf("\n## ", at + 1));
    for (const needle of [
      "cloudApi",
      "Bird",
      "Kaleyra",
      "Bik",
      "Zixflow",
      "sandbox()",
      "proxy()",
      "createProxyHandler",
    ])
      ok(guide.includes(needle), `the guide names ${needle}`);
    const lines = guide.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
    ok(lines.length <= 6, `the guide is ${lines.length} lines; keep it a short list`);
  });

  it("links to every page under docs/", () => {
    const linked = new Set(links("README.md").map((l) => normalize(l.split("#")[0]!)));
    deepEqual(
      docFiles.filter((f) => f.startsWith("docs/") && !linked.has(f)),
      [],
      "docs pages the README does not link to",
    );
  });

  it("lists every WaErrorCode in its Errors table", () => {
    // The one list WaErrorCode is derived from.
    const codes: string[] = [...WA_ERROR_CODES];
    ok(codes.length >= 10, `${codes.length} codes in src/core/errors.ts`);
    const errors = readme.slice(readme.indexOf("## Errors"));
    const rows = new Set([...errors.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!));
    deepEqual(
      codes.filter((c) => !rows.has(c)),
      [],
      "codes missing from the README's Errors table",
    );
    deepEqual(
      [...rows].filter((c) => !codes.includes(c)),
      [],
      "rows for codes that do not exist",
    );
  });
});

describe("README and docs/", () => {
  it("every relative link resolves to a file, and every #anchor to a heading", () => {
    const broken: string[] = [];
    for (const file of docFiles) {
      for (const link of links(file)) {
        if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
        const [path, hash] = link.split("#") as [string, string | undefined];
        const target = path === "" ? file : normalize(join(dirname(file), path));
        const abs = join(root, target);
        if (!existsSync(abs)) {
          broken.push(`${file}: ${link} (no ${target})`);
          continue;
        }
        if (hash !== undefined && target.endsWith(".md") && !anchors(target).has(hash))
          broken.push(`${file}: ${link} (no heading #${hash} in ${target})`);
        if (hash !== undefined && statSync(abs).isDirectory()) broken.push(`${file}: ${link} (anchor on a directory)`);
      }
    }
    deepEqual(broken, []);
  });

  it("every relative link resolves to a file in the packed package, so none is dead once installed", () => {
    // What `npm pack` puts in the tarball ("files" in package.json, plus README, LICENSE, package.json).
    const [info] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as [{ files: { path: string }[] }];
    const packed = new Set(info.files.map((f) => f.path));
    ok(packed.has("README.md") && packed.has("docs/builder.md"), "npm pack lists the README and docs/");
    const outside: string[] = [];
    for (const file of docFiles) {
      if (!packed.has(file)) continue;
      for (const link of links(file)) {
        if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
        const path = link.split("#")[0]!;
        if (path === "") continue;
        const target = normalize(join(dirname(file), path));
        if (!packed.has(target)) outside.push(`${file}: ${link} (${target} is not in the package)`);
      }
    }
    deepEqual(outside, []);
  });

  it("say nothing a user cannot check: no internal notes, test files, bench scripts or validation internals", () => {
    const everywhere = [
      /\.\.\/shared/,
      /PROVIDERS\.md/,
      /seed page/i,
      /\bGUESS\b/,
      /Node ≥ ?2[01]\b/,
      /Node >= ?2[01]\b/,
    ];
    // The contributors' page may name the repository's files, and the security page the test that
    // pins each guarantee; other user pages may not.
    const userPages = [/\btest\/[\w/.-]+\.(ts|mjs|js)\b/, /bench\/\w+\.mjs/, /fast (lane|path)/i, /src\/core\/schemas/];
    const namesTests = (file: string) => file === "docs/adding-a-provider.md" || file === "docs/security.md";
    const hits = docFiles.flatMap((file) => {
      const banned = namesTests(file) ? everywhere : [...everywhere, ...userPages];
      return readDoc(file)
        .split("\n")
        .flatMap((line, i) => banned.filter((re) => re.test(line)).map((re) => `${file}:${i + 1} ${re}`));
    });
    deepEqual(hits, []);
  });

  it("code blocks hold no absolute dates: examples must be valid on any day they are run", () => {
    const dated = codeBlocks()
      .filter((b) => b.example === undefined)
      .flatMap((b) => b.code.split("\n").map((l, i) => [l, `${b.file}:${b.line + i}`] as const))
      .filter(([l]) => /["'`]\d{4}-\d{2}-\d{2}/.test(l));
    deepEqual(
      dated.map(([, at]) => at),
      [],
      "use a date relative to now, e.g. new Date(Date.now() + 3_600_000).toISOString()",
    );
  });
});
