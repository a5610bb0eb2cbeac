// A client's first send works its credential forms out while the request is in flight (a timer,
// see transport.ts); the answer is scrubbed with them as before. Work that throws there is left
// for the answer's reading, where it is handled: the timer never crashes the process, and the
// first send ends as a later one (which does no early work) does.
import { type Provider, whatsapp } from "../../src/index.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";
import { deepEqual, describe, it, ok } from "../harness.ts";

const SECRET = "sk_live_AHEAD_8812";

const provider = (header: unknown): Provider =>
  httpProvider(
    {
      name: "echo",
      kinds: ["text"],
      compile: (m) =>
        ({
          url: "https://provider.example/v1/messages",
          method: "POST",
          headers: { authorization: `Bearer ${SECRET}`, "x-extra": header },
          body: { to: m.to },
        }) as unknown as ReturnType<Provider["compile"]>,
      parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
      parseError: (a) => ({ message: JSON.stringify(a.body) }),
    },
    SECRET,
  );

/** A fetch that answers after 20 ms (the early timer fires first), echoing the credential. */
const slow = async () => {
  await new Promise((r) => setTimeout(r, 20));
  return new Response(JSON.stringify({ id: "m-1", echo: `Bearer ${SECRET}` }), {
    headers: { "content-type": "application/json" },
  });
};

async function outcome(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    return { ok: await p };
  } catch (e) {
    return { thrown: (e as { code?: string }).code ?? String(e) };
  }
}

describe("credential forms worked out while the first send is in flight", () => {
  it("the answer is scrubbed on the first send as on later ones", async () => {
    const wa = whatsapp({ provider: provider("plain"), fetch: slow });
    const first = await outcome(wa.text("hi").to("+31612345678"));
    const second = await outcome(wa.text("hi").to("+31612345678"));
    deepEqual(first, second);
    ok(!JSON.stringify(first).includes(SECRET), "the echoed credential is redacted");
  });

  it("a header whose text throws: no crash from the early work, the first send ends as a later one", async () => {
    const odd = {
      toString(): string {
        throw new Error("no text");
      },
    };
    const wa = whatsapp({ provider: provider(odd), fetch: slow });
    const first = await outcome(wa.text("hi").to("+31612345678"));
    const second = await outcome(wa.text("hi").to("+31612345678"));
    deepEqual(first, second);
    // A WaError, not the value's own Error: the credential forms of the other headers are still
    // worked out (one value that cannot be text does not stop the scrubbing).
    deepEqual(first, { thrown: "NETWORK" });
  });
});
