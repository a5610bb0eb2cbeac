// Deno: the built ESM and the CDN bundle compile every kind on every provider the build
// exports, and examples/deno.ts (the README's Deno example) serves createProxyHandler with
// Deno.serve on 127.0.0.1, posted to with proxy().
import { describe, it, ok, equal, deepEqual, rejects } from "../harness.ts";
import { SAMPLES, MINIMAL, FACTORIES } from "../kinds.ts";

declare const Deno: any;
const root = new URL("../../", import.meta.url);

for (const entry of ["dist/index.js", "dist/cdn/wafluent.min.js"]) {
  describe(`deno: ${entry} compiles every kind for every provider it exports`, () => {
    it("each kind compiles to a JSON request, or is refused before I/O with UnsupportedError", async () => {
      const lib = await import(new URL(entry, root).href);
      const present = Object.keys(FACTORIES).filter((name) => typeof lib[name] === "function");
      ok(present.includes("sandbox") && present.includes("proxy"), `found ${present}`);
      for (const name of present) {
        const provider = FACTORIES[name] === undefined ? lib[name]() : lib[name](FACTORIES[name]);
        for (const [kind, message] of Object.entries(SAMPLES)) {
          const where = `${name} × ${kind}`;
          try {
            const req = provider.compile(message);
            ok(provider.kinds.includes(kind), `${where} compiled but ${name}.kinds does not list it`);
            ok(/^(https?|sandbox):\/\//.test(req.url), `${where}: url ${req.url}`);
            ok(["POST", "PUT", "PATCH", "GET", "DELETE"].includes(req.method), `${where}: method`);
            deepEqual(JSON.parse(JSON.stringify(req.body)), req.body, `${where}: body is plain JSON`);
          } catch (e) {
            ok(lib.isUnsupportedError(e), `${where} threw ${e}`);
            equal((e as any).provider, provider.name, `${where}: UnsupportedError names the provider`);
          }
          // `kinds` is the support data the README table reads: the plainest message of a listed
          // kind compiles, the plainest message of an unlisted kind is refused.
          let plain: unknown;
          try { provider.compile(MINIMAL[kind as keyof typeof MINIMAL]); } catch (e) { plain = e; }
          if (provider.kinds.includes(kind)) ok(plain === undefined, `${where} is in kinds but its plainest message was refused: ${plain}`);
          else ok(lib.isUnsupportedError(plain), `${where} is not in kinds but its plainest message compiled`);
        }
      }
    });
  });
}

describe("deno: examples/deno.ts serves createProxyHandler with Deno.serve", () => {
  it("a proxy() client posts to it over HTTP; a wrong token is refused", async () => {
    // The example imports "npm:wafluent"; point it at this build, as the published package would be.
    const source = (await Deno.readTextFile(new URL("examples/deno.ts", root))).replace('"npm:wafluent"', JSON.stringify(new URL("dist/index.js", root).href));
    const copy = new URL("test-output/deno-example.ts", root);
    await Deno.mkdir(new URL("test-output/", root), { recursive: true });
    await Deno.writeTextFile(copy, source);
    Deno.env.set("PORT", "0");
    Deno.env.set("PROXY_TOKEN", "deno-token");
    const { server } = await import(copy.href);
    try {
      const url = `http://127.0.0.1:${server.addr.port}/`;
      const lib = await import(new URL("dist/cdn/wafluent.min.js", root).href);
      const wa = lib.whatsapp({ provider: lib.proxy({ url, headers: { authorization: "Bearer deno-token" } }) });
      const res = await wa.text("Hallo from Deno").buttons(["Ja", "Nee"]).to("+31612345678");
      equal(res.provider, "sandbox");
      equal(res.status, "accepted");
      const bulk = await wa.text("Bulk").to(["+31600000001", "+31600000002"]);
      deepEqual(bulk.map((r: any) => r.ok), [true, true]);
      const wrong = lib.whatsapp({ provider: lib.proxy({ url, headers: { authorization: "Bearer nope" } }) });
      const e = await rejects(wrong.text("x").to("+31612345678"), (e) => lib.isProviderError(e));
      deepEqual([e.provider, e.status, e.code], ["proxy", 403, "AUTH"]);
      const raw = await fetch(url, { method: "POST", headers: { authorization: "Bearer deno-token", "content-type": "application/json" }, body: JSON.stringify({ to: "+31612345678", type: "text", body: "" }) });
      equal(raw.status, 422);
      equal((await raw.json()).error.issues[0].path, "body");
    } finally {
      await server.shutdown();
    }
  });
});
