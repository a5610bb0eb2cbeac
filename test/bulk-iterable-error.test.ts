// A bulk send whose recipient iterable throws mid-way loses nothing: it rejects with a BulkError
// (SOURCE_ERROR) carrying one result per recipient read as `results` and the input's error as
// `cause`; nothing is sent twice, and the source is left closed. The same for enqueue's input.
import {
  BulkError,
  enqueue,
  isBulkError,
  isValidationError,
  isWaError,
  message,
  sandbox,
  WaError,
  whatsapp,
  type BulkResult,
  type EnqueueReport,
  type Message,
  type Provider,
  type QueuedMessage,
} from "../src/index.ts";
import { describe, it, ok, equal, deepEqual, rejects, hasCode } from "./harness.ts";

const phone = (i: number) => `+3161${String(i).padStart(7, "0")}`;
const SECRET = "postgres://app:sk_live_5f2b9c0e1d@db.internal/crm";

/** A sandbox that refuses every third recipient (400, not retried) and counts every delivery attempt. */
function refusingBox() {
  const attempts = new Map<string, number>();
  const box = sandbox({
    fail: (m) => {
      attempts.set(m.to, (attempts.get(m.to) ?? 0) + 1);
      return Number(m.to.slice(-1)) % 3 === 0 ? { status: 400, message: "refused for the test" } : undefined;
    },
  });
  return { box, attempts };
}

/** A provider whose deliveries wait for `open()`; `started(n)` resolves once n deliveries began. */
function gatedBox() {
  const box = sandbox();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let begun = 0;
  const watchers: { n: number; resolve: () => void }[] = [];
  const provider: Provider = {
    ...box,
    async deliver(request, m) {
      begun++;
      for (const w of watchers.filter((w) => begun >= w.n)) w.resolve();
      await gate;
      return box.deliver!(request, m);
    },
  };
  const started = (n: number) =>
    begun >= n ? Promise.resolve() : new Promise<void>((resolve) => watchers.push({ n, resolve }));
  return { box, provider, open, started };
}

async function bulkError(p: PromiseLike<unknown>): Promise<BulkError> {
  return rejects<BulkError>(p, (e) => {
    ok(isBulkError(e), `expected a BulkError, got ${String(e)}`);
  });
}

/** What every BulkError of a failed source must say and hold. */
function checkError(e: BulkError, cause: unknown, read: number) {
  ok(e instanceof BulkError && e instanceof WaError && e instanceof Error);
  ok(isWaError(e), "isWaError recognises it");
  ok(!isValidationError(e));
  equal(e.name, "BulkError");
  equal(e.code, "SOURCE_ERROR");
  equal(e.cause, cause, "cause is the input's own error");
  equal(e.results.length, read, "one result per recipient read");
  ok(e.message.includes("results.length"), `the message says how to resume: ${e.message}`);
  ok(!e.message.includes(SECRET), "the message never echoes the input's error");
  const json = JSON.parse(JSON.stringify(e)) as { name: string; code: string; message: string; results: unknown[] };
  equal(json.name, "BulkError");
  equal(json.code, "SOURCE_ERROR");
  equal(json.results.length, read);
  ok(!("cause" in json), "toJSON leaves out cause");
  ok(!JSON.stringify(e).includes(SECRET), "the JSON holds no secret");
}

const sources = {
  "sync generator": function* (list: string[], failAt: number, boom: Error, closed: { done: boolean }) {
    try {
      for (let i = 0; i < list.length; i++) {
        if (i === failAt) throw boom;
        yield list[i]!;
      }
    } finally {
      closed.done = true;
    }
  },
  "async generator": async function* (list: string[], failAt: number, boom: Error, closed: { done: boolean }) {
    try {
      for (let i = 0; i < list.length; i++) {
        await Promise.resolve();
        if (i === failAt) throw boom;
        yield list[i]!;
      }
    } finally {
      closed.done = true;
    }
  },
};

