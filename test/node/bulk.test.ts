// Bulk sends against a real HTTP server on 127.0.0.1: one result per recipient, in input order,
// no recipient lost or sent twice, progress monotonic, shared backoff, abort, streamed input.
import { whatsapp, isValidationError, type BulkResult, type Provider, type TransportOptions } from "../../src/index.ts";
import { createTransport } from "../../src/send/transport.ts";
import { WATCH } from "../../src/send/sender.ts";
import { describe, it, ok, equal, deepEqual } from "../harness.ts";
import { mockServer, type Reply } from "./server.ts";
import { sentBody, subjects } from "./subjects.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const phone = (i: number) => `+3161${String(i).padStart(7, "0")}`;
// Deterministic "random" faults: the same recipient and attempt always get the same answer.
const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
};

for (const subject of subjects) {
  describe(`bulk: ${subject.name}`, () => {
    it("1,000 recipients with 5% injected 429/500/502/503: one result each, in order, none sent twice", async () => {
      const accepted = new Map<string, number>();
      const attempts = new Map<string, number>();
      const answers = new Map<string, number[]>();
      const FAULTS = [429, 500, 502, 503] as const;
      const srv = await mockServer((req) => {
        const to = subject.recipient(sentBody(req));
        const n = (attempts.get(to) ?? 0) + 1;
        attempts.set(to, n);
        const roll = hash(`${to}#${n}`);
        if (roll < 0.05) {
          const status = FAULTS[Math.floor((roll / 0.05) * FAULTS.length)]!;
          answers.set(to, [...(answers.get(to) ?? []), status]);
          return { status, headers: { "retry-after": "0" }, body: subject.error(`injected ${status}`) };
        }
        accepted.set(to, (accepted.get(to) ?? 0) + 1);
        answers.set(to, [...(answers.get(to) ?? []), 200]);
        return { status: 200, body: subject.accepted(`id-${to}`) };
      });
      try {
        const wa = whatsapp({ provider: subject.make(srv.url, "k") });
        const recipients = Array.from({ length: 1000 }, (_, i) => phone(i));
        const progress: number[] = [];
        const results = await wa
          .text("sale")
          .to(recipients, { concurrency: 25, onProgress: (p) => progress.push(p.done) });
        equal(results.length, 1000);
        results.forEach((r, i) => equal(r.to, recipients[i]));
        deepEqual(
          progress,
          Array.from({ length: 1000 }, (_, i) => i + 1),
        );
        let oks = 0;
        for (const r of results) {
          const times = accepted.get(r.to) ?? 0;
          ok(times <= 1, `${r.to} accepted ${times} times`);
          // A success is exactly an accepted send; a failure was never accepted (injected faults are refusals).
          equal(r.ok, times === 1, `${r.to}: ok=${r.ok}, accepted ${times}`);
          if (r.ok) {
            oks++;
            equal(r.result.id, `id-${r.to}`);
          } else ok([429, 500, 502, 503].includes((r.error as any).status), r.error.message);
        }
        // 500 and 502 are final (never followed by another attempt); 429 and 503 are retried.
        ok(oks > 950, `only ${oks} succeeded`);
        let retried = 0;
        for (const [to, seq] of answers) {
          seq
            .slice(0, -1)
            .forEach((status) =>
              ok(status === 429 || status === 503, `${to} was sent again after a ${status}: ${seq}`),
            );
          if (seq.length > 1) retried++;
        }
        ok(retried > 0, "some 429/503 were retried");
      } finally {
        await srv.close();
      }
    });
  });
}

