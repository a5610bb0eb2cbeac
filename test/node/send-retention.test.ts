// What a finished send leaves behind (issue 19, heap of a bulk send): no abort listener on the
// caller's signal, whether the first attempt succeeded, failed for good, was retried by ky or got no
// answer; and no live Request, Response, Headers, signal, stream or closure in what a result keeps
// (a success's `result`, a failure's error and its redacted `cause` chain are plain data).
import { getEventListeners } from "node:events";
import { type BulkResult, type Provider, whatsapp } from "../../src/index.ts";
import { describe, equal, it, ok } from "../harness.ts";
import { mockServer } from "./server.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const provider = (base: string): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text"],
    compile: (m) => ({
      url: `${base}/v1/messages`,
      method: "POST",
      headers: { authorization: "Bearer sk_live_RETAIN_4242", "content-type": "application/json" },
      body: { to: m.to },
    }),
    parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  });

// The last digit of the recipient picks the answer: 0 ok, 1 a final 500, 2 a 429 then ok,
// 3 a 503 every time (retries run out), 4 the connection dropped (no answer).
const recipients = ["+31612345670", "+31612345671", "+31612345672", "+31612345673", "+31612345674"];

async function server() {
  const asked = new Map<string, number>();
  return mockServer((req) => {
    const to = (JSON.parse(req.body) as { to: string }).to;
    const n = (asked.get(to) ?? 0) + 1;
    asked.set(to, n);
    switch (to.at(-1)) {
      case "1":
        return { status: 500, body: { error: "boom" } };
      case "2":
        return n === 1
          ? { status: 429, headers: { "retry-after": "0" }, body: { error: "slow" } }
          : { body: { id: to } };
      case "3":
        return { status: 503, headers: { "retry-after": "0" }, body: { error: "busy" } };
      case "4":
        return { destroy: true };
      default:
        return { body: { id: to } };
    }
  });
}

const LIVE = [Request, Response, Headers, AbortSignal, AbortController, ReadableStream, Promise];

/** Every path under `value` to something live (see LIVE) or a function, own properties only. */
function liveParts(value: unknown, path = "result", seen = new Set<unknown>()): string[] {
  if (typeof value === "function") return [path];
  if (value === null || typeof value !== "object" || seen.has(value)) return [];
  seen.add(value);
  if (LIVE.some((C) => value instanceof C)) return [`${path} (${value.constructor.name})`];
  return Object.getOwnPropertyNames(value).flatMap((k) =>
    liveParts((value as Record<string, unknown>)[k], `${path}.${k}`, seen),
  );
}

describe("what a finished send keeps", () => {
  it("a bulk send leaves no abort listener on the caller's signal and only plain data in its results", async () => {
    const srv = await server();
    try {
      const controller = new AbortController();
      const results: BulkResult[] = await whatsapp({ provider: provider(srv.url) })
        .text("hi")
        .to(recipients, { concurrency: 5, signal: controller.signal });
      equal(getEventListeners(controller.signal, "abort").length, 0, "abort listeners left on the signal");
      equal(results.map((r) => (r.ok ? "ok" : r.error.code)).join(","), "ok,PROVIDER_ERROR,ok,PROVIDER_ERROR,NETWORK");
      ok(
        results.every((r) => r.ok || r.error.cause !== undefined),
        "each failure keeps its redacted cause",
      );
      const live = results.flatMap((r, i) => liveParts(r.ok ? r.result : r.error, `results[${i}]`));
      equal(live.join("\n"), "", "live objects kept by the results");
    } finally {
      await srv.close();
    }
  });

  it("single sends leave no abort listener on the caller's signal, whatever the outcome", async () => {
    const srv = await server();
    try {
      const client = whatsapp({ provider: provider(srv.url) });
      const signal = new AbortController().signal;
      for (const to of recipients) {
        const outcome = await client
          .text("hi")
          .to(to)
          .send({ signal })
          .then(
            (r) => r,
            (e: unknown) => e,
          );
        equal(getEventListeners(signal, "abort").length, 0, `abort listeners left after the send to ${to}`);
        equal(liveParts(outcome, to).join("\n"), "", `live objects kept by the outcome of ${to}`);
      }
    } finally {
      await srv.close();
    }
  });
});
