// What the queue consumer suites share: a hand-made Cloudflare Queues delivery that counts its
// acks and records its retries (with their delays), so a test asserts exact ack/retry outcomes.

/** A fake delivery of `body` on its `attempts`-th attempt: `acked` counts `ack()`, `retried` records each `retry()`'s delay. */
export function delivery(body: unknown, attempts = 1) {
  const d = {
    id: `d-${Math.random()}`,
    body,
    attempts,
    acked: 0,
    retried: [] as (number | undefined)[],
    ack() {
      d.acked++;
    },
    retry(o?: { delaySeconds?: number }) {
      d.retried.push(o?.delaySeconds);
    },
  };
  return d;
}
