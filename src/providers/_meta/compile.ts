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
import { UnsupportedError, ValidationError } from "../../core/errors.ts";
import type {
  Header,
  Json,
  Kind,
  Media,
  Message,
  MessageOf,
  Template,
  TemplateButton,
  TemplateParam,
} from "../../core/message.ts";
import { kindsOf } from "../../send/provider.ts";
import { clean } from "../../core/json.ts";
import { refuseRest, type SupportTable } from "../_kit/support.ts";
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
 * @throws {ValidationError} `VALIDATION` for a variable name Meta refuses, or a `type` that is no
 *   message kind (an unvalidated message).
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
      out.interactive = metaInteractive(provider, "list", m, { button: m.button, sections: listSections(m) });
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
        sections: productSections(m),
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
    default:
      return refuseRest(provider, META_SUPPORT, m);
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

/** A list's sections as Meta's `sections`: titled rows. */
function listSections(m: MessageOf<"list">): Json {
  return m.sections.map((s) =>
    strip({
      title: s.title,
      rows: s.rows.map((r) => strip({ id: r.id, title: r.title, description: r.description })),
    }),
  );
}

/** A product list's sections as Meta's `sections`: titled product retailer ids. */
function productSections(m: MessageOf<"productList">): Json {
  return m.sections.map((s) =>
    strip({ title: s.title, product_items: s.productIds.map((id) => ({ product_retailer_id: id })) }),
  );
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