describe("bulk: the recipient iterable throws mid-way", () => {
  for (const [kind, source] of Object.entries(sources))
    for (const concurrency of [1, 3])
      it(`${kind}, concurrency ${concurrency}: one result per recipient read, cause kept, nothing sent twice, source closed`, async () => {
        const { box, attempts } = refusingBox();
        const wa = whatsapp({ provider: box });
        const list = Array.from({ length: 12 }, (_, i) => phone(i));
        const boom = new Error(`cursor lost: ${SECRET}`);
        const closed = { done: false };
        const src = source(list, 7, boom, closed);
        const progress: number[] = [];
        const e = await bulkError(wa.text("hi").to(src, { concurrency, onProgress: (p) => progress.push(p.done) }));
        checkError(e, boom, 7);
        const results: BulkResult[] = e.results;
        deepEqual(
          results.map((r) => r.to),
          list.slice(0, 7),
          "the results of the recipients read, in input order",
        );
        for (const r of results) {
          const refused = Number(r.to.slice(-1)) % 3 === 0;
          equal(r.ok, !refused, `${r.to}: ok ${r.ok}`);
          if (!r.ok) equal(r.error.code, "PROVIDER_ERROR");
        }
        equal(results.filter((r) => !r.ok).length, 3);
        ok(e.message.includes("after 7 recipients"), e.message);
        ok(e.message.includes("4 sent, 3 failed"), e.message);
        deepEqual(
          [...attempts.entries()].sort(),
          list.slice(0, 7).map((to) => [to, 1]),
          "each recipient read was tried exactly once, and none after the throw",
        );
        deepEqual(
          box.sent.map((m) => m.to),
          results.filter((r) => r.ok).map((r) => r.to),
        );
        deepEqual(progress, [1, 2, 3, 4, 5, 6, 7]);
        ok(closed.done, "the generator's finally ran");
        equal((await src.next()).done, true, "the source is finished");
      });

  it("sends in flight when the source throws are awaited and kept in results", async () => {
    const { box, provider, open, started } = gatedBox();
    const wa = whatsapp({ provider });
    const boom = new Error("connection reset");
    async function* rows() {
      yield phone(1);
      yield phone(2);
      // Both sends are in flight (held at the gate) when reading fails.
      await started(2);
      open();
      throw boom;
    }
    const e = await bulkError(wa.text("hi").to(rows(), { concurrency: 3 }));
    checkError(e, boom, 2);
    ok(
      e.results.every((r) => r.ok),
      "both sends finished before the rejection",
    );
    deepEqual(box.sent.map((m) => m.to).sort(), [phone(1), phone(2)]);
  });

  it("resuming after results.length sends every recipient exactly once", async () => {
    const { box, attempts } = refusingBox();
    const wa = whatsapp({ provider: box });
    const list = Array.from({ length: 9 }, (_, i) => phone(i));
    let failOnce = true;
    function* flaky(from: number) {
      for (let i = from; i < list.length; i++) {
        if (i === 5 && failOnce) {
          failOnce = false;
          throw new Error("timeout reading page 2");
        }
        yield list[i]!;
      }
    }
    const e = await bulkError(wa.text("hi").to(flaky(0), { concurrency: 2 }));
    const rest = await wa.text("hi").to(flaky(e.results.length), { concurrency: 2 });
    deepEqual(
      [...e.results, ...rest].map((r) => r.to),
      list,
    );
    ok([...attempts.values()].every((n) => n === 1) && attempts.size === list.length, "no recipient tried twice");
  });

  it("a throw at the very first pull: no results, nothing sent", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const boom = new Error("no such table");
    const closed = { done: false };
    for (const [kind, source] of Object.entries(sources)) {
      closed.done = false;
      const e = await bulkError(wa.text("hi").to(source([phone(1)], 0, boom, closed), { concurrency: 2 }));
      checkError(e, boom, 0);
      ok(e.message.includes("before the first recipient"), e.message);
      ok(closed.done, `${kind} closed`);
    }
    // An iterable whose iterator cannot even be made.
    const broken = {
      [Symbol.iterator](): Iterator<string> {
        throw boom;
      },
    };
    checkError(await bulkError(wa.text("hi").to(broken)), boom, 0);
    // A hand-written async iterator whose first next() rejects.
    const cursor: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(boom) }),
    };
    checkError(await bulkError(wa.text("hi").to(cursor)), boom, 0);
    equal(box.sent.length, 0);
  });

  it("abort, then the source throws because of it: BulkError with the results so far", async () => {
    const { box, provider, open, started } = gatedBox();
    const wa = whatsapp({ provider });
    const controller = new AbortController();
    const { signal } = controller;
    const closed = { done: false };
    // A cursor that gets the same signal: aborting makes its pending read reject.
    async function* cursor() {
      try {
        yield phone(1);
        await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
        yield phone(2);
      } finally {
        closed.done = true;
      }
    }
    const pending = wa.text("hi").to(cursor(), { concurrency: 2, signal }).send();
    await started(1);
    controller.abort();
    open();
    const e = await bulkError(pending);
    checkError(e, signal.reason, 1);
    ok(e.message.includes("aborted too"), e.message);
    equal(e.results[0]!.to, phone(1));
    // The send already delivering when the abort came finished; it is reported, not lost.
    equal(e.results[0]!.ok, true);
    deepEqual(
      box.sent.map((m) => m.to),
      [phone(1)],
    );
    ok(closed.done, "the cursor is closed");
  });

  it("an abort alone still resolves (no BulkError): the source did not fail", async () => {
    const wa = whatsapp({ provider: sandbox() });
    const controller = new AbortController();
    function* endless() {
      for (let i = 0; ; i++) {
        if (i === 3) controller.abort();
        yield phone(i);
      }
    }
    const results = await wa.text("hi").to(endless(), { concurrency: 1, signal: controller.signal });
    ok(results.length >= 3 && results.length <= 4, `${results.length} results`);
  });

  it("toJSON leaves out progressError; isBulkError matches by name across realms", async () => {
    const wa = whatsapp({ provider: sandbox() });
    function* two() {
      yield phone(1);
      throw new Error("gone");
    }
    const e = await bulkError(
      wa.text("hi").to(two(), {
        onProgress: () => {
          throw 10n; // not JSON
        },
      }),
    );
    equal(e.results[0]!.progressError, 10n);
    const json = e.toJSON() as { results: Record<string, unknown>[] };
    ok(!("progressError" in json.results[0]!));
    ok(JSON.stringify(e).includes(phone(1)));
    const foreign = Object.assign(new Error("x"), { name: "BulkError", code: "SOURCE_ERROR", results: [] });
    ok(isBulkError(foreign), "a BulkError from another realm");
    ok(!isBulkError(new WaError("CONFIG", "x")));
    ok(!isBulkError(new Error("x")));
  });
});

