/**
 * The one rate limiter of bulk sends and the queue consumer.
 * @module
 */

/**
 * A token bucket: `rate` tokens per second, burst of `max(1, rate)`. The one rate limiter of
 * bulk sends and the queue consumer. `take()` resolves when a token is free; takes are served in
 * call order.
 * @internal
 */
export function tokenBucket(
  rate: number,
  now: () => number = Date.now,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
) {
  const burst = Math.max(1, rate);
  let tokens = burst;
  let last = now();
  let chain: Promise<void> = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) / rate) * 1000));
    }
  };
  return (): Promise<void> => (chain = chain.then(take));
}
