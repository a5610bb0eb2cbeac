/**
 * The one compiler from a neutral {@link Message} to Meta's WhatsApp message object, shared by
 * the Cloud API (which posts it as is) and Kaleyra (which wraps it in `messaging_object`).
 * Internal: the file name starts with `_`, so it is no entry of its own.
 * Source: Meta's send-message reference and its OpenAPI (github.com/facebook/openapi,
 * `business-messaging-api_v23.0.yaml`), whose message schema is the test oracle.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * @module
 * @internal
 */
import { UnsupportedError, ValidationError, type ProviderErrorInfo } from "../../core/errors.ts";
import type {
  Header,
  Json,
  Kind,
  Media,
  Message,
  Template,
  TemplateButton,
  TemplateParam,
} from "../../core/message.ts";
import { describeBody, kindsOf, pick } from "../../send/provider.ts";
import { kindOf } from "../../send/config.ts";
import { clean } from "../../core/json.ts";
import type { SupportTable } from "../_kit/support.ts";
import { isBsuid } from "../../core/recipient.ts";

type Obj = { [key: string]: Json };

/**
 * What Meta's message object expresses, kind by kind: all of them. A kind added to the neutral
 * model does not compile until it is decided here (Cloud API, Kaleyra). @internal
 */
export const META_SUPPORT: SupportTable = {
  text: true,
  image: true,
  video: true,
  audio: true,
  document: true,
  sticker: true,
  location: true,
  contacts: true,
  reaction: true,
  buttons: true,
  list: true,
  link: true,
  locationRequest: true,
  template: true,
  product: true,
  productList: true,
  catalog: true,
  flow: true,
};

/** The kinds of {@link META_SUPPORT}, for `provider.kinds`. @internal */
export const META_KINDS: readonly Kind[] = /* @__PURE__ */ kindsOf(META_SUPPORT);

/**
 * The recipient as Meta's `to`. DECISION, kept here only: the E.164 number is sent as is, with
 * its "+". Meta's own examples use both "+16505551234" and "16315555555" and its docs call `to`
 * a "phone number" (a WhatsApp id is the same digits without "+"); Kaleyra's sample request sends
 * "+91XXXXXXXXXX" in `messaging_object.to`. Change this one function if a provider ever needs
 * bare digits.
 * @internal
 */
export function metaRecipient(e164: string): string {
  return e164;
}

/** Meta's named template parameters: lower-case letters, digits and underscores. */
const PARAMETER_NAME = /^[a-z0-9_]+$/;

/**
 * Compiles a validated neutral message to Meta's message object. A phone number goes in `to`, a
 * business-scoped user ID (BSUID) in `recipient`.
 * @param provider provider name used in errors (`"cloudApi"`, `"kaleyra"`).
 * @throws {UnsupportedError} `UNSUPPORTED` for what Meta cannot express: several images in one
 *   message, a caption on a header or template media parameter, named variables mixed with
 *   positional body parameters.
 * @throws {ValidationError} `VALIDATION` for a variable name Meta refuses.
 * @internal
 */