describe("enqueue: the input throws mid-way", () => {
  const producer = () => {
    const batches: QueuedMessage[][] = [];
    return {
      batches,
      async sendBatch(messages: Iterable<{ body: unknown }>) {
        batches.push([...messages].map((m) => m.body as QueuedMessage));
      },
    };
  };

  it("what was read is enqueued (the pending batch too) and reported in results; cause kept", async () => {
    const q = producer();
    const boom = new Error(`stream broke: ${SECRET}`);
    const closed = { done: false };
    async function* messages(): AsyncGenerator<Message> {
      try {
        for (let i = 0; i < 5; i++) yield message.text("hi").to(phone(i)).message;
        yield { to: "not a phone", type: "text", body: "hi" };
        throw boom;
      } finally {
        closed.done = true;
      }
    }
    const e = await rejects(enqueue(q, messages()), (x) => {
      ok(isBulkError<EnqueueReport>(x), String(x));
    });
    ok(isBulkError<EnqueueReport>(e));
    equal(e.code, "SOURCE_ERROR");
    equal(e.cause, boom);
    const report: EnqueueReport = e.results;
    equal(report.enqueued, 5);
    equal(report.keys.length, 5);
    equal(report.refused.length, 1);
    deepEqual(
      q.batches.flat().map((b) => b.key),
      report.keys,
      "the batch pending when the input threw was sent, once",
    );
    ok(e.message.includes("after 6 items"), e.message);
    ok(!JSON.stringify(e).includes(SECRET) && !e.message.includes(SECRET));
    equal((JSON.parse(JSON.stringify(e)) as { results: EnqueueReport }).results.enqueued, 5);
    ok(closed.done);
  });

  it("a bulk whose recipients throw: enqueued up to the throw, then BulkError", async () => {
    const q = producer();
    const boom = new Error("db down");
    function* recipients() {
      yield phone(1);
      yield phone(2);
      throw boom;
    }
    const wa = whatsapp({ provider: sandbox() });
    const e = await rejects(
      enqueue(q, wa.text("hi").to(recipients())),
      hasCode("SOURCE_ERROR", /input threw after 2 items/),
    );
    ok(isBulkError<EnqueueReport>(e));
    equal(e.cause, boom);
    equal(e.results.enqueued, 2);
    equal(q.batches.flat().length, 2);
  });

  it("a sendBatch failure is still thrown as is (not a BulkError)", async () => {
    const down = new Error("queue unavailable");
    const e = await rejects(
      enqueue(
        {
          async sendBatch() {
            throw down;
          },
        },
        [message.text("hi").to(phone(1))],
      ),
      (e) => e === down,
    );
    equal(e, down);
  });
});
