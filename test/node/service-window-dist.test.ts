// The built package: `whatsapp` from "wafluent" and `bird` from "wafluent/providers/bird" are two
// entry files; the service window query still finds the client's fetch (they share one transport).
import { describe, it, ok, equal } from "../harness.ts";

const root = new URL("../../dist/", import.meta.url);

describe("dist: bird.serviceWindow() and the client live in different entry files", () => {
  it("uses the fetch of the client the provider was given to", async () => {
    const { whatsapp } = await import(new URL("index.js", root).href);
    const { bird } = await import(new URL("providers/bird.js", root).href);
    const provider = bird({ accessKey: "k-123456", workspaceId: "w", channelId: "c", baseUrl: "http://127.0.0.1:9" });
    const seen: string[] = [];
    whatsapp({
      provider,
      fetch: async (input: RequestInfo | URL) => (
        seen.push(new Request(input).url), Response.json({ isPermanentSession: true })
      ),
    });
    const window = await provider.serviceWindow("+31612345678", { contactId: "c-1" });
    ok(window.open);
    equal(seen.length, 1);
  });
});