export function compileMeta(provider: string, m: Message): Obj {
  // A BSUID goes in `recipient`, never beside `to`: with both, Meta uses `to` (and its answer
  // leaves out the user id). `recipient_type` stays "individual" for either.
  // A phone number starts with "+", a BSUID never does: the regex only for what may be one.
  const out: Obj =
    m.to.charCodeAt(0) !== 43 && isBsuid(m.to)
      ? { messaging_product: "whatsapp", recipient_type: "individual", recipient: m.to }
      : { messaging_product: "whatsapp", recipient_type: "individual", to: metaRecipient(m.to) };
  if (m.replyTo !== undefined) out.context = { message_id: m.replyTo };
  switch (m.type) {
    case "text":
      out.type = "text";
      out.text = m.previewUrl === undefined ? { body: m.body } : { body: m.body, preview_url: m.previewUrl };
      return out;
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      if (m.media.length > 1)
        throw new UnsupportedError(
          provider,
          `${m.media.length} images in one message`,
          "Meta's API takes one image per message: send one image per message (e.g. map the list to several sends).",
        );
      out.type = m.type;
      out[m.type] = mediaObject(provider, m.media[0]!, m.type, {
        caption: m.type !== "audio" && m.type !== "sticker",
        filename: m.type === "document",
      });
      return out;
    }
    case "location": {
      const { latitude, longitude, name, address } = m.location;
      out.type = "location";
      out.location = strip({ latitude, longitude, name, address });
      return out;
    }
    case "contacts":
      out.type = "contacts";
      out.contacts = structuredClone(m.contacts) as unknown as Json;
      return out;
    case "reaction":
      // An empty emoji removes an earlier reaction (whatsapp-api-js docs; Meta's reference does not say).
      out.type = "reaction";
      out.reaction = { message_id: m.reaction.messageId, emoji: m.reaction.emoji };
      return out;
    case "buttons":
      out.type = "interactive";
      out.interactive = metaInteractive(provider, "button", m, metaReplyButtons(m.buttons));
      return out;
    case "list":
      out.type = "interactive";
      out.interactive = metaInteractive(provider, "list", m, {
        button: m.button,
        sections: m.sections.map((s) =>
          strip({
            title: s.title,
            rows: s.rows.map((r) => strip({ id: r.id, title: r.title, description: r.description })),
          }),
        ),
      });
      return out;
    case "link":
      out.type = "interactive";
      out.interactive = metaInteractive(provider, "cta_url", m, {
        name: "cta_url",
        parameters: { display_text: m.link.text, url: m.link.url },
      });
      return out;
    case "locationRequest":
      out.type = "interactive";
      out.interactive = { type: "location_request_message", body: { text: m.body }, action: { name: "send_location" } };
      return out;
    case "template":
      out.type = "template";
      out.template = template(provider, m.template);
      return out;
    case "product": {
      // Body is optional and a header not allowed for single products (Meta's HeaderObject).
      const o: Obj = { type: "product" };
      if (m.body !== undefined) o.body = { text: m.body };
      if (m.footer !== undefined) o.footer = { text: m.footer };
      o.action = { catalog_id: m.product.catalogId, product_retailer_id: m.product.productId };
      out.type = "interactive";
      out.interactive = o;
      return out;
    }
    case "productList":
      out.type = "interactive";
      out.interactive = metaInteractive(provider, "product_list", m, {
        catalog_id: m.catalogId,
        sections: m.sections.map((s) =>
          strip({ title: s.title, product_items: s.productIds.map((id) => ({ product_retailer_id: id })) }),
        ),
      });
      return out;
    case "catalog":
      out.type = "interactive";
      out.interactive = metaInteractive(provider, "catalog_message", m, {
        name: "catalog_message",
        parameters: { thumbnail_product_retailer_id: m.catalog.thumbnailProductId },
      });
      return out;
    case "flow": {
      const f = m.flow;
      // flow_message_version is "3", the only one Meta accepts; flow_action is sent explicitly
      // ("navigate" is Meta's default) as every one of Meta's flow examples does.
      const parameters = strip({
        flow_message_version: "3",
        flow_id: f.id,
        flow_name: f.name,
        flow_cta: f.cta,
        flow_token: f.token,
        mode: f.mode,
        flow_action: f.action ?? "navigate",
        flow_action_payload:
          f.screen !== undefined || f.data !== undefined ? strip({ screen: f.screen, data: f.data }) : undefined,
      });
      out.type = "interactive";
      out.interactive = metaInteractive(provider, "flow", m, { name: "flow", parameters });
      return out;
    }
  }
}

/**
 * The `action` of Meta's reply-button message: each button a `reply` with its id and title.
 * @example metaReplyButtons([{ id: "track", title: "Track" }]) // { buttons: [{ type: "reply", reply: { id: "track", title: "Track" } }] }
 * @internal
 */
export function metaReplyButtons(buttons: readonly { id: string; title: string }[]): Obj {
  // A counted loop into a preallocated array: the hot path of a reply-buttons send.
  const n = buttons.length;
  const list = new Array<Json>(n);
  for (let i = 0; i < n; i++) {
    const b = buttons[i]!;
    list[i] = { type: "reply", reply: { id: b.id, title: b.title } };
  }
  return { buttons: list };
}

