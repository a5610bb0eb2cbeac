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
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

  it("a Node script downloads an inbound Cloud API image through the two steps, and is refused a 200 MB one", async () => {
    await setup;
    const { metaInboundImage } = await import("../fixtures/conversation.ts");
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9]);
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      res.on("error", () => {});
      const id = /^\/v23\.0\/(\d+)$/.exec(req.url ?? "")?.[1];
      if (id) {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ id, mime_type: "image/jpeg", url: `http://127.0.0.1:${port}/media/${id}` }));
      }
      const big = req.url === "/media/200";
      res.writeHead(200, {
        "content-type": "image/jpeg",
        "content-length": String(big ? 200 * 1024 * 1024 : jpeg.length),
      });
      big ? res.write(Buffer.alloc(1024)) : res.end(jpeg);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    writeFileSync(join(app, "webhook.json"), JSON.stringify(metaInboundImage));
    writeFileSync(
      join(app, "download.mjs"),
      `import { readFileSync } from "node:fs";
import { whatsapp, cloudApi, parseWebhook } from "wafluent";
import { withMedia } from "wafluent/media";
const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: "EAAtoken", phoneNumberId: "1", baseUrl: process.argv[2] })) });
const [event] = parseWebhook(JSON.parse(readFileSync("webhook.json", "utf8")), { provider: "cloudApi" });
const res = await wa.download(event.message.media);
console.log(res.headers.get("content-type"), (await res.arrayBuffer()).byteLength);
await wa.download({ id: "200" }).catch((e) => console.log(e.code, e.message));
`,
    );
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["download.mjs", `http://127.0.0.1:${port}`], {
        cwd: app,
      });
      const [first, second] = stdout.trim().split("\n");
      equal(first, `image/jpeg ${jpeg.length}`);
      ok(/^VALIDATION .*209715200 bytes, over download\(\)'s maxBytes of 104857600/.test(second ?? ""), second);
      deepEqual(seen.slice(0, 2), [
        "/v23.0/2621233374848975 Bearer EAAtoken",
        "/media/2621233374848975 Bearer EAAtoken",
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
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
        'import { withMedia } from "wafluent/media";',
        "export default {",
        "  async fetch(request, env) {",
        "    const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken: env.META_TOKEN, phoneNumberId: env.META_PHONE_ID, baseUrl: env.META_BASE_URL })) });",
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

  describe("`npx wafluent templates pull` from the installed package", () => {
    /** Runs `npx wafluent …` in the app, asynchronously (the mocks answer from this process). */
    const npx = async (args: string[], env: Record<string, string>) =>
      (
        await promisify(execFile)("npx", ["--no-install", "wafluent", ...args], {
          cwd: app,
          encoding: "utf8",
          env: { ...process.env, ...env },
        })
      ).stdout;
    /** The wrong calls (name, language, parameter count, variable name, header kind) and a right one. */
    const WRONG = {
      name: 'wa.template("seasonal_promo", { language: "es", header: "x", params: ["a", "b", "c"] })',
      language: 'wa.template("seasonal_promotion", { language: "fr", header: "x", params: ["a", "b", "c"] })',
      count: 'wa.template("seasonal_promotion", { language: "es", header: "x", params: ["a"] })',
      variable:
        'wa.template("order_confirmation", { language: "en_US", variables: { first_name: "A", order_no: "1" } })',
      header:
        'wa.template("seasonal_promotion", { language: "es", header: { image: "https://example.com/a.jpg" }, params: ["a", "b", "c"] })',
    };
    const RIGHT = [
      'wa.template("seasonal_promotion", { language: "es", header: "Oferta", params: ["agosto", "25OFF", "25%"] })',
      'wa.template("order_confirmation", { language: "en_US", variables: { first_name: "Ana", order_number: "860198" } })',
    ];

    it("pulls the Cloud API's two pages; the module types the right calls and refuses each wrong one in tsc", async () => {
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
        const out = await npx(
          ["templates", "pull", "--provider", "cloud-api", "--out", "templates.ts", "--base-url", `${url}/v23.0`],
          {
            META_TOKEN: "T",
            META_WABA_ID: "1",
          },
        );
        ok(out.startsWith("wrote templates.ts: 3 templates"), out);
        equal(server.seen.length, 2, "both pages");
      } finally {
        await server.close();
      }
      const dir = join(app, "typed-templates");
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(app, "templates.ts"), join(dir, "templates.ts"));
      const head =
        'import { sandbox, whatsapp } from "wafluent";\nimport { templates } from "./templates.js";\nconst wa = whatsapp({ provider: sandbox(), templates });\n';
      writeFileSync(join(dir, "right.ts"), `${head}${RIGHT.map((c) => `${c};`).join("\n")}\n`);
      for (const [what, call] of Object.entries(WRONG))
        writeFileSync(join(dir, `wrong-${what}.ts`), `${head}${call};\n`);
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "es2022",
            module: "esnext",
            moduleResolution: "bundler",
            lib: ["es2022", "dom"],
            types: [],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          include: ["*.ts"],
        }),
      );
      let output = "";
      try {
        run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], dir);
      } catch (e: any) {
        output = `${e.stdout}${e.stderr}`;
      }
      const failing = new Set([...output.matchAll(/^([\w-]+\.ts)\(\d+,\d+\): error/gm)].map((m) => m[1]));
      deepEqual(
        [...failing].sort(),
        Object.keys(WRONG)
          .map((w) => `wrong-${w}.ts`)
          .sort(),
        output,
      );
    });

    it("the same wrong calls in plain JS are VALIDATION before any request", async () => {
      await setup;
      writeFileSync(
        join(app, "use-templates.mjs"),
        [
          'import { whatsapp, cloudApi } from "wafluent";',
          'import { templates } from "./templates.ts";',
          "let requests = 0;",
          'const provider = cloudApi({ accessToken: "T", phoneNumberId: "1", baseUrl: "http://127.0.0.1:9" });',
          'const wa = whatsapp({ provider, templates, fetch: async () => { requests++; throw new Error("no request expected"); } });',
          ...Object.values(WRONG).map(
            (call) =>
              `try { await ${call}.to("+31612345678").send(); console.log("sent"); } catch (e) { console.log(e.code, e.issues?.[0]?.path); }`,
          ),
          'console.log("requests", requests);',
        ].join("\n"),
      );
      equal(
        run(process.execPath, ["use-templates.mjs"], app),
        [
          "VALIDATION template.name",
          "VALIDATION template.language",
          "VALIDATION template.params",
          "VALIDATION template.variables",
          "VALIDATION template.header",
          "requests 0",
          "",
        ].join("\n"),
      );
    });

    it("pulls Kaleyra's and Bird's listings (mocks with paging) into modules that check sends", async () => {
      await setup;
      const { mockServer } = await import("./server.ts");
      const kaleyra = await import("../fixtures/kaleyra/message-templates.ts");
      const bird = await import("../fixtures/bird/channel-templates.ts");
      let url = "";
      const k = await mockServer((req) =>
        req.headers["api-key"] !== "K"
          ? { status: 401, body: kaleyra.unauthorized }
          : req.url.includes("after=MQZDZD")
            ? { body: kaleyra.page2 }
            : {
                body: kaleyra.page1(`${url}/v2/${kaleyra.SID}/whatsapp/${kaleyra.WABA}/message_templates?after=MQZDZD`),
              },
      );
      url = k.url;
      const b = await mockServer((req) => {
        const u = new URL(req.url, "http://x");
        if (u.pathname.endsWith("/projects"))
          return { body: u.searchParams.get("pageToken") ? bird.projects2 : bird.projects1 };
        const id = u.pathname.split("/")[4]!;
        return Object.hasOwn(bird.channelTemplates, id)
          ? { body: bird.channelTemplates[id] }
          : { status: 404, body: {} };
      });
      try {
        const kOut = await npx(
          ["templates", "pull", "--provider", "kaleyra", "--out", "kaleyra-templates.ts", "--base-url", k.url],
          {
            KALEYRA_KEY: "K",
            KALEYRA_SID: kaleyra.SID,
            KALEYRA_WABA_ID: kaleyra.WABA,
          },
        );
        ok(kOut.startsWith("wrote kaleyra-templates.ts: 2 templates (2 translations)"), kOut);
        equal(k.seen.length, 2, "both Kaleyra pages");
        const bOut = await npx(
          ["templates", "pull", "--provider", "bird", "--out", "bird-templates.ts", "--base-url", b.url],
          {
            BIRD_ACCESS_KEY: "A",
            BIRD_WORKSPACE_ID: bird.WORKSPACE,
          },
        );
        ok(bOut.startsWith("wrote bird-templates.ts: 2 templates (3 translations)"), bOut);
      } finally {
        await k.close();
        await b.close();
      }
      writeFileSync(
        join(app, "use-pulled.mjs"),
        [
          'import { whatsapp, sandbox } from "wafluent";',
          'import { templates as k } from "./kaleyra-templates.ts";',
          'import { templates as b } from "./bird-templates.ts";',
          'const check = (templates, f) => { try { f(whatsapp({ provider: sandbox(), templates })).to("+31612345678"); console.log("ok"); } catch (e) { console.log(e.code, e.issues[0].path); } };',
          'check(k, (wa) => wa.template("order_confirmation", { language: "en_US", variables: { first_name: "A", order_number: "1" } }));',
          'check(k, (wa) => wa.template("order_delivery_update", { language: "en_US", params: ["A"] }));',
          `check(b, (wa) => wa.template("${bird.ORDER}", { language: "nl", variables: { name: "A", order: "1" } }));`,
          `check(b, (wa) => wa.template("${bird.ORDER}", { language: "nl", variables: { name: "A" } }));`,
        ].join("\n"),
      );
      equal(
        run(process.execPath, ["use-pulled.mjs"], app),
        "ok\nVALIDATION template.params\nok\nVALIDATION template.variables\n",
      );
    });
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
