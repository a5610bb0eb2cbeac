import { describeBody, guardCompile, type HttpRequest, type Provider, WITH_TEMPLATES } from "../../send/provider.ts";
import { compileMeta, META_KINDS } from "../_meta/compile.ts";
import { metaActionBody, metaCallbackData, metaReadBody, parseGraphError, parseMetaSuccess } from "../_meta/answers.ts";
import { configError, kindOf, readOptions } from "../../send/config.ts";
import { checkBaseUrl, checkSecret } from "../../send/setting-values.ts";
import { WaError } from "../../core/errors.ts";
import type { Message } from "../../core/message.ts";
import { checkId } from "../_kit/id.ts";
import { readSettings } from "../_kit/factory.ts";
import { httpProvider } from "../../send/transport.ts";

/** A client's template definitions, as far as the routing reads them: name → language → category. */
type Definitions = Record<string, Record<string, { category?: unknown }> | undefined>;

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
  /**
   * Send templates whose definition's category is `MARKETING` through Meta's Marketing Messages
   * API (`POST /{phoneNumberId}/marketing_messages`, the same body); every other message through
   * `/messages`. The categories come from `whatsapp({ provider, templates })`: a template compiled
   * without definitions is refused with `CONFIG`. The business must be onboarded to the
   * Marketing Messages API. Default `false`.
   */
  marketingMessages?: boolean;
}

/**
 * Settings of {@link cloudApi}.
 * @deprecated Renamed {@link CloudApiConfig} (`…Config` is a factory's settings, `…Options` a
 * message's); this alias goes in the next minor version.
 */
export type CloudApiOptions = CloudApiConfig;

/** The Cloud API provider (read receipts and typing indicators through `wa.markRead()` / `wa.typing()`). */
export interface CloudApiProvider extends Provider {
  readonly name: "cloudApi";
  /**
   * The request that marks a received message as read (blue ticks), optionally showing a typing
   * indicator until you reply or for up to 25 seconds. Pure: it only builds the request; post it
   * with your own `fetch` (it is not a message, so `wa.…to()` does not send it).
   * @deprecated Use `wa.markRead(event)` or `wa.typing(event)`, which send through the client's
   * transport (its retries, timeouts and redaction); this bare request goes in the next minor version.
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
 * With `marketingMessages: true`, templates whose definition (`whatsapp({ provider, templates })`)
 * has the category `MARKETING` go to `POST …/{phoneNumberId}/marketing_messages` instead.
 * @throws {WaError} `CONFIG` when `accessToken` or `phoneNumberId` is missing or malformed, `version` is not
 *   like `v23.0`, `baseUrl` is not an absolute http(s) URL (the message never repeats the value), or
 *   `marketingMessages` is not a boolean; at compile time, a template with `marketingMessages` and
 *   no definitions.
 * @example
 * import { whatsapp, cloudApi } from "wafluent";
 * const wa = whatsapp({ provider: cloudApi({ accessToken: env.META_TOKEN, phoneNumberId: "1234567890" }) });
 * await wa.text("Your order shipped").to("+31612345678");
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 */
export function cloudApi(options: CloudApiConfig): CloudApiProvider {
  const where = "cloudApi()";
  const keys = ["accessToken", "phoneNumberId", "version", "baseUrl", "marketingMessages"] as const;
  const s = readSettings(where, options, keys, ["accessToken", "phoneNumberId"]);
  const o = s.values;
  const accessToken = s.check(
    checkSecret,
    "accessToken",
    "Use a System User access token from Meta Business Settings → System users.",
  );
  const phoneNumberId = s.check(checkId, "phoneNumberId", {
    max: 32,
    shape: [/^\d+$/, "a numeric id (digits only; not the phone number itself, and not a token)"],
    fix: "Copy the phone number id from WhatsApp Manager → API Setup.",
  });
  const version =
    s.values.version === undefined
      ? "v23.0"
      : s.check(checkId, "version", {
          max: 16,
          shape: [/^v\d+\.\d+$/, 'a Graph API version like "v23.0"'],
          fix: "Leave it out for v23.0.",
        });
  if (o.marketingMessages !== undefined && typeof o.marketingMessages !== "boolean")
    throw configError(where, "marketingMessages", `must be true or false; received ${kindOf(o.marketingMessages)}`);
  const api = `${s.check(checkBaseUrl, "baseUrl", "https://graph.facebook.com")}/${version}`;
  const root = `${api}/${phoneNumberId}`;
  const url = `${root}/messages`;
  const authorization = `Bearer ${accessToken}`;
  // A fresh literal per request (the caller may change it): smaller and faster than a spread copy.
  const headers = () => ({ authorization, "content-type": "application/json" });
  return provider();

  /**
   * The provider, routing by `definitions` when given. Stateless: `whatsapp({ provider, templates })`
   * asks for its own copy through `WITH_TEMPLATES` (send/provider.ts; with `marketingMessages`
   * only), so clients that share this provider each route by their own definitions.
   */
  function provider(definitions?: Definitions): CloudApiProvider {
    /** Where a message goes: `/marketing_messages` for a template whose definition is MARKETING. */
    const endpoint = (message: Message): string => {
      if (!o.marketingMessages || message.type !== "template") return url;
      if (!definitions)
        throw new WaError(
          "CONFIG",
          "cloudApi({ marketingMessages: true }) needs the templates' categories: pass whatsapp({ provider, templates }) (or createQueueConsumer / createProxyHandler with templates).",
        );
      const { name, language } = message.template;
      const def = Object.hasOwn(definitions, name) ? definitions[name] : undefined;
      return def && Object.hasOwn(def, language) && def[language]?.category === "MARKETING"
        ? `${root}/marketing_messages`
        : url;
    };
    // Assembled by hand, not with defineProvider (../_kit/factory.ts), on purpose: moving it there
    // changes no behaviour (the node suite passes with it) but adds 174 B (min+gzip) to a cloudApi()
    // text worker: defineProvider itself (about 70 B) and the envelope-gap refusal it carries
    // (refuseGaps, about 100 B), which this provider never uses: Meta's object expresses every kind
    // and every envelope feature (reply context, BSUID recipient, ref).
    return guardCompile(
      httpProvider<CloudApiProvider>(
        {
          name: "cloudApi",
          kinds: META_KINDS,
          act: (action) => ({ url, method: "POST", headers: headers(), body: metaActionBody(action) }),
          [WITH_TEMPLATES]: o.marketingMessages ? provider : undefined,
          markRead(messageId, options) {
            const body = metaReadBody(messageId);
            if (readOptions("markRead(messageId, options)", options, ["typing"]).typing)
              body.typing_indicator = { type: "text" };
            return { url, method: "POST", headers: headers(), body };
          },
          compile(message) {
            const body = compileMeta("cloudApi", message);
            const data = metaCallbackData(message.ref);
            if (data !== undefined) body.biz_opaque_callback_data = data;
            return { url: endpoint(message), method: "POST", headers: headers(), body };
          },
          parseSuccess: (answer) => parseMetaSuccess(answer.body),
          parseError: (answer) =>
            parseGraphError(answer.body, `Meta sent no GraphAPIError, but ${describeBody(answer.body)}.`),
        },
        accessToken,
        authorization,
      ),
    );
  }
}