/**
 * Meta's `interactive` object: `{ type, header?, body, footer?, action }`. A Meta-shaped provider
 * whose header differs (Zixflow's media header is a bare URL) passes its own `head`.
 * @example metaInteractive("zixflow", "button", m, metaReplyButtons(m.buttons), (h) => ({ type: "text", text: "…" }))
 * @internal
 */
export function metaInteractive(
  provider: string,
  type: string,
  m: { body: string; header?: Header | undefined; footer?: string | undefined },
  action: Obj,
  head?: (h: Header) => Obj,
): Obj {
  const h = m.header;
  const body = { text: m.body };
  const footer = m.footer;
  // One literal per shape, not a growing object: the hot path of every interactive send.
  if (!h) return footer === undefined ? { type, body, action } : { type, body, footer: { text: footer }, action };
  const top = head ? head(h) : header(provider, h);
  return footer === undefined
    ? { type, header: top, body, action }
    : { type, header: top, body, footer: { text: footer }, action };
}

function header(provider: string, h: Header): Obj {
  if (h.type === "text") return { type: "text", text: h.text };
  return {
    type: h.type,
    [h.type]: mediaObject(provider, h.media, `${h.type} header`, { caption: false, filename: h.type === "document" }),
  };
}

/**
 * Meta's media object: `{id}` or `{link}`, plus `caption` and `filename` where Meta shows them.
 * `altText` and `contentType` are Bird's and have no field here; the neutral model documents them
 * as ignored by the other providers.
 */
function mediaObject(
  provider: string,
  media: Media,
  where: string,
  allow: { caption: boolean; filename: boolean },
): Obj {
  const o: Obj = media.id !== undefined ? { id: media.id } : { link: media.url! };
  if (media.caption !== undefined) {
    if (!allow.caption)
      throw new UnsupportedError(
        provider,
        `a caption on a ${where}`,
        "Meta shows no caption there: put the words in the message body instead.",
      );
    o.caption = media.caption;
  }
  if (media.filename !== undefined && allow.filename) o.filename = media.filename;
  return o;
}

function template(provider: string, t: Template): Obj {
  const out: Obj = {
    name: t.name,
    language: t.languagePolicy ? { code: t.language, policy: t.languagePolicy } : { code: t.language },
  };
  const components: Json[] = [];
  if (t.header?.length)
    components.push({ type: "header", parameters: t.header.map((p) => param(provider, p, "template header")) });
  const named = t.variables ? Object.entries(t.variables) : [];
  if (named.length > 0 && t.body?.length)
    throw new UnsupportedError(
      provider,
      "a template with both positional body parameters and named variables",
      "A Meta template uses either {{1}}-style or {{name}}-style parameters: pass `params` or `variables`, not both.",
    );
  if (t.body?.length)
    components.push({ type: "body", parameters: t.body.map((p) => param(provider, p, "template body")) });
  if (named.length > 0) {
    // Meta's named parameters (`parameter_name`, API v19+). The v23 schema leaves parameter
    // objects open, so the oracle accepts them; Meta allows only [a-z0-9_] in the name.
    const bad = named.filter(([k]) => !PARAMETER_NAME.test(k));
    if (bad.length > 0)
      throw new ValidationError(
        bad.map(([k]) => ({
          path: `template.variables.${k}`,
          message: `\`template.variables.${k}\`: Meta's named template parameters use lower-case letters, digits and underscores only; received "${k}". Rename it as in the approved template (e.g. "${k.toLowerCase().replace(/[^a-z0-9_]/g, "_")}").`,
        })),
      );
    components.push({
      type: "body",
      parameters: named.map(([k, v]) => ({ type: "text", parameter_name: k, text: String(v) })),
    });
  }
  for (const b of t.buttons ?? []) components.push(button(b));
  if (components.length > 0) out.components = components;
  return out;
}

