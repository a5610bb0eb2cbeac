// workerd cases for the hardened fetch handlers: a worker (with the CDN bundle as its wafluent)
// serves createProxyHandler and createWebhookHandler; requests come from outside through
// miniflare, and from a raw HTTP client on 127.0.0.1 that starts a body and never ends it.
import { request as httpRequest } from "node:http";
import { createHmac } from "node:crypto";
import { caseList, startWorker } from "./worker-harness.mjs";

const WORKER = `
import { createProxyHandler, createWebhookHandler, verifyWebhook, sandbox, PROXY_BROWSER_OPTIONS, isWaError } from "./wafluent.min.js";
const box = sandbox();
let authorizeCalls = 0;
const auth = (req) => req.headers.get("authorization") === "Bearer t";
const handlers = {
  "/proxy": createProxyHandler({ provider: box, authorize: auth, bodyTimeout: 200 }),
  "/proxy-wide": createProxyHandler({ provider: box, authorize: auth, allowOptions: { bik: [...PROXY_BROWSER_OPTIONS.bik, "businessPhoneNumber"] } }),
  "/proxy-reading": createProxyHandler({ provider: box, authorize: async (req) => (await req.json()).to === "+31612345678", maxBodyBytes: 1000, bodyTimeout: 200 }),
  "/proxy-counting": createProxyHandler({ provider: box, authorize: () => { authorizeCalls++; return true; }, maxBodyBytes: 1000 }),
  "/proxy-redirect": createProxyHandler({ provider: box, authorize: () => new Response("sign in", { status: 302, headers: { location: "/login", vary: "Cookie", "cache-control": "max-age=60" } }) }),
  "/hook": createWebhookHandler({ provider: "cloudApi", secret: "app", verifyToken: "tok", maxBodyBytes: 1000, bodyTimeout: 200, onMessage: (e) => void box.sent.push({ hook: e.id }) }),
};
const endless = () => new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"to":')), pull: () => new Promise(() => {}) });
const config = (f) => { try { f(); return "built"; } catch (e) { return isWaError(e) ? e.code + ": " + e.message : String(e); } };
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/authorize-calls") return Response.json(authorizeCalls);
    if (pathname === "/sent") return Response.json(box.sent.map((m) => m.hook ?? [m.to, m.options ?? null]));
    // A body that never ends, built inside workerd.
    if (pathname === "/endless-proxy")
      return handlers["/proxy"](new Request("https://w.example/proxy", { method: "POST", headers: { authorization: "Bearer t", "content-type": "application/json" }, body: endless() }));
    if (pathname === "/endless-hook")
      return handlers["/hook"](new Request("https://w.example/hook", { method: "POST", headers: { "x-hub-signature-256": "sha256=" + "ab".repeat(32) }, body: endless() }));
    if (pathname === "/verify") return Response.json(await verifyWebhook(request, { provider: "cloudApi", secret: "app", maxBodyBytes: 1000 }));
    if (pathname === "/config")
      return Response.json({
        origins: config(() => createProxyHandler({ provider: box, authorize: auth, allowedOrigins: "https://a.example" })),
        timeout: config(() => createProxyHandler({ provider: box, authorize: auth, bodyTimeout: NaN })),
        hook: config(() => createWebhookHandler({ provider: "cloudApi", secret: "app", maxBodyBytes: Number(undefined) })),
      });
    return handlers[pathname](request);
  },
};`;

/** Starts a POST to the worker, writes part of a body, never ends it; resolves with the answer. */
function halfBody(url, path, headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode, text });
      });
    });
    req.on("error", reject);
    req.write('{"to":"+3161');
    // A guard so a hung handler fails the case instead of the run (not a timing assertion).
    setTimeout(() => {
      req.destroy();
      reject(new Error("the worker never answered"));
    }, 30_000).unref();
  });
}

