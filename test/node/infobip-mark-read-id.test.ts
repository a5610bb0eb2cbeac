// Infobip's mark as read puts the message id in the URL path (POST …/message/{messageId}/read):
// an id that is a dot segment ("." or "..", which fetch would resolve into another path) is the
// caller's bad input, so it is a VALIDATION error naming `event` and the fix, before any I/O,
// not a CONFIG error blaming the provider's code.
import { infobip, whatsapp } from "../../src/index.ts";
import { describe, equal, hasCode, it, rejects } from "../harness.ts";

describe("Infobip markRead: a message id that is a dot segment", () => {
  it('"." and ".." are VALIDATION on event, nothing sent', async () => {
    let sent = 0;
    const wa = whatsapp({
      provider: infobip({ baseUrl: "https://abc.api.infobip.com", apiKey: "k-0123456789", from: "447796344125" }),
      fetch: async () => {
        sent++;
        return new Response(null, { status: 204 });
      },
    });
    for (const id of [".", ".."]) {
      const e = await rejects(() => wa.markRead(id), hasCode("VALIDATION", /messageId|message id/));
      equal((e as { issues: { path: string }[] }).issues[0]!.path, "event");
    }
    equal(sent, 0);
  });
});
