// Deno imports the built ESM and the CDN bundle and sends through the sandbox.
import { describe, it, ok, equal, deepEqual } from "../harness.ts";

describe("deno: built artifacts", () => {
  it("dist/index.js builds, validates and sends on the sandbox", async () => {
    const lib = await import("../../dist/index.js");
    const box = lib.sandbox();
    const wa = lib.whatsapp({ provider: box });
    const res = await wa.text("Hallo").buttons(["Ja", "Nee"]).to("+31612345678");
    equal(res.provider, "sandbox");
    equal(box.sent[0]!.type, "buttons");
  });
  it("the CDN bundle works on its own", async () => {
    const lib = await import("../../dist/cdn/wafluent.min.js");
    let caught: any;
    try {
      lib.message.text("x".repeat(4097)).to("+31612345678");
    } catch (e) {
      caught = e;
    }
    ok(lib.isValidationError(caught));
    deepEqual(
      caught.issues.map((i: any) => [i.path, i.limit]),
      [["body", 4096]],
    );
  });
});