export async function run() {
  const mf = startWorker(WORKER);
  const { cases, check, attempt } = caseList();
  try {
    const url = String(await mf.ready);
    const post = (path, body, headers = {}) =>
      mf.dispatchFetch(`http://localhost${path}`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const msg = (options) => ({ to: "+31612345678", type: "text", body: "hi", ...(options ? { options } : {}) });

    await attempt(
      "proxy (workerd): a browser-set bik.businessPhoneNumber or bird.notification is refused with 422; allowOptions widens",
      async () => {
        const refused = await post(
          "/proxy",
          msg({
            bik: { businessPhoneNumber: "+919999999999" },
            bird: { notification: { url: "https://evil.example" } },
          }),
        );
        const body = await refused.json();
        const allowed = await post("/proxy", msg({ bird: { projectId: "5e8e1e4e-8f4a-4b6e-9c1e-2b9f1f1f1f1f" } }));
        const widened = await post("/proxy-wide", msg({ bik: { businessPhoneNumber: "+919999999999" } }));
        const sent = await (await mf.dispatchFetch("http://localhost/sent")).json();
        check(
          "proxy (workerd): a browser-set bik.businessPhoneNumber or bird.notification is refused with 422; allowOptions widens",
          refused.status === 422 &&
            JSON.stringify(body.error.issues.map((i) => i.path)) ===
              '["options.bik.businessPhoneNumber","options.bird.notification"]' &&
            allowed.status === 200 &&
            widened.status === 200 &&
            sent.length === 2 &&
            sent[1][1].bik.businessPhoneNumber === "+919999999999",
          { refused: refused.status, body, allowed: allowed.status, widened: widened.status, sent },
        );
      },
    );

    await attempt(
      "proxy (workerd): CSRF-shaped requests (form, text/plain, wrong method, foreign Origin, declared size over the cap) never call authorize",
      async () => {
        const before = (await (await mf.dispatchFetch("http://localhost/sent")).json()).length;
        const to = (path, init) => mf.dispatchFetch(`http://localhost${path}`, init).then((r) => r.status);
        const form = "to=%2B31612345678&type=text&body=hi";
        const got = {
          form: await to("/proxy-counting", {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: form,
          }),
          text: await to("/proxy-counting", {
            method: "POST",
            headers: { "content-type": "text/plain" },
            body: JSON.stringify(msg()),
          }),
          get: await to("/proxy-counting", { method: "GET" }),
          origin: await to("/proxy-counting", {
            method: "POST",
            headers: { "content-type": "application/json", origin: "https://evil.example" },
            body: JSON.stringify(msg()),
          }),
          // From a client on 127.0.0.1 that declares the length (miniflare's dispatchFetch streams without one).
          big: (
            await fetch(new URL("/proxy-counting", url), {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ ...msg(), body: "x".repeat(2000) }),
            })
          ).status,
          calls: await (await mf.dispatchFetch("http://localhost/authorize-calls")).json(),
          sent: (await (await mf.dispatchFetch("http://localhost/sent")).json()).length - before,
        };
        const ok = await to("/proxy-counting", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(msg()),
        });
        const calls = await (await mf.dispatchFetch("http://localhost/authorize-calls")).json();
        check(
          "proxy (workerd): CSRF-shaped requests (form, text/plain, wrong method, foreign Origin, declared size over the cap) never call authorize",
          JSON.stringify({ ...got, ok, after: calls }) ===
            JSON.stringify({
              form: 415,
              text: 415,
              get: 405,
              origin: 403,
              big: 413,
              calls: 0,
              sent: 0,
              ok: 200,
              after: 1,
            }),
          { ...got, ok, after: calls },
        );
      },
    );

    await attempt("proxy (workerd): authorize's Response gets Vary: Origin and Cache-Control: no-store", async () => {
      const res = await mf.dispatchFetch("http://localhost/proxy-redirect", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        redirect: "manual",
      });
      const got = [
        res.status,
        res.headers.get("vary"),
        res.headers.get("cache-control"),
        res.headers.get("x-content-type-options"),
        await res.text(),
      ];
      check(
        "proxy (workerd): authorize's Response gets Vary: Origin and Cache-Control: no-store",
        JSON.stringify(got) === JSON.stringify([302, "Cookie, Origin", "no-store", "nosniff", "sign in"]),
        got,
      );
    });

    await attempt(
      "proxy (workerd): authorize may read the body; oversized or unending bodies answer 413 / 408",
      async () => {
        const before = (await (await mf.dispatchFetch("http://localhost/sent")).json()).length;
        const ok = await post("/proxy-reading", msg());
        const wrong = await post("/proxy-reading", { ...msg(), to: "+31600000000" });
        const big = await post("/proxy-reading", { ...msg(), body: "x".repeat(2000) });
        const slow = await halfBody(url, "/proxy-reading", {
          "content-type": "application/json",
          "transfer-encoding": "chunked",
        });
        const after = (await (await mf.dispatchFetch("http://localhost/sent")).json()).length;
        const got = { ok: ok.status, wrong: wrong.status, big: big.status, slow: slow.status, sent: after - before };
        check(
          "proxy (workerd): authorize may read the body; oversized or unending bodies answer 413 / 408",
          JSON.stringify(got) === JSON.stringify({ ok: 200, wrong: 403, big: 413, slow: 408, sent: 1 }),
          { ...got, okBody: await ok.text() },
        );
      },
    );

    await attempt(
      "proxy (workerd): a body that never ends answers 408 TIMEOUT (from a client and built in the worker)",
      async () => {
        const slow = await halfBody(url, "/proxy", {
          authorization: "Bearer t",
          "content-type": "application/json",
          "transfer-encoding": "chunked",
        });
        const inner = await mf.dispatchFetch("http://localhost/endless-proxy");
        const innerBody = await inner.json();
        check(
          "proxy (workerd): a body that never ends answers 408 TIMEOUT (from a client and built in the worker)",
          slow.status === 408 &&
            JSON.parse(slow.text).error.code === "TIMEOUT" &&
            inner.status === 408 &&
            innerBody.error.code === "TIMEOUT",
          { slow, inner: inner.status, innerBody },
        );
      },
    );

    await attempt(
      "webhook (workerd): maxBodyBytes → 413 for a forged signature, signed bodies pass, unending → 408, challenge is nosniff text",
      async () => {
        const signed = JSON.stringify({
          entry: [
            {
              changes: [
                {
                  field: "messages",
                  value: {
                    messages: [
                      {
                        from: "31612345678",
                        id: "wamid.w1",
                        timestamp: "1700000000",
                        type: "text",
                        text: { body: "hi" },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        });
        const sig = (b) => "sha256=" + createHmac("sha256", "app").update(b).digest("hex");
        const good = await mf.dispatchFetch("http://localhost/hook", {
          method: "POST",
          body: signed,
          headers: { "x-hub-signature-256": sig(signed) },
        });
        const forgedBig = await mf.dispatchFetch("http://localhost/hook", {
          method: "POST",
          body: "x".repeat(5000),
          headers: { "x-hub-signature-256": "sha256=" + "ab".repeat(32) },
        });
        const signedBig = "x".repeat(1001);
        const over = await mf.dispatchFetch("http://localhost/hook", {
          method: "POST",
          body: signedBig,
          headers: { "x-hub-signature-256": sig(signedBig) },
        });
        const unsigned = await mf.dispatchFetch("http://localhost/hook", { method: "POST", body: "x".repeat(5000) });
        const slow = await halfBody(url, "/hook", {
          "x-hub-signature-256": "sha256=" + "ab".repeat(32),
          "transfer-encoding": "chunked",
        });
        const inner = await mf.dispatchFetch("http://localhost/endless-hook");
        const challenge = await mf.dispatchFetch(
          "http://localhost/hook?hub.mode=subscribe&hub.verify_token=tok&hub.challenge=%3Cb%3E1%3C%2Fb%3E",
        );
        const challengeText = await challenge.text();
        const sent = await (await mf.dispatchFetch("http://localhost/sent")).json();
        const verify = async (b) =>
          (
            await mf.dispatchFetch("http://localhost/verify", {
              method: "POST",
              body: b,
              headers: { "x-hub-signature-256": sig(b) },
            })
          ).json();
        const got = {
          verifySmall: await verify(signed),
          verifyBig: await verify(signedBig),
          good: good.status,
          forgedBig: forgedBig.status,
          over: over.status,
          unsigned: unsigned.status,
          slow: slow.status,
          inner: inner.status,
          challenge: [
            challenge.status,
            challenge.headers.get("content-type"),
            challenge.headers.get("x-content-type-options"),
            challengeText,
          ],
          delivered: sent.filter((s) => s === "wamid.w1").length,
        };
        const want = {
          verifySmall: true,
          verifyBig: false,
          good: 200,
          forgedBig: 413,
          over: 413,
          unsigned: 401,
          slow: 408,
          inner: 408,
          challenge: [200, "text/plain;charset=utf-8", "nosniff", "<b>1</b>"],
          delivered: 1,
        };
        check(
          "webhook (workerd): maxBodyBytes → 413 for a forged signature, signed bodies pass, unending → 408, challenge is nosniff text",
          JSON.stringify(got) === JSON.stringify(want),
          got,
        );
      },
    );

    await attempt(
      "factories (workerd): allowedOrigins as a string, bodyTimeout NaN, maxBodyBytes NaN → CONFIG naming the option",
      async () => {
        const got = await (await mf.dispatchFetch("http://localhost/config")).json();
        check(
          "factories (workerd): allowedOrigins as a string, bodyTimeout NaN, maxBodyBytes NaN → CONFIG naming the option",
          /^CONFIG: .*allowedOrigins must be an array/.test(got.origins) &&
            /^CONFIG: .*bodyTimeout .*received NaN/.test(got.timeout) &&
            /^CONFIG: .*maxBodyBytes .*received NaN/.test(got.hook),
          got,
        );
      },
    );
  } finally {
    await mf.dispose();
  }
  return cases;
}
