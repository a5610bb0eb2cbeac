/**
 * Meta's WhatsApp Cloud API provider: posts Meta's own message object to the Graph API.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * @module
 */
import { UnsupportedError, WaError } from "../errors.ts";
import { describeBody, type Provider } from "../provider.ts";
import { compileMeta, META_KINDS, parseGraphError, parseMetaSuccess } from "./_meta.ts";

/** Options of {@link cloudApi}. */
export interface CloudApiOptions {
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
 * Creates the Meta Cloud API provider: `POST {baseUrl}/{version}/{phoneNumberId}/messages`.
 * Sends every kind; `to` goes out as E.164 with its "+" (see `metaRecipient` in `_meta.ts`).
 * Limits beyond the neutral model: one image per message; no caption on header or template media;
 * named template variables use `[a-z0-9_]` names; `.ref()` has no field in Meta's message object.
 * @throws {WaError} `CONFIG` when `accessToken` or `phoneNumberId` is missing or `version` is not like `v23.0`.
 * @example
 * import { whatsapp, cloudApi } from "wafluent";
 * const wa = whatsapp({ provider: cloudApi({ accessToken: env.META_TOKEN, phoneNumberId: "1234567890" }) });
 * await wa.text("Your order shipped").to("+31612345678");
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 */
export function cloudApi(options: CloudApiOptions): Provider {
  const { accessToken, phoneNumberId, version = "v23.0", baseUrl = "https://graph.facebook.com" } = options ?? ({} as CloudApiOptions);
  if (typeof accessToken !== "string" || accessToken.trim() === "")
    throw new WaError("CONFIG", "cloudApi() needs `accessToken`: a System User access token from Meta Business Settings → System users.");
  if (typeof phoneNumberId !== "string" || !/^\d+$/.test(phoneNumberId))
    throw new WaError(
      "CONFIG",
      `cloudApi() needs \`phoneNumberId\`: the numeric id shown in WhatsApp Manager → API Setup (received ${JSON.stringify(phoneNumberId)}), not the phone number.`,
    );
  if (!/^v\d+\.\d+$/.test(version))
    throw new WaError("CONFIG", `cloudApi() \`version\` must look like "v23.0"; received ${JSON.stringify(version)}.`);
  const url = `${baseUrl.replace(/\/+$/, "")}/${version}/${phoneNumberId}/messages`;
  return {
    name: "cloudApi",
    kinds: META_KINDS,
    compile(message) {
      if (message.ref !== undefined)
        throw new UnsupportedError(
          "cloudApi",
          "caller metadata (.ref())",
          "Meta's v23 message object has no field for it: keep your own map from the returned message id to your data.",
        );
      return {
        url,
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: compileMeta("cloudApi", message),
      };
    },
    parseSuccess: (answer) => parseMetaSuccess(answer.body),
    parseError: (answer) => parseGraphError(answer.body, `Meta sent no GraphAPIError, but ${describeBody(answer.body)}.`),
  };
}
