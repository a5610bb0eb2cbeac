// Not a test file of its own: test/node/pack.test.ts copies it beside an unmodified copy of
// examples/deno.ts into a project where the packed wafluent is installed in node_modules, and
// runs it with `deno run --node-modules-dir=manual`, so "npm:wafluent" resolves as a user's would.
import { whatsapp, proxy, isProviderError } from "npm:wafluent";

const fail = (what: string): never => {
  console.error(`FAIL ${what}`);
  Deno.exit(1);
};

Deno.env.set("PORT", "0");
Deno.env.set("PROXY_TOKEN", "deno-token");
const { server } = await import("./deno.ts");
try {
  const url = `http://127.0.0.1:${server.addr.port}/`;
  const wa = whatsapp({ provider: proxy({ url, headers: { authorization: "Bearer deno-token" } }) });
  const res = await wa.text("Hallo from Deno").buttons(["Ja", "Nee"]).to("+31612345678");
  if (res.provider !== "sandbox" || res.status !== "accepted") fail(`send: ${JSON.stringify(res)}`);
  const bulk = await wa.text("Bulk").to(["+31600000001", "+31600000002"]);
  if (bulk.map((r) => r.ok).join() !== "true,true") fail(`bulk: ${JSON.stringify(bulk)}`);
  const wrong = whatsapp({ provider: proxy({ url, headers: { authorization: "Bearer nope" } }) });
  let refused: unknown;
  try {
    await wrong.text("x").to("+31612345678");
  } catch (e) {
    refused = e;
  }
  if (!isProviderError(refused) || refused.status !== 403 || refused.code !== "AUTH")
    fail(`a wrong token: ${String(refused)}`);
  const raw = await fetch(url, {
    method: "POST",
    headers: { authorization: "Bearer deno-token", "content-type": "application/json" },
    body: JSON.stringify({ to: "+31612345678", type: "text", body: "" }),
  });
  if (raw.status !== 422 || (await raw.json()).error.issues[0].path !== "body")
    fail("an empty body is refused with 422 naming `body`");
  console.log("deno example ok");
} finally {
  await server.shutdown();
}
