// wafluent/templates as built: its own entry, whose code reaches a bundle only when the app
// imports it (a text worker ships none of the check), and whose errors are the root's classes.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, equal, it, ok } from "../harness.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dist = join(root, "dist");

/** The minified code of a bundle of `contents` (resolved from the repo root). */
async function bundle(contents: string): Promise<string> {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    minify: true,
    external: ["ky", "valibot"],
    logLevel: "silent",
  });
  return r.outputFiles[0]!.text;
}

/** Text only the templates entry holds (its check, its definitions' checks, the listing reader). */
const MARKERS = ["closest first", "defineTemplates(): ", "QUICK_REPLY", "has no `"];

describe("wafluent/templates in dist", () => {
  it("a text worker without templates ships none of its code; one that passes definitions does", async () => {
    const text = await bundle(
      'import { whatsapp } from "./dist/index.js"; import { sandbox } from "./dist/providers/sandbox.js";\n' +
        'export default await whatsapp({ provider: sandbox() }).text("hi").to("+31612345678");',
    );
    equal(
      MARKERS.filter((m) => text.includes(m)).join(", "),
      "",
      "template code in a worker that passes no definitions",
    );
    const templated = await bundle(
      'import { whatsapp } from "./dist/index.js"; import { sandbox } from "./dist/providers/sandbox.js";\n' +
        'import { defineTemplates } from "./dist/templates.js";\n' +
        "const templates = defineTemplates({ t: { en: { category: 'UTILITY', parameterFormat: 'positional', body: { text: 'Hi', params: [] } } } });\n" +
        'export default await whatsapp({ provider: sandbox(), templates }).template("t", { language: "en" }).to("+31612345678");',
    );
    ok(
      templated.includes("closest first") && templated.includes("defineTemplates(): "),
      "the check is where definitions are",
    );
  });

  it("its ValidationError is the root's class", async () => {
    const lib = await import(join(dist, "index.js"));
    const { defineTemplates } = await import(join(dist, "templates.js"));
    const templates = defineTemplates({
      t: { en: { category: "UTILITY", parameterFormat: "positional", body: { text: "Hi {{1}}", params: ["1"] } } },
    });
    const wa = lib.whatsapp({ provider: lib.sandbox(), templates });
    let caught: unknown;
    try {
      wa.template("t", { language: "en" }).to("+31612345678");
    } catch (e) {
      caught = e;
    }
    ok(caught instanceof lib.ValidationError, String(caught));
    equal((caught as { issues: { path: string }[] }).issues[0]!.path, "template.params");
  });
});
