// The package stays honest: exports map and jsr.json agree with src/providers, every entry was
// built with its types, src/ has no Node-only API, and the CDN bundle works on its own.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { PROVIDERS } from "../../src/providers/registry.ts";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const root = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const jsr = JSON.parse(readFileSync(join(root, "jsr.json"), "utf8"));
const providers: string[] = PROVIDERS.map((p) => p.folder);
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );

describe("package", () => {
  it("is ESM only, side-effect free, with types first in every export", () => {
    equal(pkg.type, "module");
    equal(pkg.sideEffects, false);
    for (const [key, value] of Object.entries(pkg.exports)) {
      if (typeof value === "object")
        equal(Object.keys(value as object)[0], "types", `exports["${key}"] lists types first`);
    }
    deepEqual(Object.keys(pkg.dependencies).sort(), ["ky", "valibot"]);
  });

  it("jsr.json exports the root, the provider kit, the templates, media and exactly one subpath per provider", () => {
    deepEqual(
      Object.keys(jsr.exports).sort(),
      [".", "./provider-kit", "./templates", "./cli", "./media", ...providers.map((p) => `./providers/${p}`)].sort(),
    );
    for (const [key, file] of Object.entries<string>(jsr.exports))
      ok(existsSync(join(root, file)), `${key} → ${file} exists`);
    equal(jsr.version, pkg.version);
  });

  it("every provider subpath was built with its declarations", () => {
    for (const p of providers) {
      ok(existsSync(join(root, `dist/providers/${p}.js`)), `dist/providers/${p}.js`);
      ok(existsSync(join(root, `dist/providers/${p}.d.ts`)), `dist/providers/${p}.d.ts`);
    }
    const dts = walk(join(root, "dist")).filter((f) => f.endsWith(".d.ts"));
    ok(
      dts.every((f) => !/from "\.{1,2}\/[^"]+\.ts"/.test(readFileSync(f, "utf8"))),
      "declarations import .js, not .ts",
    );
  });

  it("src/ uses no Node-only API", () => {
    for (const file of walk(join(root, "src"))) {
      const text = readFileSync(file, "utf8");
      ok(!/from\s+["']node:|require\(|\bprocess\.|\bBuffer\./.test(text), `${file} uses a Node-only API`);
    }
  });

  it("ky is imported on first need (src/send/ky-load.ts), statically only by the bundlers' twin ky-now.ts", () => {
    // (The first attempt of a direct send is one fetch: a send that succeeds at once loads no ky.)
    const files = walk(join(root, "src"));
    const statics = files.filter((f) => /^import\s+(?!type\s)[^;]*from\s+["']ky["']/m.test(readFileSync(f, "utf8")));
    deepEqual(
      statics.map((f) => f.slice(root.length)),
      ["src/send/ky-now.ts"],
    );
    const dynamic = files.filter((f) => /(?<!typeof\s)\bimport\(\s*["']ky["']\s*\)/.test(readFileSync(f, "utf8")));
    deepEqual(
      dynamic.map((f) => f.slice(root.length)),
      ["src/send/ky-load.ts"],
    );
  });

  it("the core never imports a provider", () => {
    for (const file of walk(join(root, "src")).filter(
      (f) => !f.includes("/providers/") && !/\/index\.ts$|\/src\/(browser|cli|media)\.ts$/.test(f),
    )) {
      ok(!/from\s+["']\.\/providers\//.test(readFileSync(file, "utf8")), `${file} imports a provider`);
    }
  });

  it("the README's provider × kind table is the one generated from every provider's kinds", async () => {
    const { execFileSync } = await import("node:child_process");
    // Exits non-zero (and so throws) when README.md differs from the generated table.
    execFileSync(process.execPath, [join(root, "scripts/provider-table.mjs"), "--check"], { cwd: root, stdio: "pipe" });
    ok(readFileSync(join(root, "README.md"), "utf8").includes("<!-- providers:start -->"));
  });

  it("the CDN bundle is one self-contained module that builds and sends on the sandbox", async () => {
    const file = join(root, "dist/cdn/wafluent.min.js");
    const text = readFileSync(file, "utf8");
    ok(!/\bfrom\s*["'](ky|valibot)["']/.test(text), "ky and valibot are inlined");
    const lib = await import(file);
    const box = lib.sandbox();
    const res = await lib.whatsapp({ provider: box }).text("hi").buttons(["A"]).to("+31612345678");
    equal(res.provider, "sandbox");
    equal(box.sent.length, 1);
  });
});
