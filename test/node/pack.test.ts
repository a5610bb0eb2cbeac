// The artifact users get, tested as they get it: `npm pack` (dist as built by `npm test`),
// installed from the tarball into an empty project (the npm cache serves ky and valibot), and
// from there: the README quick start on Node, a consumer type-checked under
// moduleResolution "bundler" and "nodenext", the Deno example with "npm:wafluent" resolved from
// node_modules (no rewriting), the Worker example bundled by esbuild as wrangler does. publint
// and arethetypeswrong lint the installed package and the tarball.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after } from "node:test";
import { build } from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const jsr = JSON.parse(readFileSync(join(root, "jsr.json"), "utf8"));
const bin = (name: string) => join(root, "node_modules/.bin", name);
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });

const tmp = mkdtempSync(join(tmpdir(), "wafluent-pack-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const app = join(tmp, "app");

/** Packs (scripts skipped: `npm test` has just built dist) and installs the tarball once. */
const setup = (async () => {
  if (!existsSync(join(root, "dist/index.d.ts")))
    throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  const [info] = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], root));
  const tarball = join(tmp, info.filename);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball],
    app,
  );
  return { tarball, files: (info.files as { path: string }[]).map((f) => f.path).sort() };
})();

/** Bundles `file` of the installed app with esbuild as wrangler does (the package's worker conditions). */
const bundleWorker = (file: string) =>
  build({
    entryPoints: [join(app, file)],
    absWorkingDir: app,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
    metafile: true,
  });

