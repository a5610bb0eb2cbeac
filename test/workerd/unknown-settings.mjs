// workerd cases of issue 23, item 13: the handlers and the queue consumer, built inside workerd
// from the CDN bundle, refuse a misspelt setting with CONFIG naming it and the closest known one,
// instead of ignoring it (a webhook handler without its `onMessage`, a consumer at the default
// concurrency); the same settings spelt right build handlers that answer. Issue 23, item 8: hostile
// input to the handlers, the consumer and the queue helpers is a WaError there too, never a
// TypeError or RangeError.
import { caseList, startWorker } from "./worker-harness.mjs";

const WORKER = `
import { createProxyHandler, createQueueConsumer, createWebhookHandler, enqueue, verifyWebhook, sandbox, isWaError, kvDedupe, idempotencyKey, message } from "./wafluent.min.js";
const hostile = new Proxy({}, { get() { throw new Error("hostile"); }, ownKeys() { throw new Error("hostile"); }, has() { throw new Error("hostile"); } });
const box = sandbox();
const authorize = () => true;
const config = async (f) => { try { await f(); return "built"; } catch (e) { return isWaError(e) ? e.code + ": " + e.message : String(e); } };
const queue = { sendBatch: async () => {} };
export default {
  async fetch(request) {
    const hook = new Request("https://w.example/hook", { method: "POST", body: "{}" });
    return Response.json({
      proxy: await config(() => createProxyHandler({ provider: box, authorize, allowedOrigin: ["https://a.example"] })),
      proxyRetry: await config(() => createProxyHandler({ provider: box, authorize, retry: { limt: 1 } })),
      hook: await config(() => createWebhookHandler({ provider: "cloudApi", secret: "app", onMesage: () => {} })),
      hookMissing: await config(() => createWebhookHandler({ provider: "cloudApi", secrt: "app" })),
      verify: await config(() => verifyWebhook(hook, { provider: "cloudApi", secret: "app", toleranceSecond: 5 })),
      consumer: await config(() => createQueueConsumer({ provider: box, concurency: 2 })),
      backoff: await config(() => createQueueConsumer({ provider: box, backoff: { bse: 2 } })),
      enqueue: await config(() => enqueue(queue, [], { slat: "x" })),
      foreignEnqueue: await config(() => enqueue({}, message.text("hi").to("+31612345678"))),
      foreignKv: await config(() => kvDedupe(42).get("k")),
      foreignKey: await config(() => idempotencyKey(10n)),
      foreignProxy: await config(() => createProxyHandler(hostile)),
      foreignHook: await config(() => createWebhookHandler(hostile)),
      foreignConsumer: await config(() => createQueueConsumer(null)),
      right: await config(() => {
        createProxyHandler({ provider: box, authorize, allowedOrigins: ["https://a.example"], retry: { limit: 1 } });
        createWebhookHandler({ provider: "cloudApi", secret: "app", onMessage: () => {} });
        createQueueConsumer({ provider: box, concurrency: 2, backoff: { base: 2 } });
        return enqueue(queue, [], { salt: "x" });
      }),
    });
  },
};`;

export async function run() {
  const mf = startWorker(WORKER);
  const { cases, check } = caseList();
  try {
    const got = await (await mf.dispatchFetch("http://localhost/")).json();
    const want = {
      proxy: "CONFIG: `allowedOrigin` is not a createProxyHandler() setting; did you mean `allowedOrigins`?",
      proxyRetry: "CONFIG: `limt` is not a createProxyHandler() `retry` setting; did you mean `limit`?",
      hook: "CONFIG: `onMesage` is not a createWebhookHandler(options) setting; did you mean `onMessage`?",
      hookMissing: "CONFIG: createWebhookHandler(options) `secret` is missing; `secrt` looks like a misspelling of it.",
      verify:
        "CONFIG: `toleranceSecond` is not a verifyWebhook(request, options) setting; did you mean `toleranceSeconds`?",
      consumer: "CONFIG: `concurency` is not a createQueueConsumer(options) setting; did you mean `concurrency`?",
      backoff: "CONFIG: `bse` is not a createQueueConsumer(options) `backoff` setting; did you mean `base`?",
      enqueue: "CONFIG: `slat` is not an enqueue(queue, input, options) setting; did you mean `salt`?",
      right: "built",
    };
    for (const key of Object.keys(want))
      check(`unknown settings (workerd): ${key} → ${want[key]}`, got[key] === want[key], { got: got[key] });
    const foreign = {
      foreignEnqueue: "CONFIG: enqueue(queue, input)",
      foreignKv: "CONFIG: kvDedupe(kv)",
      foreignKey: "VALIDATION: idempotencyKey(message)",
      foreignProxy: "CONFIG: createProxyHandler",
      foreignHook: "CONFIG: createWebhookHandler(options)",
      foreignConsumer: "CONFIG: createQueueConsumer(options)",
    };
    for (const key of Object.keys(foreign))
      check(
        `hostile input (workerd): ${key} → a WaError ${foreign[key]}…`,
        typeof got[key] === "string" && got[key].startsWith(foreign[key]),
        { got: got[key] },
      );
  } catch (e) {
    check("unknown settings (workerd)", false, String(e?.stack ?? e));
  } finally {
    await mf.dispose();
  }
  return cases;
}
