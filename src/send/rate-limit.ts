/**
 * The one rate limiter of bulk sends and the queue consumer.
 * @module
 */

/** Waits `ms`, or less when `signal` aborts first (then the timer is cleared). @internal */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * A token bucket: `rate` tokens per second, burst of `max(1, rate)`. The one rate limiter of
 * bulk sends and the queue consumer. `take(signal?)` resolves `true` when a token is free, or
 * `false` as soon as `signal` aborts (no token taken, no timer left behind); takes are served in
 * call order, and one aborted take lets the next ones through at once.
 * @internal
 */
export function tokenBucket(
  rate: number,
  now: () => number = Date.now,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = pause,
) {
  const burst = Math.max(1, rate);
  let tokens = burst;
  let last = now();
  let chain: Promise<unknown> = Promise.resolve();
  const take = async (signal: AbortSignal | undefined): Promise<boolean> => {
    for (;;) {
      if (signal?.aborted) return false;
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      await sleep(Math.ceil(((1 - tokens) / rate) * 1000), signal);
    }
  };
  return (signal?: AbortSignal): Promise<boolean> => {
    const next = chain.then(() => take(signal));
    chain = next;
    return next;
  };
}
