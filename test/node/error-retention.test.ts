// A failed result's error keeps what it says, not the batch it came from: its stack is text by the
// time the bulk hands it over, so holding one error (to log or retry later) does not keep the
// batch's other results, its recipients' iterator or its closures alive through the stack's
// frames (V8 keeps an unread stack as call sites, each holding its function and receiver).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Provider, whatsapp } from "../../src/index.ts";
import { describe, equal, it, ok } from "../harness.ts";
import { mockServer } from "./server.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const provider = (base: string): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text"],
    compile: (m) => ({ url: `${base}/v1/messages`, method: "POST", headers: {}, body: { to: m.to } }),
    parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  });

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  return ref.deref() === undefined;
}

describe("what a failed result's error keeps", () => {
  it("holding one failure's error does not keep the batch's other results alive", async () => {
    const srv = await mockServer((req) =>
      req.body.includes("45671") ? { status: 500, body: { error: "boom" } } : { body: { id: "m-1" } },
    );
    try {
      const send = async () => {
        const results = await whatsapp({ provider: provider(srv.url) })
          .text("hi")
          .to(["+31612345670", "+31612345671"], { concurrency: 2 });
        const failure = results[1]!;
        ok(!failure.ok, "the second recipient fails");
        return { error: failure.ok ? undefined : failure.error, ref: new WeakRef(results[0]!) };
      };
      const { error, ref } = await send();
      equal(error?.code, "PROVIDER_ERROR");
      ok(await collected(ref), "the batch's success result was kept alive by the failure's error");
      ok(error?.stack?.includes("ProviderError: echo answered 500"), "the stack still says what it said");
    } finally {
      await srv.close();
    }
  });
});
