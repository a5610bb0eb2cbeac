// Size budgets: each bundle in bench/bundles.mjs (one text worker per built-in provider, the proxy
// page and handler, a verify-only worker, the CDN files), built as a user's bundler would and
// gzipped at level 9, must stay within its budget in bench/budgets.json. Bytes are deterministic
// for the locked esbuild, so this is a test, not a benchmark (the way size-limit guards nanoid).
// Raising a budget is a decision: say why in the commit.
import { readFileSync } from "node:fs";
import { bundle, bundles, measure } from "../../bench/bundles.mjs";
import { deepEqual, describe, equal, it, ok } from "../harness.ts";

interface Budget {
  /** Most min+gzip bytes allowed. */
  bytes: number;
  /** What the bundle is; for people reading the file. */
  what: string;
}
const budgets: Record<string, Budget> = JSON.parse(
  readFileSync(new URL("../../bench/budgets.json", import.meta.url), "utf8"),
).budgets;
const rows = bundles();
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

describe("size budgets (bench/budgets.json, min+gzip)", () => {
  it("every bundle has a budget and every budget a bundle", () => {
    deepEqual(
      rows.map((r) => r.name).sort(),
      Object.keys(budgets).sort(),
      "a new provider or bundle needs its line in bench/budgets.json (measure it with node bench/size.mjs)",
    );
  });
  for (const row of rows) {
    it(`${row.name}: ${row.what}`, async () => {
      const budget = budgets[row.name];
      ok(budget, `no budget for ${row.name} in bench/budgets.json`);
      const { bytes } = await measure(row);
      ok(
        bytes <= budget.bytes,
        `${row.name} is ${bytes} B (${kb(bytes)}), over its budget of ${budget.bytes} B (${kb(budget.bytes)}) by ${bytes - budget.bytes} B: ` +
          "find what grew with node bench/size.mjs (it prints where the bytes come from), or raise the budget in bench/budgets.json and say why",
      );
    });
  }
});

/** The sandbox text worker, from `root` (dist/ or src/), with `extra` source lines before it. */
const sandboxWorker = (root: "dist" | "src", extra = "") =>
  `${extra}import { whatsapp } from "./${root}/index.${root === "dist" ? "js" : "ts"}"; ` +
  `import { sandbox } from "./${root}/providers/sandbox${root === "dist" ? ".js" : "/index.ts"}";\n` +
  'export default () => whatsapp({ provider: sandbox() }).text("hi").to("+31612345678");';

describe("pay only for what you use (issue 25)", () => {
  it("the sandbox's text worker bundles no ky, no HTTP transport and no redactor", async () => {
    const { inputs } = await bundle(sandboxWorker("src"));
    const network = inputs.filter((f) =>
      /node_modules\/ky\/|src\/send\/(transport|first-attempt|transport-errors|request-secrets|secrets|request-body)\.ts$/.test(
        f,
      ),
    );
    deepEqual(network, [], "the sandbox answers in-process: nothing of the HTTP send path belongs in its bundle");
    ok(inputs.includes("src/send/sender.ts"), "the worker was bundled from src/ (it holds the client's sender lookup)");
  });

  it("a network provider's text worker does bundle them (the budgets above are not measured empty)", async () => {
    const { inputs } = await bundle(
      'import { whatsapp } from "./src/index.ts"; import { cloudApi } from "./src/providers/cloud-api/index.ts";\n' +
        'export default () => whatsapp({ provider: cloudApi({ accessToken: "t", phoneNumberId: "1" }) }).text("hi").to("+31612345678");',
    );
    for (const f of ["src/send/transport.ts", "src/send/secrets.ts", "src/send/request-secrets.ts"])
      ok(inputs.includes(f), f);
    ok(
      inputs.some((f) => /node_modules\/ky\//.test(f)),
      "ky comes with the Cloud API's HTTP sender",
    );
  });

  // Downloads of received media come with wafluent/media's withMedia(), not with the provider:
  // a text worker of a provider that downloads (Cloud API, 360dialog, Twilio, Bird) ships none
  // of the download code, and the same bytes whether or not its graph imports wafluent/media.
  for (const [folder, make] of [
    ["cloud-api", 'cloudApi({ accessToken: "t", phoneNumberId: "1" })'],
    ["360dialog", 'dialog360({ apiKey: "k" })'],
    ["twilio", `twilio({ accountSid: "AC${"1".repeat(32)}", authToken: "${"t".repeat(32)}", from: "+15005550006" })`],
    ["bird", 'bird({ accessKey: "k", workspaceId: "w", channelId: "c" })'],
  ] as const) {
    const factory = make.slice(0, make.indexOf("("));
    const worker = (root: "dist" | "src", extra = "") =>
      `${extra}import { whatsapp } from "./${root}/index.${root === "dist" ? "js" : "ts"}"; ` +
      `import { ${factory} } from "./${root}/providers/${folder}${root === "dist" ? ".js" : "/index.ts"}";\n` +
      `export default () => whatsapp({ provider: ${make} }).text("hi").to("+31612345678");`;
    it(`the ${factory} text worker holds no download code`, async () => {
      const { inputs } = await bundle(worker("src", 'import "./src/media.ts";\n'));
      deepEqual(
        inputs.filter((f) => /^src\/(media\.ts|send\/download\.ts|send\/upload\/|providers\/_kit\/media\.ts)/.test(f)),
        [],
        "downloads come with withMedia(), not with the provider",
      );
      ok(inputs.includes(`src/providers/${folder}/index.ts`), "the worker was bundled from src/");
    });
    it(`the ${factory} text worker has the same bytes with wafluent/media imported`, async () => {
      const plain = await bundle(worker("dist"));
      const more = await bundle(worker("dist", 'import * as optional from "./dist/media.js";\nvoid optional;\n'));
      equal(more.code, plain.code, "wafluent/media's code reached the text worker");
    });
  }

  // The optional entries: template definitions and their check (wafluent/templates), uploads of
  // media from bytes (wafluent/media, the newest). A text worker that does not use one ships none of
  // its code, and the same bytes whether or not its graph imports it.
  for (const [entry, file, own] of [
    ["wafluent/templates", "templates", /^src\/(templates\.ts|send\/templates\/)/],
    ["wafluent/media", "media", /^src\/(media\.ts|send\/upload\/)/],
  ] as const) {
    it(`the sandbox's text worker holds no code of ${entry}`, async () => {
      const { inputs } = await bundle(sandboxWorker("src", `import "./src/${file}.ts";\n`));
      deepEqual(
        inputs.filter((f) => own.test(f)),
        [],
        `a text worker that does not use ${entry} ships none of its code`,
      );
    });
    for (const [how, line] of [
      ["imported for its side effects", `import "./dist/${file}.js";\n`],
      ["imported and not used", `import * as optional from "./dist/${file}.js";\nvoid optional;\n`],
    ] as const) {
      it(`the sandbox's text worker has the same bytes with ${entry} ${how}`, async () => {
        const plain = await bundle(sandboxWorker("dist"));
        const more = await bundle(sandboxWorker("dist", line));
        // (esbuild read it: it is in the graph; tree-shaking left nothing of it in the output.)
        ok(`dist/${file}.js` in (more.meta as { inputs: object }).inputs, `the worker's graph holds ${entry}`);
        equal(more.code, plain.code, `${entry}'s code (or a side effect of its module) reached the worker`);
      });
    }
  }
});
