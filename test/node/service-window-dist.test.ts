// The built package: `whatsapp` from "wafluent" and `bird` from "wafluent/providers/bird" are two
// entry files; the service window query still finds the client's fetch (they share one transport).
import { describe, it, ok, equal } from "../harness.ts";

const root = new URL("../../dist/", import.meta.url);

describe("dist: bird.serviceWindow() and the client live in different entry files", () => {
  it("uses the fetch of the client the provider was given to", async () => {
    const { whatsapp } = await import(new URL("index.js", root).href);
    const { bird } = await import(new URL("providers/bird.js", root).href);
    const provider = bird({
      accessKey: "k-123456",
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
      baseUrl: "http://127.0.0.1:9",
    });
    const seen: string[] = [];
    whatsapp({
      provider,
      fetch: async (input: RequestInfo | URL) => (
        seen.push(new Request(input).url), Response.json({ isPermanentSession: true })
      ),
    });
    const window = await provider.serviceWindow("+31612345678", { contactId: "c0ffee00-0000-4000-8000-000000000001" });
    ok(window.open);
    equal(seen.length, 1);
  });
});
