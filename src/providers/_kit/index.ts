/**
 * `wafluent/provider-kit`: the provider contract and the helpers wafluent's own providers are
 * written with, for a provider of your own (docs/adding-a-provider.md walks through one).
 *
 * - The contract: {@link Provider} (`name`, `kinds`, `compile`, `parseSuccess`, `parseError`),
 *   {@link HttpRequest}, {@link ProviderAnswer}, {@link ProviderErrorInfo}.
 * - Support tables: {@link SupportTable} (every kind decided: `true` or the hint an
 *   `UnsupportedError` gives), {@link supportTable} to write one as the kinds sent plus a hint per
 *   other kind ({@link MEDIA_KINDS} for the five media kinds), {@link kindsOf} for `provider.kinds`,
 *   {@link refuseUnsupported}, and
 *   {@link refuseGaps} for envelope features it cannot express (replyTo, a BSUID recipient, ref).
 * - Meta's shape (Cloud API, Kaleyra, 360dialog-like gateways): {@link compileMeta},
 *   {@link META_SUPPORT}, {@link parseMetaSuccess}, {@link parseGraphError}, {@link metaInteractive},
 *   {@link metaReplyButtons}, and {@link metaBody} to read Meta-format webhooks with your tag.
 * - Answers and requests: {@link pick}, {@link describeBody}, {@link postJson}, {@link postForm}
 *   (a form-encoded body: `encoding: "form"`, see {@link BodyEncoding}), {@link sentence},
 *   {@link unreadable}.
 * - Sending: {@link httpProvider} makes your provider send over HTTP (wafluent's transport: ky,
 *   timeouts, retries of 429/503, no redirects) and registers your credentials with the redactor,
 *   so they never appear in an error, a `raw` answer or a log; every provider that sends over
 *   HTTP is wrapped with it (`whatsapp()` refuses a provider with no way to send). A provider that
 *   answers in-process has a `deliver` method instead.
 * - Safety: {@link withSecrets} registers more credentials with the redactor;
 *   {@link validateMessage} re-checks a message from a queue.
 * - Webhooks: {@link defineWebhooks} makes a {@link WebhookDefinition} (name, signing, reader)
 *   that `verifyWebhook`, `parseWebhook` and `createWebhookHandler` take as `provider`, like a
 *   built-in name. Signing: {@link hmacSignature} (HMAC SHA-256 or SHA-1, hex or base64, over the
 *   raw body or over what you build from it and the URL), or by hand {@link hmac} over any bytes,
 *   {@link timingSafeEqual}, {@link fromBase64} / {@link toBase64} and {@link fromHex} /
 *   {@link toHex}. Reading: a {@link WebhookReader} gets the raw text and the headers
 *   ({@link WebhookBody}); {@link jsonReader} and {@link formReader} decode JSON ({@link readJson})
 *   or a form ({@link readForm}) for it; the event types ({@link WebhookEvent}) say what to make.
 * - Assembly: {@link defineProvider} derives `kinds`, refuses unsupported kinds and envelope gaps
 *   before your compile, registers your credentials and guards compile; {@link readSettings} reads
 *   a factory's settings (unknown keys refused) with checks that name the factory and the key.
 * - Media by URL: {@link oneFile} (one file per message) and {@link publicUrl} (a media id refused).
 * - Settings: {@link readOptions}, {@link checkSecret}, {@link checkString}, {@link checkBaseUrl}
 *   turn a bad factory setting into a `WaError("CONFIG")` that names it; {@link checkId} checks
 *   an id that goes into a URL path (never `.`, `..`, `/`, `?`, …; the provider's shape, e.g.
 *   {@link UUID_SHAPE}), so the URL compiled is the URL fetched.
 * @example
 * import { compileMeta, defineProvider, META_SUPPORT, parseGraphError, parseMetaSuccess, postJson, type Provider } from "wafluent/provider-kit";
 * export const gateway = (apiKey: string): Provider =>
 *   defineProvider({
 *     name: "gateway",
 *     compile: (m) => postJson("https://gateway.example/v1/messages", { "d360-api-key": apiKey }, compileMeta("gateway", m)),
 *     parseSuccess: (a) => parseMetaSuccess(a.body),
 *     parseError: (a) => parseGraphError(a.body, `gateway answered ${a.status}`),
 *   }, { support: META_SUPPORT, secrets: [apiKey] });
 * @module
 */
export type {
  ActionRequest,
  BodyEncoding,
  ConversationAction,
  DownloadContext,
  DownloadOptions,
  MediaRef,
  MediaRequest,
  HttpRequest,
  Provider,
  ProviderAnswer,
  SendResult,
  SendStatus,
} from "../../send/provider.ts";
export { describeBody, kindsOf, pick } from "../../send/provider.ts";
export { MAX_DOWNLOAD_BYTES, mediaDownloader } from "../../send/download.ts";
export type { Issue, ProviderErrorInfo, WaErrorCode } from "../../core/errors.ts";
export { ProviderError, UnsupportedError, ValidationError, WaError } from "../../core/errors.ts";
export type { Json, Kind, Message, MessageOf } from "../../core/message.ts";
export { validateMessage } from "../../core/validate.ts";
export { withSecrets } from "../../send/secrets.ts";
export { httpProvider } from "../../send/transport.ts";
export { readOptions } from "../../send/config.ts";
export { checkBaseUrl, checkSecret, checkString } from "../../send/setting-values.ts";
export { checkId, type IdRule, type IdShape, UUID_SHAPE } from "./id.ts";
export {
  type EnvelopeGaps,
  MEDIA_KINDS,
  refuseGaps,
  refuseUnsupported,
  supportTable,
  type SupportTable,
} from "./support.ts";
export { postForm, postJson, sentence, unreadable } from "./http.ts";
export { oneFile, publicUrl } from "./media-url.ts";
export { defineProvider, type FactorySettings, type ProviderFrame, readSettings } from "./factory.ts";
export { compileMeta, META_SUPPORT, metaInteractive, metaReplyButtons } from "../_meta/compile.ts";
export { parseGraphError, parseMetaSuccess } from "../_meta/answers.ts";
export { metaBody } from "../_meta/webhook.ts";
export {
  type BodyCheck,
  fromBase64,
  fromHex,
  type HmacHash,
  hmac,
  hmacSignature,
  type HmacSignatureSpec,
  type SignatureCheck,
  timingSafeEqual,
  toBase64,
  toHex,
  type VerifyOptions,
  type WebhookDefinition,
  type WebhookSigning,
} from "../../inbound/signing.ts";
export {
  type FormFields,
  formReader,
  jsonReader,
  readForm,
  readJson,
  type WebhookBody,
  type WebhookReader,
} from "../../inbound/webhook-body.ts";
export { defineWebhooks } from "../../inbound/definition.ts";
// The event types in full (WebhookMessageEvent, InboundContent, …) are the root's: `wafluent`.
export type { DeliveryStatus, WebhookEvent } from "../../inbound/events.ts";
