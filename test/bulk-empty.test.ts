// Issue 23, item 5: `.to([])` resolved to `[]`, sending nothing and saying nothing, which hides a
// recipient list that failed to load. An empty array is now refused at `.to()` with a
// ValidationError on `to`. A stream (any other iterable) cannot be known empty before it is read:
// one that yields nothing is a campaign with nobody in it, and resolves to `[]`.
import { enqueue, isValidationError, message, sandbox, whatsapp } from "../src/index.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

const none: string[] = [];

/** Calls `fn`, which must throw; returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("bulk: an empty recipient list", () => {
  it(".to([]) throws VALIDATION on `to`, saying the list is empty and what to do; nothing is sent", () => {
    const box = sandbox();
    const e = thrown(() => whatsapp({ provider: box }).text("Sale").to(none));
    ok(isValidationError(e), String(e));
    equal(e.code, "VALIDATION");
    deepEqual(
      e.issues.map((i) => [i.path, i.limit, i.received]),
      [["to", 1, 0]],
    );
    ok(/`to`/.test(e.message) && /empty list/.test(e.message), e.message);
    ok(/at least one phone number or BSUID/.test(e.message) && /skip the send/.test(e.message), e.message);
    equal(box.sent.length, 0);
  });

  it("with options too, and for enqueue (nothing reaches the queue)", async () => {
    const e = thrown(() => message.text("Sale").to(none, { concurrency: 5 }));
    ok(isValidationError(e) && e.issues[0]!.path === "to", String(e));
    let batches = 0;
    const queue = { sendBatch: async () => void batches++ };
    const f = thrown(() => enqueue(queue, message.text("Sale").to(none)));
    ok(isValidationError(f) && f.issues[0]!.path === "to", String(f));
    equal(batches, 0);
  });

  it("an iterable or async iterable that yields nothing resolves to [] (a campaign with nobody in it)", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    async function* rows(): AsyncGenerator<string> {}
    function* list(): Generator<string> {}
    deepEqual(await wa.text("Sale").to(rows()), []);
    deepEqual(await wa.text("Sale").to(list()), []);
    deepEqual(await wa.text("Sale").to(new Set<string>()), []);
    const entries = [];
    for await (const x of wa.text("Sale").to(rows()).entries()) entries.push(x);
    equal(entries.length, 0);
    equal(box.sent.length, 0);
  });
});
