// Issue 18 (item 2): src/providers/registry.ts is the one list of providers. The folders, the
// root's exports, jsr.json, package.json's exports and the webhook tables must agree with it, so a
// provider added to the registry and not wired elsewhere (or the other way round) fails here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";
import { PROVIDERS, READERS, SIGNING, WEBHOOK_PROVIDERS, WEBHOOKS } from "../../src/providers/registry.ts";
import * as lib from "../../src/index.ts";
import { generate, stale } from "../../scripts/exports.mjs";

const root = new URL("../../", import.meta.url).pathname;
const json = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));

describe("provider registry", () => {
  it("lists every provider folder once, and only folders (shared code lives in _-folders)", () => {
    const folders = readdirSync(join(root, "src/providers"), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
      .map((e) => e.name);
    deepEqual([...folders].sort(), PROVIDERS.map((p) => p.folder).sort());
    equal(new Set(PROVIDERS.map((p) => p.name)).size, PROVIDERS.length, "names are unique");
  });

  it("each entry's folder exports its factory, which the root re-exports, and builds a provider named after it", async () => {
    for (const p of PROVIDERS) {
      const mod = await import(join(root, `src/providers/${p.folder}/index.ts`));
      equal(typeof mod[p.name], "function", `${p.folder}/index.ts exports ${p.name}`);
      equal((lib as Record<string, unknown>)[p.name], mod[p.name], `src/index.ts re-exports ${p.name}`);
      equal(mod[p.name](p.example).name, p.name, `${p.name}(example).name`);
    }
  });

  it("jsr.json and package.json export one subpath per registry folder", () => {
    const subpaths = PROVIDERS.map((p) => `./providers/${p.folder}`).sort();
    deepEqual(
      Object.keys(json("jsr.json").exports)
        .filter((k) => k.startsWith("./providers/"))
        .sort(),
      subpaths,
    );
    deepEqual(
      Object.keys(json("package.json").exports)
        .filter((k) => k.startsWith("./providers/"))
        .sort(),
      subpaths,
    );
    for (const p of PROVIDERS)
      ok(
        existsSync(join(root, json("jsr.json").exports[`./providers/${p.folder}`])),
        `${p.folder}: jsr.json points at a file`,
      );
  });

  it("jsr.json's, package.json's and the root's provider exports are what scripts/exports.mjs generates from the registry", () => {
    deepEqual(
      stale().map((s) => s.file),
      [],
      "run node scripts/exports.mjs --write",
    );
  });

  it("scripts/exports.mjs adds a registry provider's subpath to every export list and drops one the registry lost", () => {
    const current = {
      jsr: readFileSync(join(root, "jsr.json"), "utf8"),
      pkg: readFileSync(join(root, "package.json"), "utf8"),
    };
    const more = generate(current, [...PROVIDERS, { folder: "acme" }]);
    equal(JSON.parse(more.jsr).exports["./providers/acme"], "./src/providers/acme/index.ts");
    deepEqual(JSON.parse(more.pkg).exports["./providers/acme"], {
      types: "./dist/providers/acme.d.ts",
      import: "./dist/providers/acme.js",
    });
    const fewer = generate(
      current,
      PROVIDERS.filter((p) => p.folder !== "bik"),
    );
    ok(more.root.includes('export * from "./acme/index.ts";'), "the root re-exports the new provider");
    ok(
      !("./providers/bik" in JSON.parse(fewer.jsr).exports) && !("./providers/bik" in JSON.parse(fewer.pkg).exports),
      "bik is gone from both",
    );
    ok(!fewer.root.includes("./bik/"), "and from the root");
    deepEqual(
      Object.keys(JSON.parse(more.pkg).exports).slice(-3),
      ["./cdn", "./cdn/browser", "./package.json"],
      "the other entries keep their place",
    );
    equal(generate(current).pkg, current.pkg, "the same registry gives the same text");
  });

  it("the webhook tables hold exactly the providers marked `webhooks`", () => {
    const marked = PROVIDERS.filter((p) => "webhooks" in p).map((p) => p.name);
    deepEqual([...WEBHOOK_PROVIDERS], marked);
    deepEqual(Object.keys(READERS), marked);
    deepEqual(Object.keys(SIGNING), marked);
    deepEqual(Object.keys(WEBHOOKS), marked);
    for (const name of marked)
      ok(
        existsSync(join(root, `src/providers/${PROVIDERS.find((p) => p.name === name)!.folder}/webhook.ts`)),
        `${name} has webhook.ts`,
      );
  });
});

describe("test matrices cover the registry", () => {
  it("the fault, secret and bulk suites run every provider that sends over HTTP (test/node/subjects.ts)", async () => {
    const { real } = await import("./subjects.ts");
    const sending = PROVIDERS.filter((p) => p.name !== "sandbox" && !("relay" in p)).map((p) => p.name);
    deepEqual(
      real.map((s) => s.name).sort(),
      [...sending].sort(),
      "add a subject (its answer formats) for each provider",
    );
  });

  it("the every-kind matrices (test/kinds.ts FACTORIES) hold every provider", async () => {
    const { FACTORIES } = await import("../kinds.ts");
    deepEqual(Object.keys(FACTORIES).sort(), PROVIDERS.map((p) => p.name).sort());
  });
});
