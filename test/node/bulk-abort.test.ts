// Issue 23, item 3: an abort of a rate-limited bulk send waited out the rate limiter. With
// `rateLimit: 1, concurrency: 5`, the sends queued for a token slept their turn (one per second)
// before seeing the abort, so the bulk settled seconds later. A take now ends on the abort. Node's
// mock timers hold the clock still: the bulk must settle while no time passes at all, that is
// before the next token could be granted; nothing depends on the machine's speed.
import { mock } from "node:test";
import { sandbox, whatsapp, type Provider } from "../../src/index.ts";
import { describe, it, equal, deepEqual } from "../harness.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const phone = (i: number) => `+3161${String(i).padStart(7, "0")}`;
const five = Array.from({ length: 5 }, (_, i) => phone(i));

/** Lets every pending promise chain run (many turns: sends settle through several awaits). */
async function settle() {
  for (let i = 0; i < 200; i++) await Promise.resolve();
}

/** A provider whose requests go to `fetch` (no network: the tests pass their own). */
const http: Provider = httpProvider({
  name: "http",
  kinds: ["text"],
  compile: (m) => ({ url: "https://provider.invalid/send", method: "POST", headers: {}, body: { to: m.to } }),
  parseSuccess: () => ({ id: "x", status: "accepted" }),
  parseError: () => ({ message: "refused" }),
});

describe("bulk abort under a rate limit", () => {
  it("rateLimit 1, concurrency 5: an abort after the first send settles with no time passing; 1 sent, 4 ABORTED", async () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    try {
      const box = sandbox();
      const controller = new AbortController();
      let settled = false;
      const done = whatsapp({ provider: box })
        .text("hi")
        .to(five, { concurrency: 5, rateLimit: 1, signal: controller.signal })
        .send()
        .finally(() => (settled = true));
      await settle();
      equal(box.sent.length, 1, "the burst of 1; the other 4 wait for tokens a second apart");
      controller.abort();
      await settle();
      equal(settled, true, "settled before the clock moved, so before the next token");
      const results = await done;
      deepEqual(
        results.map((r) => (r.ok ? "sent" : r.error.code)),
        ["sent", "ABORTED", "ABORTED", "ABORTED", "ABORTED"],
      );
      deepEqual(
        results.map((r) => r.to),
        five,
        "every recipient has its result, in input order",
      );
      equal(box.sent.length, 1);
    } finally {
      mock.timers.reset();
    }
  });

  it("one request in flight when aborted: it rejects ABORTED, the 4 waiting for tokens too, with one fetch", async () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    try {
      let calls = 0;
      const hanging = ((_input: unknown, init?: RequestInit) => {
        calls++;
        const signal = init?.signal ?? (_input instanceof Request ? _input.signal : undefined);
        return new Promise<Response>((_, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true }),
        );
      }) as typeof fetch;
      const controller = new AbortController();
      let settled = false;
      const done = whatsapp({ provider: http, fetch: hanging })
        .text("hi")
        .to(five, { concurrency: 5, rateLimit: 1, signal: controller.signal })
        .send()
        .finally(() => (settled = true));
      await settle();
      equal(calls, 1, "one request in flight");
      controller.abort();
      await settle();
      equal(settled, true, "settled before the clock moved");
      const results = await done;
      deepEqual(
        results.map((r) => (r.ok ? "sent" : r.error.code)),
        ["ABORTED", "ABORTED", "ABORTED", "ABORTED", "ABORTED"],
      );
      equal(calls, 1);
    } finally {
      mock.timers.reset();
    }
  });
});
