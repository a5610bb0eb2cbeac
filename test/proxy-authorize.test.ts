// createProxyHandler's authorize may read the body, and refused provider options, in every
// runtime (Node, Chromium, Deno): each builds its own copy of the request for authorize.
import { describe, it, equal, deepEqual } from "./harness.ts";
import { createProxyHandler, sandbox } from "../src/index.ts";

const post = (body: unknown) =>
  new Request("https://shop.example/api/whatsapp", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer t" },
    body: JSON.stringify(body),
  });
const msg = { to: "+31612345678", type: "text", body: "hi" };

describe("createProxyHandler in this runtime: authorize's body and the option policy", () => {
  it("authorize reads the body with await req.json(); the handler sends the same message", async () => {
    const box = sandbox();
    const seen: unknown[] = [];
    const handler = createProxyHandler({
      provider: box,
      authorize: async (req) => (seen.push(await req.json()), req.headers.get("authorization") === "Bearer t"),
    });
    const res = await handler(post(msg));
    equal(res.status, 200, await res.clone().text());
    deepEqual(seen, [msg]);
    deepEqual(box.sent, [msg]);
  });

  it("a Response from authorize carries Vary: Origin and Cache-Control: no-store", async () => {
    const res = await createProxyHandler({ provider: sandbox(), authorize: () => new Response("no", { status: 429 }) })(
      post(msg),
    );
    deepEqual([res.status, res.headers.get("vary"), res.headers.get("cache-control")], [429, "Origin", "no-store"]);
  });

  it("a browser-set options.bik.businessPhoneNumber is refused with 422", async () => {
    const box = sandbox();
    const res = await createProxyHandler({ provider: box, authorize: () => true })(
      post({ ...msg, options: { bik: { businessPhoneNumber: "+919999999999" } } }),
    );
    equal(res.status, 422);
    equal((await res.json()).error.issues[0].path, "options.bik.businessPhoneNumber");
    equal(box.sent.length, 0);
  });
});
