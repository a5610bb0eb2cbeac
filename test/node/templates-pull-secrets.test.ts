// pullTemplates() (wafluent/cli) as a library call: a listing API that echoes the credential in its
// error answer (Infobip's 401 text "Invalid login details" with the key, Twilio's Basic auth
// pair, a Bearer token) never puts it in the ProviderError's message or raw body; the command
// scrubs what it prints, and the error the function rejects with is clean too. Error shapes:
// https://www.infobip.com/docs/essentials/api-essentials/response-status-and-error-codes,
// https://developers.facebook.com/docs/graph-api/guides/error-handling.
import { pullTemplates } from "../../src/cli.ts";
import { describe, equal, hasCode, it, ok, rejects } from "../harness.ts";

const INFOBIP_KEY = "infobip-key-0123456789abcdef";
const META_TOKEN = "EAAG-meta-token-0123456789";

type PullOptions = Parameters<typeof pullTemplates>[0];

/** What pullTemplates() rejects with when every page is answered `status` with `body`. */
const refusal = (options: Record<string, string>, status: number, body: unknown, check: (e: unknown) => boolean) =>
  rejects(
    () => pullTemplates({ ...options, fetch: async () => Response.json(body, { status }) } as unknown as PullOptions),
    check,
  );

describe("pullTemplates(): an error answer that echoes the credential", () => {
  it("Infobip's key is not in the AUTH error's message or raw body", async () => {
    const e = await refusal(
      { provider: "infobip", apiKey: INFOBIP_KEY, sender: "447796344125", baseUrl: "https://abc.api.infobip.com" },
      401,
      {
        requestError: {
          serviceException: { messageId: "UNAUTHORIZED", text: `Invalid login details App ${INFOBIP_KEY}` },
        },
      },
      hasCode("AUTH", /the API key was refused/),
    );
    ok(!(e as Error).message.includes(INFOBIP_KEY), (e as Error).message);
    ok(!JSON.stringify(e).includes(INFOBIP_KEY), JSON.stringify(e));
  });
  it("Meta's token in a 400's message is not in the PROVIDER_ERROR either", async () => {
    const e = await refusal(
      { provider: "cloud-api", token: META_TOKEN, wabaId: "102290129340398" },
      400,
      { error: { message: `Malformed access token ${META_TOKEN}`, code: 190 } },
      hasCode("PROVIDER_ERROR", /Malformed access token/),
    );
    equal((e as Error).message.includes(META_TOKEN), false);
    ok(!JSON.stringify(e).includes(META_TOKEN), JSON.stringify(e));
  });
});
