// A direct client (no ky instance, no hooks) makes a send's first attempt with fetch itself, as ky's
// least-work call would; a client with hooks runs every attempt through ky. The corners where ky does
// something of its own before or around that fetch end the same way on both paths: a lowercase method
// (ky upper-cases it), a signal aborted right after the send starts (ky fetches a microtask later), a
// client fetch that throws instead of rejecting, one that resolves to no response at all, and a URL
// that is not text. Runs in Node, Deno and Chromium.
import { type ClientOptions, isWaError, type Provider, type WaError, whatsapp } from "../src/index.ts";
import { deepEqual, describe, equal, it, ok } from "./harness.ts";
import { httpProvider } from "../src/providers/_kit/index.ts";

const SECRET = "sk_live_FIRSTFETCH_4477";
type Hooks = NonNullable<ClientOptions["hooks"]>;

const provider = (over: { method?: string; url?: unknown } = {}): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text"],
    compile: (m) =>
      ({
        url: over.url ?? "https://provider.example/v1/messages",
        method: over.method ?? "POST",
        headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
        body: { to: m.to, text: String((m as { body?: unknown }).body) },
      }) as unknown as ReturnType<Provider["compile"]>,
    parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  });

const answer = () => new Response(JSON.stringify({ id: "m-1" }), { headers: { "content-type": "application/json" } });

/** The code and message of an outcome (stacks name the code paths, so they are left out). */
async function outcome(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    const r = await p;
    return { ok: r };
  } catch (e) {
    if (!isWaError(e)) return { thrown: String(e) };
    const w = e as WaError;
    return { code: w.code, message: w.message, cause: (w.cause as Error | undefined)?.message };
  }
}

/** Runs `send` on the direct path and on the hooks path; both must end the same. */
async function bothPaths(run: (hooks: Hooks | undefined) => Promise<unknown>): Promise<unknown> {
  const direct = await run(undefined);
  const viaKy = await run({});
  deepEqual(direct, viaKy);
  return direct;
}

describe("a direct send's first fetch does what ky's own call did", () => {
  it("a lowercase method goes out upper-cased, as ky sends it", async () => {
    const seen: string[] = [];
    const result = await bothPaths(async (hooks) => {
      const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push((input instanceof Request ? input : new Request(input, init)).method);
        return answer();
      };
      const wa = whatsapp({ provider: provider({ method: "patch" }), fetch, ...(hooks ? { hooks } : {}) });
      return outcome(wa.text("hi").to("+31612345678").send());
    });
    deepEqual(seen, ["PATCH", "PATCH"]);
    ok((result as { ok?: { id?: string } }).ok?.id === "m-1");
  });

  it("a signal aborted right after the send starts: the fetch already sees it aborted", async () => {
    const seen: boolean[] = [];
    const result = await bothPaths(async (hooks) => {
      const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(input, init);
        seen.push(request.signal.aborted);
        if (request.signal.aborted) throw request.signal.reason;
        return answer();
      };
      const controller = new AbortController();
      const wa = whatsapp({ provider: provider(), fetch, ...(hooks ? { hooks } : {}) });
      const pending = wa.text("hi").to("+31612345678").send({ signal: controller.signal });
      controller.abort();
      return outcome(pending);
    });
    deepEqual(seen, [true, true]);
    equal((result as { code?: string }).code, "ABORTED");
  });

  it("a client fetch that throws instead of rejecting: NETWORK, redacted, on both paths", async () => {
    const result = await bothPaths(async (hooks) => {
      const fetch = () => {
        throw new TypeError(`socket refused for ${SECRET}`);
      };
      const wa = whatsapp({
        provider: provider(),
        fetch: fetch as typeof globalThis.fetch,
        ...(hooks ? { hooks } : {}),
      });
      return outcome(wa.text("hi").to("+31612345678").send());
    });
    equal((result as { code?: string }).code, "NETWORK");
    ok(!JSON.stringify(result).includes(SECRET), "the credential is redacted");
  });

  it("a client fetch that resolves to no response: the same NETWORK error on both paths", async () => {
    const result = await bothPaths(async (hooks) => {
      const fetch = async () => undefined as unknown as Response;
      const wa = whatsapp({ provider: provider(), fetch, ...(hooks ? { hooks } : {}) });
      return outcome(wa.text("hi").to("+31612345678").send());
    });
    equal((result as { code?: string }).code, "NETWORK");
  });

  it("a URL that is not text never reaches fetch: ky refuses it on both paths", async () => {
    let calls = 0;
    const result = await bothPaths(async (hooks) => {
      const fetch = async () => {
        calls++;
        return answer();
      };
      const url = { toString: () => "https://provider.example/v1/messages" };
      const wa = whatsapp({ provider: provider({ url }), fetch, ...(hooks ? { hooks } : {}) });
      return outcome(wa.text("hi").to("+31612345678").send());
    });
    equal(calls, 0);
    equal((result as { code?: string }).code, "NETWORK");
  });
});
