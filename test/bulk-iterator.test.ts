// Issue 23, item 4: bulk reads an async iterator one next() at a time. A hand-written async
// iterator need not support overlapping next() calls (async generators queue them; a plain object
// with a next() method usually does not). Without the chaining of pulls, concurrency 5 made five
// overlapping calls: an iterator that advances when its answer resolves then gave each recipient
// five times (five sends each), and one that refuses overlapping calls failed the bulk.
import { isBulkError, sandbox, whatsapp } from "../src/index.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

const phone = (i: number) => `+3161${String(i).padStart(7, "0")}`;
const list = Array.from({ length: 6 }, (_, i) => phone(i));

const later = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Reads its position when next() is called and advances it when the answer resolves. */
function advancingOnResolve(items: string[]): AsyncIterable<string> & { overlaps: number } {
  let at = 0;
  let pending = 0;
  const source = {
    overlaps: 0,
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<string>> {
          if (pending++ > 0) source.overlaps++;
          const i = at;
          await later();
          at = i + 1;
          pending--;
          return i < items.length ? { value: items[i]!, done: false } : { value: undefined, done: true };
        },
      };
    },
  };
  return source;
}

/** Rejects a next() made while the previous one is still pending. */
function strict(items: string[]): AsyncIterable<string> {
  let at = 0;
  let busy = false;
  return {
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<string>> {
          if (busy) throw new Error("next() called while the previous call is still pending");
          busy = true;
          await later();
          busy = false;
          return at < items.length ? { value: items[at++]!, done: false } : { value: undefined, done: true };
        },
      };
    },
  };
}

describe("bulk: a hand-written async iterator is read one next() at a time", () => {
  it("an iterator that advances when next() resolves: each recipient sent once at concurrency 5", async () => {
    const box = sandbox();
    const source = advancingOnResolve(list);
    const results = await whatsapp({ provider: box }).text("hi").to(source, { concurrency: 5 });
    deepEqual(
      box.sent.map((m) => m.to),
      list,
      "one send per recipient, in order",
    );
    deepEqual(
      results.map((r) => [r.to, r.ok]),
      list.map((to) => [to, true]),
    );
    equal(source.overlaps, 0, "no next() while another was pending");
  });

  it("an iterator that refuses overlapping next(): the bulk completes, no SOURCE_ERROR", async () => {
    const box = sandbox();
    let error: unknown;
    const results = await whatsapp({ provider: box })
      .text("hi")
      .to(strict(list), { concurrency: 5 })
      .send()
      .catch((e) => {
        error = e;
        return [];
      });
    ok(!isBulkError(error), `no BulkError: ${String((error as Error | undefined)?.message)}`);
    equal(results.length, list.length);
    equal(box.sent.length, list.length);
  });
});
