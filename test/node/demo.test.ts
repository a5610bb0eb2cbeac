// `npm run demo` (demo/main.mjs, against dist/): the console part, then the playground only in an
// interactive terminal. Run here with its output piped, it says why it does not serve, for each
// reason; --serve serves anyway on the port PORT names. The README names every flag and
// environment variable the demo reads.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";
import { root } from "./docs-files.ts";

const main = join(root, "demo/main.mjs");
/** The environment without CI, so each case sets only its own reason. */
const env = (extra: Record<string, string> = {}) => {
  const { CI: _ci, ...rest } = process.env;
  return { ...rest, ...extra };
};

/** Runs the demo to its end with stdout piped; resolves with its exit code and output. */
function demo(args: string[], extra?: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: root,
      env: env(extra),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("the demo", () => {
  for (const [name, args, extra, reason] of [
    ["output piped", [], {}, "the output is not an interactive terminal"],
    ["CI set", [], { CI: "true" }, "CI is set"],
    ["--no-serve", ["--no-serve"], {}, "--no-serve was given"],
  ] as const) {
    it(`${name}: runs the console part, does not serve, and says why`, async () => {
      const { code, out } = await demo([...args], extra);
      equal(code, 0, out);
      match(out, /The sandbox accepted \d+ messages\./);
      ok(
        out.includes(`Playground not started: ${reason}. \`npm run demo -- --serve\` starts it anyway.`),
        out.slice(-300),
      );
      ok(!out.includes("Playground: http"), "no playground URL is printed when none is served");
    });
  }

  it("--serve serves the playground with its output piped, on the port PORT names (0: a free one)", async () => {
    const child = spawn(process.execPath, [main, "--serve"], {
      cwd: root,
      env: env({ CI: "true", PORT: "0" }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c) => {
          out += c;
          const m = out.match(/Playground: (http:\/\/127\.0\.0\.1:\d+\/?)\s/);
          if (m) resolve(m[1]!);
        });
        child.on("close", (code) => reject(new Error(`the demo exited (${code}) without serving:\n${out}`)));
      });
      ok(!url.endsWith(":5180/") && !url.endsWith(":5180"), `PORT=0 picks a free port, got ${url}`);
      const page = await fetch(url);
      equal(page.status, 200);
      match(await page.text(), /<html/i);
    } finally {
      child.kill();
    }
  });

  it("README names every flag and environment variable the demo reads", () => {
    const source = readFileSync(main, "utf8");
    const flags = [...new Set(source.match(/"--[a-z-]+"/g)!.map((f) => f.slice(1, -1)))];
    const vars = [...new Set([...source.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]!))];
    deepEqual([...flags].sort(), ["--no-serve", "--serve"], "the flags demo/main.mjs reads");
    deepEqual(
      [...vars].sort(),
      ["CI", "PLAYGROUND_TEMPLATES", "PORT"],
      "the environment variables demo/main.mjs reads",
    );
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const contributing = readme.slice(readme.indexOf("## Contributing"));
    deepEqual(
      [
        ...flags.map((f) => `\`${f}\``),
        ...vars.map((v) => (v === "PORT" || v === "PLAYGROUND_TEMPLATES" ? `\`${v}=` : `\`${v}\``)),
      ].filter((needle) => !contributing.includes(needle)),
      [],
      "README's Contributing section names each",
    );
  });
});
