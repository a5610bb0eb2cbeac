// A definition of your own (defineWebhooks) brings its own `verify`: whatever it answers, the
// webhook entries accept a request only on a literal `true` from the headers or from the body's
// check. A check that answers `false` (the natural "no" of a hand-written check), throws while
// checking the body, or resolves to something truthy that is not `true` is a refused request:
// 401 from createWebhookHandler and `false` from verifyWebhook, never a crash or a pass.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWebhookHandler, parseWebhook, verifyWebhook } from "../../src/index.ts";
import { defineWebhooks, jsonReader, type SignatureCheck } from "../../src/providers/_kit/index.ts";

const definition = (verify: SignatureCheck) =>
  defineWebhooks({ name: "gateway", secretHint: "the gateway's key", verify, read: jsonReader(() => []) });
const post = () => new Request("https://hooks.example.com/gateway", { method: "POST", body: "{}" });

/** A check as plain JavaScript may write it: its answers are not what the type promises. */
const untyped = (check: (request: Request) => unknown): SignatureCheck => check as SignatureCheck;
/** A reader as plain JavaScript may write it. */
type Reader = Parameters<typeof defineWebhooks<"gateway">>[0]["read"];
const untypedReader = (read: () => unknown): Reader => read as Reader;

const refusing: [string, SignatureCheck][] = [
  ["answers false from the headers", untyped(() => false)],
  ["answers a truthy non-check from the headers", untyped(() => "yes")],
  [
    "throws synchronously while checking the body",
    () => () => {
      throw new Error("bug in the check");
    },
  ],
  ["resolves a truthy non-true for the body", untyped(() => async () => "no")],
  ["answers 1 for the body", untyped(() => () => 1)],
];

describe("a definition's own verify: only a literal true lets a request in", () => {
  for (const [label, verify] of refusing) {
    it(`a check that ${label}: 401, not a crash or a pass`, async () => {
      let delivered = 0;
      const handler = createWebhookHandler({
        provider: definition(verify),
        secret: "s3cret",
        onUnknown: () => void delivered++,
      });
      const res = await handler(post());
      assert.equal(res.status, 401);
      assert.equal(delivered, 0);
    });
    it(`a check that ${label}: verifyWebhook answers false (a boolean)`, async () => {
      assert.equal(await verifyWebhook(post(), { provider: definition(verify), secret: "s3cret" }), false);
    });
  }
  it("a check that answers true, or a body check resolving true, still verifies", async () => {
    for (const verify of [() => true as const, () => async () => true]) {
      const res = await createWebhookHandler({ provider: definition(verify), secret: "s" })(post());
      assert.equal(res.status, 200);
      assert.equal(await verifyWebhook(post(), { provider: definition(verify), secret: "s" }), true);
    }
  });
});

describe("a definition's own reader: the callbacks only ever see events", () => {
  const withReader = (read: () => unknown) =>
    defineWebhooks({ name: "gateway", secretHint: "the gateway's key", verify: () => true, read: untypedReader(read) });
  const deliver = async (read: () => unknown) => {
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    const res = await createWebhookHandler({
      provider: withReader(read),
      secret: "s",
      onMessage: (e) => void seen.push(e),
      onUnknown: (e) => void seen.push(e),
      onError: (e) => void errors.push(e),
    })(post());
    return { status: res.status, seen, errors };
  };
  it("a reader that answers something other than a list: one unknown event holding the body", async () => {
    for (const answer of ["abc", {}, 5, true]) {
      const { status, seen, errors } = await deliver(() => answer);
      assert.equal(status, 200);
      assert.deepEqual(seen, [{ type: "unknown", provider: "gateway", raw: "{}" }]);
      assert.deepEqual(errors, []);
      assert.deepEqual(parseWebhook("{}", { provider: withReader(() => answer) }), [
        { type: "unknown", provider: "gateway", raw: "{}" },
      ]);
    }
  });
  it("an item that is no event (null, a number, an unknown type): an unknown event holding the item", async () => {
    const event = { type: "unknown", provider: "gateway", raw: 1 };
    const { seen, errors } = await deliver(() => [null, 3, { type: "weird" }, event]);
    assert.deepEqual(seen, [
      { type: "unknown", provider: "gateway", raw: null },
      { type: "unknown", provider: "gateway", raw: 3 },
      { type: "unknown", provider: "gateway", raw: { type: "weird" } },
      event,
    ]);
    assert.deepEqual(errors, []);
  });
  it("undefined is still 'not this format': 400", async () => {
    assert.equal((await deliver(() => undefined)).status, 400);
  });
});

describe("defineWebhooks keeps what it checked", () => {
  it("a getter is read once: a read that is a function when checked stays that function", () => {
    let reads = 0;
    const read = () => [];
    const d = defineWebhooks({
      name: "gateway",
      secretHint: "the gateway's key",
      get read() {
        return reads++ === 0 ? read : untypedReader("not a function" as unknown as () => unknown);
      },
    });
    assert.equal(d.read, read);
    assert.ok(Object.isFrozen(d));
    assert.deepEqual(Object.keys(d).sort(), ["name", "read", "secretHint"]);
  });
});
