/**
 * Infobip's `content` object and endpoint, kind by kind: each session message goes to its own
 * `/whatsapp/1/message/<kind>` endpoint, templates to `/whatsapp/1/message/template`.
 * @see https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-outbound-messages
 * @see https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-outbound-messages/send-whatsapp-template-message
 * @module
 */
import { UnsupportedError } from "../../core/errors.ts";
import type { Contact, Header, Media, Message, MessageOf, TemplateButton, TemplateParam } from "../../core/message.ts";
import { SUPPORT } from "./support.ts";
import { refuseRest, refuseNamedVariables } from "../_kit/support.ts";
import { oneFile, publicUrl } from "../_kit/media-url.ts";

const NAME = "infobip";

/** The endpoint path (after `/whatsapp/1/message/`) and the `content` of a session message. */
export function sessionContent(
  m: Exclude<Message, { type: "template" }>,
): [path: string, content: Record<string, unknown>] {
  switch (m.type) {
    case "text":
      return ["text", { text: m.body, ...(m.previewUrl === undefined ? {} : { previewUrl: m.previewUrl }) }];
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      const media = oneFile(NAME, m);
      const caption = m.type === "audio" || m.type === "sticker" ? undefined : media.caption;
      return [
        m.type,
        {
          mediaUrl: mediaUrl(media, m.type),
          ...(caption === undefined ? {} : { caption }),
          ...(m.type === "document" && media.filename !== undefined ? { filename: media.filename } : {}),
        },
      ];
    }
    case "location":
      return ["location", { ...m.location }];
    case "contacts":
      return ["contact", { contacts: m.contacts.map(contactOf) }];
    case "buttons":
      return [
        "interactive/buttons",
        {
          body: { text: m.body },
          action: { buttons: m.buttons.map((b) => ({ type: "REPLY", id: b.id, title: b.title })) },
          ...headerOf(m.header),
          ...footerOf(m.footer),
        },
      ];
    case "list":
      return ["interactive/list", listContent(m as MessageOf<"list">)];
    default:
      return refuseRest(NAME, SUPPORT, m);
  }
}

const mediaUrl = (media: Media, what: string): string =>
  publicUrl(NAME, media, what, "Infobip takes media by public URL (mediaUrl): pass an https URL.");

function footerOf(footer: string | undefined): Record<string, unknown> {
  return footer === undefined ? {} : { footer: { text: footer } };
}

/** `{header}` of an interactive message: `{type: "TEXT", text}`, or a media header by URL (validation keeps lists to text). */
function headerOf(header: Header | undefined): Record<string, unknown> {
  if (header === undefined) return {};
  if (header.type === "text") return { header: { type: "TEXT", text: header.text } };
  return {
    header: {
      type: header.type.toUpperCase(),
      mediaUrl: mediaUrl(header.media, `${header.type} headers`),
      ...(header.type === "document" && header.media.filename !== undefined ? { filename: header.media.filename } : {}),
    },
  };
}

function listContent(m: MessageOf<"list">): Record<string, unknown> {
  return {
    body: { text: m.body },
    action: {
      title: m.button,
      sections: m.sections.map((s) => ({
        ...(s.title === undefined ? {} : { title: s.title }),
        rows: s.rows.map((r) => ({
          id: r.id,
          title: r.title,
          ...(r.description === undefined ? {} : { description: r.description }),
        })),
      })),
    },
    ...headerOf(m.header),
    ...footerOf(m.footer),
  };
}

/** A contact card in Infobip's camelCase shape (`formattedName`, `firstName`, `countryCode`, `waId`). */
function contactOf(c: Contact): Record<string, unknown> {
  const n = c.name;
  const upper = (type: string | undefined) => (type === undefined ? {} : { type: type.toUpperCase() });
  return drop({
    name: drop({
      // Infobip requires firstName; a card with a formatted name only sends that as the first name.
      firstName: n.first_name ?? n.formatted_name,
      lastName: n.last_name,
      middleName: n.middle_name,
      namePrefix: n.prefix,
      nameSuffix: n.suffix,
      formattedName: n.formatted_name,
    }),
    phones: c.phones?.map((p) => drop({ phone: p.phone, ...upper(p.type), waId: p.wa_id })),
    emails: c.emails?.map((e) => drop({ email: e.email, ...upper(e.type) })),
    urls: c.urls?.map((u) => drop({ url: u.url, ...upper(u.type) })),
    addresses: c.addresses?.map((a) =>
      drop({
        street: a.street,
        city: a.city,
        state: a.state,
        zip: a.zip,
        country: a.country,
        countryCode: a.country_code,
        ...upper(a.type),
      }),
    ),
    org: c.org && drop({ ...c.org }),
    birthday: c.birthday,
  });
}

/** The object without its `undefined` fields. */
function drop(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

const TEXT_HINT =
  'Infobip takes template placeholders as plain strings: pass the formatted value as text, e.g. "€12.50".';

/**
 * A template's `content`: `{templateName, templateData: {body: {placeholders}, header?, buttons?}, language}`.
 * Placeholders are positional strings; a header is one `TEXT` placeholder or one media file by
 * URL; button parameters follow the template's button order (`QUICK_REPLY` payload, `URL` suffix).
 */
export function templateContent(m: MessageOf<"template">): Record<string, unknown> {
  const t = m.template;
  refuseNamedVariables(
    NAME,
    t,
    "Infobip templates take positional placeholders: pass them as params, in the template's order.",
  );
  const data: Record<string, unknown> = { body: { placeholders: (t.body ?? []).map(placeholder) } };
  if (t.header !== undefined && t.header.length > 0) {
    if (t.header.length > 1)
      throw new UnsupportedError(NAME, "several template header parameters", "A WhatsApp template header has one.");
    data.header = templateHeader(t.header[0]!);
  }
  if (t.buttons !== undefined && t.buttons.length > 0)
    data.buttons = [...t.buttons].sort((a, b) => a.index - b.index).map(templateButton);
  return { templateName: t.name, templateData: data, language: t.language };
}

function placeholder(p: TemplateParam): string {
  if (p.type === "text") return p.text;
  throw new UnsupportedError(NAME, `${p.type} template parameters`, TEXT_HINT);
}

function templateHeader(p: TemplateParam): Record<string, unknown> {
  if (p.type === "text") return { type: "TEXT", placeholder: p.text };
  if (p.type === "image" || p.type === "video")
    return { type: p.type.toUpperCase(), mediaUrl: mediaUrl(p.media, "template headers") };
  if (p.type === "document") {
    if (p.media.filename === undefined)
      throw new UnsupportedError(
        NAME,
        "template document headers without a file name",
        "Infobip requires the document's filename: pass { url, filename }.",
      );
    return { type: "DOCUMENT", mediaUrl: mediaUrl(p.media, "template headers"), filename: p.media.filename };
  }
  throw new UnsupportedError(NAME, `${p.type} template parameters`, TEXT_HINT);
}

function templateButton(b: TemplateButton): Record<string, unknown> {
  if (b.type === "url") return { type: "URL", parameter: b.text };
  if (b.type === "quickReply" && typeof b.payload === "string") return { type: "QUICK_REPLY", parameter: b.payload };
  const what = b.type === "quickReply" ? "yes/no (boolean) quick-reply template buttons" : `${b.type} template buttons`;
  throw new UnsupportedError(
    NAME,
    what,
    "Infobip's template buttons take a quick-reply payload or a URL suffix: pass the payload as a string.",
  );
}
