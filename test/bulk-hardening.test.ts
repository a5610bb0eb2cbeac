// Issue 15, items 13, 15 and 16: bulk settings are CONFIG errors at the call, odd recipient
// values fail alone with a ValidationError, and a throwing onProgress never costs a result.
import { enqueue, isValidationError, isWaError, sandbox, whatsapp, type QueuedMessage } from "../src/index.ts";
import { describe, it, ok, equal, deepEqual, throws } from "./harness.ts";

const phone = (i: number) => `+3161${String(i).padStart(7, "0")}`;
const SECRET = "sk_live_5f2b9c0e1d";

describe("bulk: odd recipient values fail alone", () => {
  const odd: unknown[] = [
    Object.create(null),
    Symbol("x"),
    10n,
    NaN,
    31612345678,
    null,
    undefined,
    {
      toString() {
        throw new Error("boom");
      },
    },
    ["+31612345678"],
    () => "+31612345678",
    true,
  ];

  it("each non-string recipient is a ValidationError for that entry; the strings are sent", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const recipients = [phone(1), ...odd, phone(2)];
    const results = await wa.text("hi").to(recipients as string[]);
    equal(results.length, recipients.length);
    equal(results[0]!.ok, true);
    equal(results.at(-1)!.ok, true);
    for (const r of results.slice(1, -1)) {
      ok(!r.ok && isValidationError(r.error), `${r.to}: expected a ValidationError`);
      equal(typeof r.to, "string");
      if (!r.ok) ok(/must be a string/.test(r.error.message), r.error.message);
    }
    deepEqual(
      box.sent.map((m) => m.to),
      [phone(1), phone(2)],
    );
  });

  it("entries() prepares them without throwing either", async () => {
    const wa = whatsapp({ provider: sandbox() });
    const entries = [];
    for await (const e of wa
      .text("hi")
      .to([phone(1), ...odd] as string[])
      .entries())
      entries.push(e);
    equal(entries.length, odd.length + 1);
    ok(entries[0]!.outgoing);
    ok(entries.slice(1).every((e) => e.error && isValidationError(e.error)));
  });

  it("enqueue refuses them one by one (bulk and raw message values)", async () => {
    const batches: { body: QueuedMessage }[][] = [];
    const q = {
      async sendBatch(m: Iterable<{ body: unknown }>) {
        batches.push([...m] as { body: QueuedMessage }[]);
      },
    };
    const wa = whatsapp({ provider: sandbox() });
    const report = await enqueue(q, wa.text("hi").to([phone(1), ...odd] as string[]));
    equal(report.enqueued, 1);
    equal(report.refused.length, odd.length);
    const raw = await enqueue(q, [
      Object.create(null),
      {
        toString() {
          throw new Error("boom");
        },
      },
    ]);
    equal(raw.refused.length, 2);
    ok(raw.refused.every((r) => typeof r.to === "string" && r.error.code === "VALIDATION"));
  });
});

describe("bulk: a throwing onProgress never discards results", () => {
  it("every recipient is sent, every result is returned, and each callback error is kept with its recipient", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const recipients = Array.from({ length: 20 }, (_, i) => phone(i));
    const calls: number[] = [];
    const results = await wa.text("hi").to(recipients, {
      concurrency: 3,
      onProgress: (p) => {
        calls.push(p.done);
        if (p.done % 5 === 0) throw new Error(`bar broke at ${p.done}`);
      },
    });
    equal(results.length, 20);
    ok(results.every((r) => r.ok));
    equal(box.sent.length, 20);
    deepEqual(
      calls,
      Array.from({ length: 20 }, (_, i) => i + 1),
      "onProgress is still called for every recipient",
    );
    const broken = results.filter((r): r is typeof r & { progressError: Error } => r.progressError !== undefined);
    equal(broken.length, 4);
    deepEqual(broken.map((r) => r.progressError.message).sort(), [
      "bar broke at 10",
      "bar broke at 15",
      "bar broke at 20",
      "bar broke at 5",
    ]);
  });
});

describe("bulk: settings are CONFIG errors at the call", () => {
  const wa = whatsapp({ provider: sandbox() });
  const configError = (fn: () => unknown, ...words: RegExp[]) =>
    throws(fn, (e: unknown) => {
      ok(isWaError(e) && e.code === "CONFIG", `expected a CONFIG WaError, got ${String(e)}`);
      for (const w of words) ok(w.test((e as Error).message), `${(e as Error).message} should match ${w}`);
      ok(!(e as Error).message.includes(SECRET), "the error must not echo the value");
    });

  it("concurrency NaN, 0, 2.5, 5000 or a string; rateLimit NaN, negative, Infinity; timeout NaN; onProgress not a function", () => {
    const cases: [Record<string, unknown>, RegExp, RegExp][] = [
      [{ concurrency: NaN }, /concurrency/, /NaN/],
      [{ concurrency: 0 }, /concurrency/, /0\b/],
      [{ concurrency: 2.5 }, /concurrency/, /fraction/],
      [{ concurrency: 5000 }, /concurrency/, /out of range/],
      [{ concurrency: SECRET }, /concurrency/, /a string/],
      [{ rateLimit: NaN }, /rateLimit/, /NaN/],
      [{ rateLimit: -3 }, /rateLimit/, /negative/],
      [{ rateLimit: Infinity }, /rateLimit/, /Infinity/],
      [{ timeout: NaN }, /timeout/, /NaN/],
      [{ onProgress: SECRET }, /onProgress/, /a string/],
      [{ signal: SECRET }, /signal/, /a string/],
    ];
    for (const [options, name, kind] of cases) configError(() => wa.text("hi").to([phone(1)], options), name, kind);
  });

  it("bulk.send({ timeout: NaN }) rejects with CONFIG and sends nothing", async () => {
    const box = sandbox();
    const e = await whatsapp({ provider: box })
      .text("hi")
      .to([phone(1)])
      .send({ timeout: NaN })
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    ok(isWaError(e) && e.code === "CONFIG" && /timeout/.test(e.message), String(e));
    equal(box.sent.length, 0);
  });

  it("valid settings still send: rateLimit 0 is unlimited", async () => {
    const results = await wa.text("hi").to([phone(1), phone(2)], { concurrency: 1000, rateLimit: 0 });
    ok(results.every((r) => r.ok));
  });
});
