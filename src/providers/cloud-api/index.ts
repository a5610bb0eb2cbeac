import { describeBody, guardCompile, type HttpRequest, type Provider } from "../../send/provider.ts";
import { compileMeta, META_KINDS } from "../_meta/compile.ts";
import { metaCallbackData, metaReadBody, parseGraphError, parseMetaSuccess } from "../_meta/answers.ts";
import { readOptions, refuseUnknown } from "../../send/config.ts";
import { checkBaseUrl, checkSecret } from "../../send/setting-values.ts";
import { checkId } from "../_kit/id.ts";
import { httpProvider } from "../../send/transport.ts";

/** Settings of {@link cloudApi}. */
export interface CloudApiConfig {
  /** A System User or temporary access token (sent as `Authorization: Bearer …`). */
  accessToken: string;
  /** The business phone number's id (not the phone number itself). */
  phoneNumberId: string;
  /** Graph API version, `v23.0` by default. */
  version?: string;
  /** Base URL, `https://graph.facebook.com` by default (a proxy, or a test server). */
  baseUrl?: string;
}

/**
 * Settings of {@link cloudApi}.
 * @deprecated Renamed {@link CloudApiConfig} (`…Config` is a factory's settings, `…Options` a
 * message's); this alias goes in the next minor version.
 */
export type CloudApiOptions = CloudApiConfig;

/** The Cloud API provider, with the read-receipt request that is no message. */
export interface CloudApiProvider extends Provider {
  readonly name: "cloudApi";
  /**
   * The request that marks a received message as read (blue ticks), optionally showing a typing
   * indicator until you reply or for up to 25 seconds. Pure: it only builds the request; post it
   * with your own `fetch` (it is not a message, so `wa.…to()` does not send it).
   * @param messageId the received message's `wamid.…` id (a webhook event's id).
   * @param options `typing: true` adds `typing_indicator: { type: "text" }`.
   * @throws {ValidationError} `VALIDATION` when `messageId` is empty or not text.
   * @example
   * const req = provider.markRead(event.id, { typing: true });
   * await fetch(req.url, { method: req.method, headers: req.headers, body: JSON.stringify(req.body) });
   * @see https://developers.facebook.com/docs/whatsapp/cloud-api/typing-indicators
   */
  markRead(messageId: string, options?: { typing?: boolean }): HttpRequest;
}

/**
 * Creates the Meta Cloud API provider: `POST {baseUrl}/{version}/{phoneNumberId}/messages`.
 * Sends every kind; `to` goes out as E.164 with its "+" (see `metaRecipient` in `_meta.ts`).
 * Limits beyond the neutral model: one image per message; no caption on header or template media;
 * named template variables use `[a-z0-9_]` names. A BSUID recipient goes in `recipient`; `.ref()` goes
 * in `biz_opaque_callback_data` (at most 512 characters) and comes back as the status events' `ref`.
 * @throws {WaError} `CONFIG` when `accessToken` or `phoneNumberId` is missing or malformed, `version` is not
 *   like `v23.0`, or `baseUrl` is not an absolute http(s) URL (the message never repeats the value).
 * @example
 * import { whatsapp, cloudApi } from "wafluent";
 * const wa = whatsapp({ provider: cloudApi({ accessToken: env.META_TOKEN, phoneNumberId: "1234567890" }) });
 * await wa.text("Your order shipped").to("+31612345678");
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 */
export function cloudApi(options: CloudApiConfig): CloudApiProvider {
  const where = "cloudApi()";
  const keys = ["accessToken", "phoneNumberId", "version", "baseUrl"] as const;
  refuseUnknown(where, options, keys, ["accessToken", "phoneNumberId"]);
  const o = readOptions(where, options, keys, true);
  const accessToken = checkSecret(
    where,
    "accessToken",
    o.accessToken,
    "Use a System User access token from Meta Business Settings → System users.",
  );
  const phoneNumberId = checkId(where, "phoneNumberId", o.phoneNumberId, {
    max: 32,
    shape: [/^\d+$/, "a numeric id (digits only; not the phone number itself, and not a token)"],
    fix: "Copy the phone number id from WhatsApp Manager → API Setup.",
  });
  const version =
    o.version === undefined
      ? "v23.0"
      : checkId(where, "version", o.version, {
          max: 16,
          shape: [/^v\d+\.\d+$/, 'a Graph API version like "v23.0"'],
          fix: "Leave it out for v23.0.",
        });
  const url = `${checkBaseUrl(where, "baseUrl", o.baseUrl, "https://graph.facebook.com")}/${version}/${phoneNumberId}/messages`;
  const headers = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
  return guardCompile(
    httpProvider<CloudApiProvider>(
      {
        name: "cloudApi",
        kinds: META_KINDS,
        markRead(messageId, options) {
          const body = metaReadBody(messageId);
          if (readOptions("markRead(messageId, options)", options, ["typing"]).typing)
            body.typing_indicator = { type: "text" };
          return { url, method: "POST", headers: { ...headers }, body };
        },
        compile(message) {
          const body = compileMeta("cloudApi", message);
          const data = metaCallbackData(message.ref);
          if (data !== undefined) body.biz_opaque_callback_data = data;
          return { url, method: "POST", headers: { ...headers }, body };
        },
        parseSuccess: (answer) => parseMetaSuccess(answer.body),
        parseError: (answer) =>
          parseGraphError(answer.body, `Meta sent no GraphAPIError, but ${describeBody(answer.body)}.`),
      },
      accessToken,
      headers.authorization,
    ),
  );
}