function param(provider: string, p: TemplateParam, where: string): Obj {
  switch (p.type) {
    case "text":
      return { type: "text", text: p.text };
    case "currency":
      return { type: "currency", currency: { fallback_value: p.fallback, code: p.code, amount_1000: p.amount1000 } };
    case "dateTime":
      // Meta's localisation fields, sent as given: the Cloud API shows `fallback_value` anyway.
      return {
        type: "date_time",
        date_time: strip({
          fallback_value: p.fallback,
          calendar: p.calendar,
          year: p.year,
          month: p.month,
          day_of_month: p.dayOfMonth,
          day_of_week: p.dayOfWeek,
          hour: p.hour,
          minute: p.minute,
        }),
      };
    default:
      // The schema: "Captions not supported" on template media; documents keep their filename.
      return {
        type: p.type,
        [p.type]: mediaObject(provider, p.media, `${where} ${p.type}`, {
          caption: false,
          filename: p.type === "document",
        }),
      };
  }
}

function button(b: TemplateButton): Obj {
  // Meta's examples send the index as a string ("0") and as a number (0); the schema accepts both.
  const index = String(b.index);
  switch (b.type) {
    case "url":
      return { type: "button", sub_type: "url", index, parameters: [{ type: "text", text: b.text }] };
    case "quickReply":
      // A boolean is Meta's `text` parameter of yes/no quick replies (its issue-resolution sample).
      return {
        type: "button",
        sub_type: "quick_reply",
        index,
        parameters: [
          typeof b.payload === "boolean" ? { type: "text", text: b.payload } : { type: "payload", payload: b.payload },
        ],
      };
    case "catalog":
      // Meta's catalog-template docs write sub_type "CATALOG"; its v23 schema's enum has "catalog".
      return {
        type: "button",
        sub_type: "catalog",
        index,
        parameters: [{ type: "action", action: strip({ thumbnail_product_retailer_id: b.thumbnailProductId }) }],
      };
    case "flow":
      // SCHEMA GAP: sub_type "flow" is in Meta's docs and its own example, not in its v23
      // schema's enum (quick_reply, url, catalog); test/node/meta.test.ts pins that gap.
      return {
        type: "button",
        sub_type: "flow",
        index,
        parameters: [{ type: "action", action: strip({ flow_token: b.token, flow_action_data: b.data }) }],
      };
  }
}

/** A fresh literal without its `undefined` fields, as Meta's JSON. */
const strip = <T extends Record<string, Json | undefined>>(o: T): Obj => clean(o) as Obj;

/** Meta's throttling codes: 4 app calls, 80007 WABA, 130429 throughput, 131056 business-to-customer pair. */
/**
 * Meta's codes for a template send that does not match the approved template: 132000 (number of
 * parameters), 132001 (template does not exist in that language), 132005 (translated text too
 * long), 132007 (format character policy), 132012 (parameter format), 132015 (template paused),
 * 132016 (template disabled).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */
const TEMPLATE_MISMATCH: ReadonlySet<number> = /* @__PURE__ */ new Set([
  132000, 132001, 132005, 132007, 132012, 132015, 132016,
]);

const RATE_LIMITS = new Set([130429, 131056, 80007, 4]);

/**
 * Reads Meta's success `{messages:[{id, message_status?}]}`.
 * @internal
 */
export function parseMetaSuccess(
  body: unknown,
): { id: string; status: "accepted" | "queued" } | (ProviderErrorInfo & { failed: true }) {
  const id = pick(body, "messages", 0, "id");
  if (typeof id !== "string" || id === "")
    return {
      failed: true,
      message: `Meta answered 2xx without messages[0].id (got ${describeBody(body)}), so the message may not have been accepted.`,
    };
  // held_for_quality_assessment and paused: accepted by the API but not sent yet.
  const status = pick(body, "messages", 0, "message_status");
  return { id, status: status === undefined || status === "accepted" ? "accepted" : "queued" };
}

/**
 * Reads Meta's `GraphAPIError` `{error:{message, type, code, error_subcode, is_transient,
 * error_data: {details}, …}}`; `error_data.details` (what exactly was wrong) follows the message.
 * Never throws.
 * @internal
 */
