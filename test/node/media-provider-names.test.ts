// withMedia() of a provider of your own whose name is also a name every object has
// ("constructor", "toString", "__proto__"): it is a provider wafluent knows no upload or download
// of, so a message holding bytes and wa.download() are UnsupportedErrors before any I/O, not a
// TypeError from calling Object's own members as an uploader or a download.
import { whatsapp } from "../../src/index.ts";
import { httpProvider, postJson, type Provider } from "../../src/providers/_kit/index.ts";
import { withMedia } from "../../src/media.ts";
import { describe, equal, hasCode, it, rejects, throws } from "../harness.ts";
import { png } from "./media-bytes.ts";

const named = (name: string): Provider =>
  httpProvider(
    {
      name,
      kinds: ["text", "image"],
      compile: (m) => postJson("https://api.example.com/send", { authorization: "Bearer k-0123456789" }, { to: m.to }),
      parseSuccess: () => ({ id: "x", status: "accepted" }),
      parseError: () => ({ message: "refused" }),
    },
    "k-0123456789",
  );

describe("withMedia(): a provider named like an object's own member", () => {
  for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
    it(`"${name}": bytes and downloads are UNSUPPORTED before any I/O`, async () => {
      let sent = 0;
      const wa = whatsapp({
        provider: withMedia(named(name)),
        fetch: async () => {
          sent++;
          return Response.json({});
        },
      });
      await rejects(
        async () => wa.image({ file: new Blob([png(64)], { type: "image/png" }) }).to("+31612345678"),
        hasCode("UNSUPPORTED", /link/),
      );
      await rejects(() => wa.download({ id: "1166846181421424" }), hasCode("UNSUPPORTED", /download/));
      equal(sent, 0);
    });
  }
  it("a provider given withMedia() twice: CONFIG saying to give it once", () => {
    throws(() => withMedia(withMedia(named("mine"))), hasCode("CONFIG", /once/));
  });
});
