// Test scaffolding around examples/queue-worker/worker.js (loaded beside it as ./worker.mjs): the
// example's own fetch and queue handlers, plus one test-only route that the example must not
// ship. POST /redeliver rebuilds a campaign's queued bodies (same keys) and hands them straight to
// the example's queue() handler, as Cloudflare Queues would on a redelivery.
import example from "./worker.mjs";
import { enqueue, message } from "./wafluent.min.js";

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/redeliver") {
      const { recipients, text, salt } = await request.json();
      const bodies = [];
      await enqueue(
        { sendBatch: async (batch) => void bodies.push(...[...batch].map((m) => m.body)) },
        message.text(text).to(recipients),
        { salt },
      );
      let acked = 0,
        retried = 0;
      const messages = bodies.map((body, i) => ({
        id: `re-${i}`,
        body,
        attempts: 1,
        timestamp: new Date(),
        ack: () => acked++,
        retry: () => retried++,
      }));
      await example.queue({ queue: "campaign", messages, ackAll() {}, retryAll() {} }, env, ctx);
      return Response.json({ acked, retried });
    }
    return example.fetch(request, env, ctx);
  },
  queue: (batch, env, ctx) => example.queue(batch, env, ctx),
};
