// A definition of your own (defineWebhooks) brings its own `verify`: whatever it answers, the
// webhook entries accept a request only on a literal `true` from the headers or from the body's
// check. A check that answers `false` (the natural "no" of a hand-written check), throws while
// checking the body, or resolves to something truthy that is not `true` is a refused request:
// 401 from createWebhookHandler and `false` from verifyWebhook, never a crash or a pass.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWebhookHandler, verifyWebhook } from "../../src/index.ts";
import { defineWebhooks, jsonReader, type SignatureCheck } from "../../src/providers/_kit/index.ts";

const definition = (verify: SignatureCheck) =>
  defineWebhooks({ name: "gateway", secretHint: "the gateway's key", verify, read: jsonReader(() => []) });
const post = () => new Request("https://hooks.example.com/gateway", { method: "POST", body: "{}" });

const refusing: [string, SignatureCheck][] = [
  ["answers false from the headers", () => false as never],
  ["answers a truthy non-check from the headers", () => "yes" as never],
  [
    "throws synchronously while checking the body",
    () => () => {
      throw new Error("bug in the check");
    },
  ],
  ["resolves a truthy non-true for the body", () => async () => "no" as never],
  ["answers 1 for the body", () => () => 1 as never],
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