describe("the packed package", () => {
  it("ships dist with its types, README, LICENSE and CHANGELOG, and no sources or tests", async () => {
    const { files } = await setup;
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cdn/wafluent.min.js",
    ])
      ok(files.includes(f), `the tarball has ${f}`);
    for (const key of Object.keys(pkg.exports).filter((k) => k.startsWith("./providers/"))) {
      const name = key.slice("./providers/".length);
      ok(
        files.includes(`dist/providers/${name}.js`) && files.includes(`dist/providers/${name}.d.ts`),
        `the tarball has ${key} with its types`,
      );
    }
    deepEqual(
      files.filter((f) => /^(src|test|examples|demo|bench|scripts)\//.test(f)),
      [],
      "no sources, tests or examples in the tarball",
    );
  });

  it("runs the README quick start (examples/quickstart.mjs) on Node from the installed package", async () => {
    await setup;
    copyFileSync(join(root, "examples/quickstart.mjs"), join(app, "quickstart.mjs"));
    const out = run(process.execPath, ["quickstart.mjs"], app);
    equal(
      out,
      "accepted 1\n`buttons[0].title` is 27 characters; WhatsApp allows at most 20. Shorten it or use a list.\n",
    );
  });

  it("exports only the public entries: the internal Meta compiler is not importable", async () => {
    await setup;
    const probe = `import("wafluent/providers/_meta").then(() => console.log("exposed"), (e) => console.log(e.code))`;
    equal(run(process.execPath, ["--input-type=module", "-e", probe], app).trim(), "ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  for (const [resolution, module] of [
    ["bundler", "esnext"],
    ["nodenext", "nodenext"],
  ] as const) {
    it(`type-checks a consumer under moduleResolution "${resolution}"`, async () => {
      await setup;
      const dir = join(app, `types-${resolution}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "consumer.ts"),
        [
          `import { whatsapp, sandbox, message, isValidationError, type Message, type Outgoing } from "wafluent";`,
          `import { bird } from "wafluent/providers/bird";`,
          `import { cloudApi } from "wafluent/providers/cloud-api";`,
          `import * as cdn from "wafluent/cdn";`,
          `// @ts-expect-error: the internal Meta compiler is not exported`,
          `import * as internal from "wafluent/providers/_meta";`,
          `const wa = whatsapp({ provider: sandbox() });`,
          `const out: Outgoing = wa.text("Hi").buttons(["Yes", "No"]).to("+31612345678");`,
          `const m: Message = out.message;`,
          `const b = bird({ accessKey: "k", workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90", channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f" });`,
          `const c = cloudApi({ accessToken: "t", phoneNumberId: "1" });`,
          `const compiled: { url: string } = message.text("x").to("+31612345678").compile(b);`,
          `// @ts-expect-error: a number is not a message text`,
          `message.text(42);`,
          `export { m, c, compiled, isValidationError, cdn, internal };`,
        ].join("\n"),
      );
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "es2022",
            module,
            moduleResolution: resolution,
            lib: ["es2022", "dom"],
            types: [],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          files: ["consumer.ts"],
        }),
      );
      try {
        run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], dir);
      } catch (e: any) {
        throw new Error(`tsc (${resolution}) failed:\n${e.stdout}${e.stderr}`);
      }
    });
  }

  it("runs examples/deno.ts unmodified, with npm:wafluent resolved from node_modules", async () => {
    await setup;
    copyFileSync(join(root, "examples/deno.ts"), join(app, "deno.ts"));
    copyFileSync(join(root, "test/deno/installed-example.ts"), join(app, "installed-example.ts"));
    let out: string;
    try {
      out = run(bin("deno"), ["run", "--node-modules-dir=manual", "--no-check", "-A", "installed-example.ts"], app);
    } catch (e: any) {
      throw new Error(`the Deno example failed:\n${e.stdout}${e.stderr}`);
    }
    ok(out.includes("deno example ok"), out);
  });

  it("bundles examples/worker.js with esbuild as wrangler does, and the bundle answers", async () => {
    await setup;
    copyFileSync(join(root, "examples/worker.js"), join(app, "worker.js"));
    const out = await bundleWorker("worker.js");
    const inputs = Object.keys(out.metafile.inputs);
    ok(
      inputs.some((f) => f === "node_modules/wafluent/dist/providers/bird.js"),
      "bird came from the installed package",
    );
    const code = out.outputFiles[0]!.text;
    ok(!/from\s*["']node:/.test(code), "the bundle imports nothing from node:");
    const file = join(tmp, "worker.bundle.mjs");
    writeFileSync(file, code);
    const worker = (await import(pathToFileURL(file).href)).default;
    const env = {
      BIRD_ACCESS_KEY: "k",
      BIRD_WORKSPACE_ID: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      BIRD_CHANNEL_ID: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
      PROXY_TOKEN: "secret",
      SITE_ORIGIN: "https://shop.example",
    };
    const res = await worker.fetch(
      new Request("https://worker.example/", {
        method: "POST",
        headers: { authorization: "Bearer wrong", "content-type": "application/json" },
        body: "{}",
      }),
      env,
    );
    equal(res.status, 403);
  });

  it("a Worker bundled from the installed package uploads a 1 MB PNG from a Uint8Array and sends it as an image (one upload, one send)", async () => {
    await setup;
    writeFileSync(
      join(app, "media-worker.js"),
      [
        'import { whatsapp } from "wafluent";',
        'import { cloudApi } from "wafluent/providers/cloud-api";',
        'import { withUploads } from "wafluent/media";',
        "export default {",
        "  async fetch(request, env) {",
        "    const wa = whatsapp({ provider: withUploads(cloudApi({ accessToken: env.META_TOKEN, phoneNumberId: env.META_PHONE_ID, baseUrl: env.META_BASE_URL })) });",
        "    const png = new Uint8Array(await request.arrayBuffer());",
        '    const res = await wa.image({ file: png, caption: "Receipt" }).to("+31612345678");',
        "    return Response.json(res);",
        "  },",
        "};",
      ].join("\n"),
    );
    const out = await bundleWorker("media-worker.js");
    ok(Object.keys(out.metafile.inputs).includes("node_modules/wafluent/dist/media.js"), "media came from the package");
    const file = join(tmp, "media-worker.bundle.mjs");
    writeFileSync(file, out.outputFiles[0]!.text);
    const worker = (await import(pathToFileURL(file).href)).default;
    const { mockServer } = await import("./server.ts");
    const server = await mockServer((req) =>
      req.url.endsWith("/media") ? { body: { id: "1166846181421424" } } : { body: { messages: [{ id: "wamid.P" }] } },
    );
    try {
      const png = new Uint8Array(1024 * 1024);
      png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      for (let i = 8; i < png.length; i++) png[i] = i & 0xff;
      const env = { META_TOKEN: "T", META_PHONE_ID: "106540352242922", META_BASE_URL: server.url };
      const res = await worker.fetch(new Request("https://worker.example/", { method: "POST", body: png }), env);
      const sent = await res.json();
      equal(sent.id, "wamid.P");
      deepEqual(sent.uploads, [
        { path: "media[0]", bytes: 1024 * 1024, media: { id: "1166846181421424" }, reused: false },
      ]);
      deepEqual(
        server.seen.map((r) => r.url),
        ["/v23.0/106540352242922/media", "/v23.0/106540352242922/messages"],
      );
      const upload = server.seen[0]!;
      ok(/^multipart\/form-data; boundary=/.test(String(upload.headers["content-type"])));
      ok(upload.raw.includes(Buffer.from(png)), "the upload carries the PNG's bytes as they are");
      deepEqual(JSON.parse(server.seen[1]!.body).image, { id: "1166846181421424", caption: "Receipt" });
    } finally {
      await server.close();
    }
  });

  it("publint (strict) finds nothing in the installed package", async () => {
    await setup;
    const { messages, pkg: installed } = await publint({
      pkgDir: join(app, "node_modules/wafluent"),
      pack: false,
      strict: true,
    });
    deepEqual(
      messages.map((m) => formatMessage(m, installed) ?? m.code),
      [],
    );
  });

  it("`npx wafluent templates pull` from the installed package writes a module whose checks refuse a wrong call in plain JS", async () => {
    await setup;
    const { mockServer } = await import("./server.ts");
    const { page1, page2 } = await import("../fixtures/meta/message-templates.ts");
    let url = "";
    const server = await mockServer((req) =>
      req.url.includes("after=MjQZD")
        ? { body: page2 }
        : { body: page1(`${url}/v23.0/1/message_templates?after=MjQZD`) },
    );
    url = server.url;
    try {
      // Asynchronously: the mock answers from this process.
      const { stdout: out } = await promisify(execFile)(
        join(app, "node_modules/.bin/wafluent"),
        ["templates", "pull", "--provider", "cloud-api", "--out", "templates.ts", "--base-url", `${url}/v23.0`],
        { cwd: app, encoding: "utf8", env: { ...process.env, META_TOKEN: "T", META_WABA_ID: "1" } },
      );
      ok(out.startsWith("wrote templates.ts: 3 templates"), out);
    } finally {
      await server.close();
    }
    writeFileSync(
      join(app, "use-templates.mjs"),
      [
        'import { whatsapp, sandbox } from "wafluent";',
        'import { templates } from "./templates.ts";',
        "const wa = whatsapp({ provider: sandbox(), templates });",
        'try { wa.template("seasonal_promotion", { language: "es", header: "x", params: ["a"] }).to("+31612345678"); }',
        "catch (e) { console.log(e.code, e.issues[0].message); }",
      ].join("\n"),
    );
    equal(
      run(process.execPath, ["use-templates.mjs"], app),
      "VALIDATION `seasonal_promotion` (es) body has 3 parameters, {{1}}, {{2}} and {{3}}; received 1.\n",
    );
  });

  it("arethetypeswrong (ESM-only profile) finds nothing in the tarball", async () => {
    const { tarball } = await setup;
    let report: any;
    try {
      report = JSON.parse(run(bin("attw"), [tarball, "--profile", "esm-only", "--format", "json"], tmp));
    } catch (e: any) {
      throw new Error(`attw reported problems:\n${e.stdout}${e.stderr}`);
    }
    // The ESM-only profile ignores node10 and require-from-CJS resolutions: the package is ESM
    // only, for Node >= 22, so those are out of scope; everything else must be clean.
    const problems = Object.values<any[]>(report.problems ?? {})
      .flat()
      .filter((p) => !["node10", "node16-cjs"].includes(p.resolutionKind));
    deepEqual(problems, []);
  });
});

describe("jsr.json and package.json", () => {
  it("export the same entries, each from the same module (its src file for JSR, the dist file rollup bundles from it for npm)", async () => {
    const npm = Object.fromEntries(
      Object.entries<any>(pkg.exports)
        .filter(([k]) => k !== "./package.json" && !k.startsWith("./cdn"))
        .map(([k, v]) => [k, v.import]),
    );
    deepEqual(Object.keys(jsr.exports).sort(), Object.keys(npm).sort());
    // rollup's entries: dist/<name>.js is bundled from input[name] (a provider folder's index.ts).
    const input: Record<string, string> = (await import("../../rollup.config.mjs")).default[0].input;
    const from = Object.fromEntries(Object.entries(input).map(([name, file]) => [`./dist/${name}.js`, `./${file}`]));
    for (const [key, src] of Object.entries<string>(jsr.exports))
      equal(from[npm[key]], src, `exports["${key}"]: ${npm[key]} is bundled from ${src}`);
    equal(jsr.version, pkg.version);
    equal(pkg.exports["./cdn"].import, "./dist/cdn/wafluent.min.js");
    equal(pkg.exports["./cdn/browser"].import, "./dist/cdn/wafluent.browser.min.js");
  });
});
