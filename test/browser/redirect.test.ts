// Chromium only: a provider request that meets a redirect is not followed. With
// `redirect: "manual"` a browser hides the redirect behind an opaque answer (type
// "opaqueredirect", status 0); that must be a ProviderError, and the target must see nothing.
import { describe, it, ok, equal, match } from "../harness.ts";
import { whatsapp, proxy, isProviderError } from "../../src/index.ts";

describe("chromium: redirects are never followed", () => {
  it("a 307 from the proxy URL is a ProviderError with status 0; the redirect target gets no message", async () => {
    await fetch("/api/test/sent", { method: "DELETE" });
    const wa = whatsapp({
      provider: proxy({ url: "/api/test/redirect", headers: { authorization: "Bearer demo-token" } }),
    });
    const e = await wa
      .text("hi")
      .to("+31612345678")
      .send()
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    ok(isProviderError(e), `expected a ProviderError, got ${String(e)}`);
    equal(e.status, 0);
    match(e.message, /redirect \(the runtime hides where to\)/);
    equal((await (await fetch("/api/test/sent")).json()).length, 0, "the redirect was followed");
  });
});