export function parseGraphError(body: unknown, fallback: string): ProviderErrorInfo {
  const err = pick(body, "error");
  if (err === null || typeof err !== "object") return { message: fallback };
  const code = pick(err, "code");
  const sub = pick(err, "error_subcode");
  const said = [pick(err, "message"), pick(err, "error_user_msg")]
    .filter((x) => typeof x === "string" && x !== "")
    .join(" ");
  // What exactly was wrong ("body: number of localizable_params (2) does not match the expected
  // number of params (1)"): Meta puts it in error_data.details, the message only names the rule.
  const details = pick(err, "error_data", "details");
  const detail = typeof details === "string" && details !== "" && !said.includes(details) ? details.slice(0, 500) : "";
  const text = said && detail ? `${said}: ${detail}` : said || detail;
  const trace = pick(err, "fbtrace_id");
  const where = `(code ${String(code)}${typeof sub === "number" ? `, subcode ${sub}` : ""}${typeof trace === "string" ? `, fbtrace_id ${trace}` : ""})`;
  const info: ProviderErrorInfo = { message: `${text || "no error message"} ${where}.` };
  if (typeof code === "number" || typeof code === "string") info.providerCode = code;
  const transient = pick(err, "is_transient");
  if (typeof transient === "boolean") info.retryable = transient;
  if (code === 131047) {
    info.code = "WINDOW_CLOSED";
    info.retryable = false;
    info.message = `24 h window closed: send a template. The customer has not written in the last 24 hours, so WhatsApp refuses free-form messages until they do; an approved template opens the conversation. ${info.message}`;
  } else if (typeof code === "number" && RATE_LIMITS.has(code)) {
    info.code = "RATE_LIMITED";
    info.retryable = true;
    info.message += " Slow down and retry later (Meta's rate limits count per business number and per recipient).";
  } else if (typeof code === "number" && TEMPLATE_MISMATCH.has(code)) {
    info.code = "TEMPLATE";
    info.retryable = false;
    info.message +=
      " WhatsApp refused the template as sent: it does not match the approved one (its name, language, parameters or their format), or it is paused or disabled. Compare the call with the approved template (Meta's details above say which part), and run `wafluent templates pull` if it changed.";
  } else if (code === 131062) {
    info.retryable = false;
    info.message +=
      " WhatsApp does not deliver one-tap, zero-tap and copy-code authentication templates to a business-scoped user ID (BSUID): send them to the user's phone number.";
  } else if (code === 190) {
    info.code = "AUTH";
    info.retryable = false;
    info.message += " The access token is invalid or expired: create a new one (a System User token does not expire).";
  }
  return info;
}

/** Meta's limit on `biz_opaque_callback_data`, in characters. */
const META_CALLBACK_DATA_MAX = 512;

/**
 * `.ref()` as Meta's `biz_opaque_callback_data`: a string as is, other JSON stringified (the
 * webhook reader parses JSON back), at most 512 characters (UTF-16 code units, never more than
 * Meta counts).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * @internal
 */
export function metaCallbackData(ref: Json | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const data = typeof ref === "string" ? ref : JSON.stringify(ref);
  if (data.length > META_CALLBACK_DATA_MAX)
    throw new ValidationError([
      {
        path: "ref",
        message: `\`ref\` is ${data.length} characters${typeof ref === "string" ? "" : " as JSON"}; Meta's biz_opaque_callback_data allows at most ${META_CALLBACK_DATA_MAX}. Keep only ids in .ref() and look the rest up when the status webhook arrives.`,
        limit: META_CALLBACK_DATA_MAX,
        received: data.length,
      },
    ]);
  return data;
}

/**
 * Meta's body that marks a received message read (Cloud API, 360dialog), posted to the messages URL.
 * @throws {ValidationError} at `messageId` when it is not the received message's id (a non-empty string).
 * @example metaReadBody("wamid.HBg…") // { messaging_product: "whatsapp", status: "read", message_id: "wamid.HBg…" }
 * @internal
 */
export function metaReadBody(messageId: unknown): { [key: string]: Json } {
  if (typeof messageId !== "string" || messageId.trim() === "")
    throw new ValidationError([
      {
        path: "messageId",
        message: `\`messageId\` must be the received message's id ("wamid.…"); received ${kindOf(messageId)}.`,
      },
    ]);
  return { messaging_product: "whatsapp", status: "read", message_id: messageId };
}
