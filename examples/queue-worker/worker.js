// A campaign Worker: POST /enqueue puts one message per recipient on a Cloudflare Queue; the
// queue() handler sends them at a bounded rate, retries what the provider asked to retry,
// skips what was already accepted (KV dedupe) and reports terminal failures.
// Run: wrangler dev (see wrangler.toml). test/workerd/queue.mjs runs this file in workerd.
import { message, enqueue, createQueueConsumer, kvDedupe } from "wafluent";

// A minimal JSON-over-HTTP provider, following the Provider contract (plain functions). In
// production use a real one instead, e.g. `bird({ ... })` from "wafluent/providers/bird".
export function httpProvider(url) {
  return {
    name: "http",
    kinds: ["text"],
    compile: (m) => ({ url: `${url}/send`, method: "POST", headers: { "content-type": "application/json" }, body: { to: m.to, text: m.body } }),
    parseSuccess: (a) => ({ id: String(a.body?.id ?? ""), status: "accepted" }),
    parseError: (a) => ({ message: typeof a.body === "object" ? String(a.body?.error ?? a.status) : String(a.body) }),
  };
}

const consumer = createQueueConsumer({
  provider: (env) => httpProvider(env.PROVIDER_URL),
  dedupe: (env) => kvDedupe(env.DEDUPE),
  rateLimit: 0, // messages per second per isolate; 0 = unlimited
  concurrency: 20,
  maxAttempts: 6, // = max_retries + 1 in wrangler.toml
  backoff: { base: 1, max: 60 },
  // Terminal outcomes: send failures to your dead-letter store; here they go to a report URL.
  onResult: async (r, env) => {
    if (r.status === "retrying") return;
    if (env.REPORT_URL)
      await fetch(env.REPORT_URL, { method: "POST", body: JSON.stringify({ status: r.status, key: r.key, to: r.to, attempts: r.attempts, code: r.error?.code }) });
  },
});

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/enqueue") {
      const { recipients, text, salt } = await request.json();
      const report = await enqueue(env.CAMPAIGN, message.text(text).to(recipients), { salt });
      return Response.json({ ...report, refused: report.refused.map((r) => ({ to: r.to, code: r.error.code, message: r.error.message })) });
    }
    return new Response("POST /enqueue {recipients, text, salt}", { status: 404 });
  },
  queue: consumer,
};
