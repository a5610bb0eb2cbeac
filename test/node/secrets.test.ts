// Every error path, with a credential in a header (and, for one subject, in the query string):
// the credential appears nowhere in the error — message, stack, toJSON, JSON.stringify,
// util.inspect (hidden fields too), or anywhere down the `cause` chain.
import { inspect } from "node:util";
import { whatsapp, isWaError, type TransportOptions } from "../../src/index.ts";
import { describe, it, ok } from "../harness.ts";
import { mockServer, type Reply, type Seen } from "./server.ts";
import { carriesSecret, subjects, type Subject } from "./subjects.ts";

const SECRET = "KEY_9f8e7d6c5b4a_DO_NOT_LEAK";
const echo = (req: Seen) => `you sent ${JSON.stringify(req.headers)} to ${req.url}`;

const paths: {
  name: string;
  reply: (s: Subject) => Reply;
  client?: Partial<TransportOptions>;
  abort?: "before" | "during";
}[] = [
  { name: "400 that echoes the request", reply: (s) => (req) => ({ status: 400, body: s.error(echo(req)) }) },
  { name: "401 that echoes the request as text", reply: () => (req) => ({ status: 401, body: echo(req) }) },
  {
    name: "429 until retries run out",
    reply: (s) => (req) => ({ status: 429, headers: { "retry-after": "0" }, body: s.error(echo(req)) }),
  },
  { name: "500", reply: (s) => (req) => ({ status: 500, body: s.error(echo(req)) }) },
  {
    name: "503 until retries run out",
    reply: (s) => (req) => ({ status: 503, headers: { "retry-after": "0" }, body: s.error(echo(req)) }),
  },
  {
    name: "HTML error page",
    reply: () => (req) => ({ status: 502, headers: { "content-type": "text/html" }, body: `<h1>${echo(req)}</h1>` }),
  },
  {
    name: "malformed JSON",
    reply: () => (req) => ({
      status: 400,
      headers: { "content-type": "application/json" },
      body: `{"x": "${echo(req)}`,
    }),
  },
  {
    name: "200 that reports a failure",
    reply: (s) => (req) => ({ status: 200, body: s.refused ? s.refused(echo(req)) : { nope: echo(req) } }),
  },
  {
    name: "timeout",
    reply: (s) => () => ({ status: 200, body: s.accepted("x"), delayMs: 400 }),
    client: { timeout: 100 },
  },
  {
    name: "slow body",
    reply: (s) => () => ({ status: 200, body: s.accepted("x"), stallBodyMs: 400 }),
    client: { timeout: 100 },
  },
  { name: "connection reset", reply: () => () => ({ destroy: true }) },
  {
    name: "connection reset, unsafe retries",
    reply: () => () => ({ destroy: true }),
    client: { retry: { unsafe: true, backoffLimit: 5 } },
  },
  {
    name: "abort in flight",
    reply: (s) => () => ({ status: 200, body: s.accepted("x"), delayMs: 300 }),
    abort: "during",
  },
  {
    name: "abort during a Retry-After wait",
    reply: (s) => () => ({ status: 429, headers: { "retry-after": "10" }, body: s.error("wait") }),
    abort: "during",
  },
  { name: "already aborted", reply: (s) => () => ({ status: 200, body: s.accepted("x") }), abort: "before" },
];

/** Every string a logger, a serializer or a debugger could show for `e`. */
function renderings(e: unknown): string[] {
  const out: string[] = [
    String(e),
    JSON.stringify(e) ?? "",
    inspect(e, { depth: Infinity, showHidden: true, getters: true }),
  ];
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number) => {
    if (x === null || typeof x !== "object" || seen.has(x) || depth > 8) {
      if (typeof x === "string") out.push(x);
      return;
    }
    seen.add(x);
    if (typeof (x as { toJSON?: unknown }).toJSON === "function") out.push(JSON.stringify(x));
    for (const key of Object.getOwnPropertyNames(x)) walk((x as Record<string, unknown>)[key], depth + 1);
    if (x instanceof Headers) x.forEach((v, k) => out.push(`${k}: ${v}`));
  };
  walk(e, 0);
  return out;
}

for (const subject of subjects) {
  describe(`no credential in any error: ${subject.name}`, () => {
    for (const p of paths) {
      it(p.name, async () => {
        const srv = await mockServer(p.reply(subject));
        try {
          const wa = whatsapp({ provider: subject.make(srv.url, SECRET), ...p.client });
          const controller = new AbortController();
          if (p.abort === "before") controller.abort();
          const pending = wa.text("hi").to("+31612345678").send({ signal: controller.signal });
          if (p.abort === "during") {
            while (srv.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
            await new Promise((r) => setTimeout(r, 30));
            controller.abort();
          }
          const e = await pending.then(
            () => undefined,
            (x: unknown) => x,
          );
          ok(isWaError(e), `expected a WaError, got ${String(e)}`);
          if (p.abort === undefined)
            ok(e.cause !== undefined || e.name === "ProviderError", `${p.name}: the cause is kept (redacted)`);
          for (const text of renderings(e))
            ok(!text.includes(SECRET), `${p.name}: the credential leaked in ${text.slice(0, 400)}`);
          // The credential really was sent, so the test would see a leak.
          ok(srv.seen.length === 0 || carriesSecret(srv.seen[0]!.headers, SECRET));
        } finally {
          await srv.close();
        }
      });
    }
  });
}
