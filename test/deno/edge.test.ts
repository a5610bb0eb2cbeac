// Deno: the built ESM and the CDN bundle compile every kind on every provider the build
// exports. examples/deno.ts itself runs, unmodified, against the packed package installed in a
// node_modules dir: see test/node/pack.test.ts and test/deno/installed-example.ts.
import { describe, it, ok, equal, deepEqual } from "../harness.ts";
import { SAMPLES, FACTORIES, minimalFor } from "../kinds.ts";

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
          try {
            provider.compile(minimalFor(name, kind as keyof typeof SAMPLES));
          } catch (e) {
            plain = e;
          }
          if (provider.kinds.includes(kind))
            ok(plain === undefined, `${where} is in kinds but its plainest message was refused: ${plain}`);
          else ok(lib.isUnsupportedError(plain), `${where} is not in kinds but its plainest message compiled`);
        }
      }
    });
  });
}
