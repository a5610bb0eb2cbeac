// What the workerd hardening suites share: a Miniflare worker that imports the CDN bundle, and a
// list of named cases (each { name, pass, detail }) that test/workerd/run.mjs prints and counts.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Log, LogLevel, Miniflare } from "miniflare";

/** The CDN bundle the workers import (dist/cdn/wafluent.min.js): run `npm run build` first. */
export const cdnBundle = () => readFileSync(new URL("../../dist/cdn/wafluent.min.js", import.meta.url), "utf8");

/**
 * Starts a fake provider `server` (node:http) on 127.0.0.1 at a free port: resolves to its
 * `state`, its `url` and `close()` (which drops open connections too).
 */
export function listenLocal(server, state) {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        state,
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

/**
 * Starts `worker` (an ES module's source) in workerd, beside dist/cdn/wafluent.min.js as
 * `./wafluent.min.js`; `options` adds to or replaces Miniflare's (bindings, KV, queues, log).
 */
export function startWorker(worker, options = {}) {
  const bundle = cdnBundle();
  return new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: worker },
      { type: "ESModule", path: "wafluent.min.js", contents: bundle },
    ],
    compatibilityDate: "2026-01-01",
    cf: false,
    log: new Log(LogLevel.WARN),
    ...options,
  });
}

/** A list of cases: `check(name, pass, detail)` records one; `attempt(name, f)` records a throw of `f` as a failed case. */
export function caseList() {
  const cases = [];
  const check = (name, pass, detail) => cases.push({ name, pass: Boolean(pass), detail });
  const attempt = async (name, f) => {
    try {
      await f();
    } catch (e) {
      check(name, false, String(e?.stack ?? e));
    }
  };
  return { cases, check, attempt };
}

/**
 * A local upstream on 127.0.0.1 that records what it received (`body` as text, `raw` as bytes)
 * and answers JSON from a script: `reply(seen, n)` → `{ status, body, headers? }`.
 */
export async function mockUpstream(reply) {
  const seen = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: raw.toString("utf8"), raw });
      const r = reply(seen.at(-1), seen.length);
      res.writeHead(r.status, { "content-type": "application/json", "set-cookie": "upstream=1", ...r.headers });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/**
 * Bundles worker source the way wrangler does: "wafluent" resolves through package.json exports
 * (of this checkout, or of `root`'s: bench/workerd-cold.mjs bundles another checkout's build and
 * minifies, as `wrangler deploy --minify` does).
 */
export async function bundleWorker(contents, sourcefile, { minify = false, root } = {}) {
  const out = await build({
    stdin: {
      contents,
      resolveDir: root ?? fileURLToPath(new URL("../../", import.meta.url)),
      sourcefile,
      loader: "js",
    },
    bundle: true,
    minify,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}