describe("bulk behaviour", () => {
  const subject = subjects[0]!;

  it("an invalid recipient fails alone with a ValidationError and is never sent", async () => {
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("ok") }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, "k") });
      const results = await wa.text("hi").to(["+31612345678", "not a number", "+31612345679"]);
      deepEqual(
        results.map((r) => r.ok),
        [true, false, true],
      );
      const bad = results[1] as Extract<BulkResult, { ok: false }>;
      equal(bad.to, "not a number");
      ok(isValidationError(bad.error));
      equal(srv.seen.length, 2);
    } finally {
      await srv.close();
    }
  });

  it("a 429 pauses the whole batch: no new send starts before Retry-After has passed", async () => {
    const times: number[] = [];
    const srv = await mockServer((_r, n) => {
      times.push(Date.now());
      return n === 1
        ? { status: 429, headers: { "retry-after": "1" }, body: subject.error("slow") }
        : { status: 200, body: subject.accepted(`m${n}`) };
    });
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, "k"), retry: 0 });
      const results = await wa.text("hi").to([phone(1), phone(2), phone(3), phone(4)], { concurrency: 1 });
      deepEqual(
        results.map((r) => r.ok),
        [false, true, true, true],
      );
      equal(srv.seen.length, 4);
      ok(times[1]! - times[0]! >= 900, `the next send started ${times[1]! - times[0]!} ms after the 429`);
    } finally {
      await srv.close();
    }
  });

  it("a 429 without Retry-After halves the sends in flight; at one at a time the batch backs off", async () => {
    let inFlight = 0;
    const atArrival: number[] = [];
    const srv = await mockServer(() => {
      atArrival.push(++inFlight);
      setTimeout(() => inFlight--, 30);
      return { status: 429, body: subject.error("slow"), delayMs: 30 };
    });
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, "k"), retry: 0 });
      const results = await wa.text("hi").to(
        Array.from({ length: 10 }, (_, i) => phone(i)),
        { concurrency: 8 },
      );
      equal(results.length, 10);
      ok(results.every((r) => !r.ok && r.error.code === "RATE_LIMITED"));
      equal(srv.seen.length, 10);
      equal(Math.max(...atArrival.slice(0, 8)), 8, "the first wave used the full concurrency");
      deepEqual(atArrival.slice(8), [1, 1], "after the 429s, one send at a time");
    } finally {
      await srv.close();
    }
  });

  it("abort stops new sends; every remaining recipient is reported ABORTED; nothing lost", async () => {
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("ok"), delayMs: 20 }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, "k") });
      const controller = new AbortController();
      const recipients = Array.from({ length: 60 }, (_, i) => phone(i));
      const results = await wa.text("hi").to(recipients, {
        concurrency: 3,
        signal: controller.signal,
        onProgress: (p) => (p.done === 10 ? controller.abort() : undefined),
      });
      equal(results.length, 60);
      results.forEach((r, i) => equal(r.to, recipients[i]));
      const sent = results.filter((r) => r.ok).length;
      const aborted = results.filter((r) => !r.ok && r.error.code === "ABORTED").length;
      equal(sent + aborted, 60);
      ok(aborted >= 48, `${aborted} aborted`);
      // Every success was received by the server; sends aborted in flight may have arrived too.
      ok(srv.seen.length >= sent && srv.seen.length <= sent + 3, `server saw ${srv.seen.length}, ${sent} ok`);
    } finally {
      await srv.close();
    }
  });

  it("an async iterable is streamed: recipients are pulled as slots free up, not read ahead", async () => {
    let pulled = 0;
    let maxAhead = 0;
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("ok") }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, "k") });
      let finished = 0;
      async function* source() {
        for (let i = 0; i < 200; i++) {
          pulled++;
          maxAhead = Math.max(maxAhead, pulled - finished);
          yield phone(i);
        }
      }
      const results = await wa.text("hi").to(source(), { concurrency: 4, onProgress: (p) => (finished = p.done) });
      equal(results.length, 200);
      results.forEach((r, i) => equal(r.to, phone(i)));
      ok(maxAhead <= 5, `read ${maxAhead} recipients ahead of the finished ones with concurrency 4`);
      equal(srv.seen.length, 200);
    } finally {
      await srv.close();
    }
  });

  it("aborting a stream stops reading it and closes it", async () => {
    let closed = false;
    let pulled = 0;
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("ok") }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, "k") });
      const controller = new AbortController();
      async function* endless() {
        try {
          for (let i = 0; ; i++) {
            pulled++;
            yield phone(i % 1000);
          }
        } finally {
          closed = true;
        }
      }
      const results = await wa.text("hi").to(endless(), {
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => (p.done === 20 ? controller.abort() : undefined),
      });
      ok(closed, "the stream was closed");
      equal(results.length, pulled);
      ok(results.slice(0, 20).every((r) => r.ok));
    } finally {
      await srv.close();
    }
  });
});

describe("bulk: the shared backoff hears every answer, the ones ky retries included", () => {
  const provider = (url: string): Provider =>
    httpProvider({
      name: "watched",
      kinds: ["text"],
      compile: (m) => ({
        url: `${url}/send`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: { to: m.to },
      }),
      parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
      parseError: (a) => ({ message: JSON.stringify(a.body) }),
    });
  const msg = { type: "text", to: "+31612345678", body: "hi" } as const;
  /** Sends once with a watcher; returns what it heard, with the server's request count at each hearing. */
  async function hear(script: number[], retry?: TransportOptions["retry"]) {
    const srv = await mockServer((_r, n): ReturnType<Reply> => {
      const status = script[Math.min(n, script.length) - 1]!;
      return {
        status,
        headers: status === 429 || status === 503 ? { "retry-after": "0" } : {},
        body: status < 400 ? { id: `m-${n}` } : { error: status },
      };
    });
    const heard: [status: number, requests: number][] = [];
    try {
      const transport = createTransport({ retry });
      const settled = await transport
        .send(provider(srv.url), msg, { [WATCH]: (status) => void heard.push([status, srv.seen.length]) })
        .then(
          (r) => r.id,
          (e: { code?: string }) => e.code,
        );
      return { heard, settled, requests: srv.seen.length };
    } finally {
      await srv.close();
    }
  }

  it("hears a 429 that ky retries before ky sends again, and the final answer once", async () => {
    const r = await hear([429, 429, 200]);
    deepEqual(r.heard, [
      [429, 1],
      [429, 2],
      [200, 3],
    ]);
    equal(r.settled, "m-3");
  });

  it("hears each of three 429s once when ky gives up, and a 500 that is not retried once", async () => {
    deepEqual(
      (await hear([429, 429, 429])).heard.map(([s]) => s),
      [429, 429, 429],
    );
    const five = await hear([500, 200]);
    deepEqual(five.heard, [[500, 1]]);
    equal(five.requests, 1);
  });

  it("keeps the client's retry policy: unsafe retries of a 500, and the caller's own shouldRetry", async () => {
    deepEqual((await hear([500, 200], { unsafe: true })).heard, [
      [500, 1],
      [200, 2],
    ]);
    const refused = await hear([429, 200], { shouldRetry: () => false });
    deepEqual(refused.heard, [[429, 1]]);
    equal(refused.requests, 1);
  });
});
