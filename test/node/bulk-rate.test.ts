// Issue 15, item 16b: bulk .to([...]) takes the queue consumer's rateLimit (one token bucket,
// messages per second). Node's mock timers drive the clock: the assertions count sends at fixed
// mock times, nothing depends on the machine's speed.
import { mock } from "node:test";
import { sandbox, whatsapp } from "../../src/index.ts";
import { describe, it, equal, deepEqual } from "../harness.ts";

const phone = (i: number) => `+3161${String(i).padStart(7, "0")}`;

/** Lets every pending promise chain run (many turns: sends resolve through several awaits). */
async function settle() {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe("bulk rateLimit", () => {
  it("2 messages per second: a burst of 2, then one more every 500 ms of (mock) time", async () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    try {
      const box = sandbox();
      const wa = whatsapp({ provider: box });
      const done = wa
        .text("hi")
        .to(
          Array.from({ length: 6 }, (_, i) => phone(i)),
          { concurrency: 10, rateLimit: 2 },
        )
        .send();
      const seen: number[] = [];
      await settle();
      seen.push(box.sent.length);
      for (let step = 0; step < 4; step++) {
        mock.timers.tick(500);
        await settle();
        seen.push(box.sent.length);
      }
      deepEqual(seen, [2, 3, 4, 5, 6], "sends after 0, 500, 1000, 1500, 2000 ms");
      const results = await done;
      equal(results.filter((r) => r.ok).length, 6);
    } finally {
      mock.timers.reset();
    }
  });

  it("without rateLimit nothing waits on the clock: every send is out before time moves", async () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    try {
      const box = sandbox();
      const done = whatsapp({ provider: box })
        .text("hi")
        .to(
          Array.from({ length: 6 }, (_, i) => phone(i)),
          { concurrency: 10 },
        )
        .send();
      await settle();
      equal(box.sent.length, 6);
      equal((await done).length, 6);
    } finally {
      mock.timers.reset();
    }
  });
});
