/**
 * Infobip's WhatsApp templates of one sender (`GET {baseUrl}/whatsapp/2/senders/{sender}/templates`,
 * `Authorization: App <key>`) read into definitions. Only the `wafluent/cli` entry imports it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { definition, placeholders } from "../../send/templates/definition.ts";
import type { TemplateButtonDefinition, TemplateDefinition } from "../../send/templates/model.ts";
import { isObj, type ListingPage, str, templateSource, type TemplateSource } from "../../send/templates/listing.ts";

type Obj = Record<string, any>;
/** A part that is `{ text }` (version 2) or the text itself (version 1). */
const text = (x: unknown): string | undefined => str(x) ?? (isObj(x) ? str(x.text) : undefined);

/** Infobip's button types → neutral ones. */
const BUTTONS: Readonly<Record<string, TemplateButtonDefinition["type"]>> = {
  QUICK_REPLY: "quickReply",
  URL: "url",
  PHONE_NUMBER: "phone",
  COPY_CODE: "copyCode",
  OTP: "otp",
  FLOW: "flow",
};

/** One listed button. */
function button(where: string, b: unknown, i: number): TemplateButtonDefinition {
  const o = isObj(b) ? b : {};
  const type = Object.hasOwn(BUTTONS, String(o.type)) ? BUTTONS[String(o.type)] : undefined;
  const label = str(o.text) ?? "";
  switch (type) {
    case "url":
      return { type, text: label, url: str(o.url) ?? "" };
    case "phone":
      return { type, text: label, phone: str(o.phoneNumber) ?? "" };
    case "quickReply":
    case "flow":
      return { type, text: label };
    case "copyCode":
    case "otp":
      return { type };
    default:
      throw new WaError(
        "UNSUPPORTED",
        `${where}: button ${i} has type ${JSON.stringify(o.type)}; wafluent reads ${Object.keys(BUTTONS).join(", ")}.`,
      );
  }
}

/**
 * The definition of one listed template: its `structure` (header format and text, body, footer,
 * buttons), positional placeholders (Infobip sends them in order), Infobip's `id` as `ids.infobip`.
 * @throws {WaError} `UNSUPPORTED` for a carousel or a header or button wafluent does not read.
 */
function fromInfobip(t: Obj, name: string, language: string): TemplateDefinition {
  const where = `\`${name}\` (${language})`;
  const s = isObj(t.structure) ? t.structure : {};
  if (s.type !== undefined && s.type !== "TEXT" && s.type !== "MEDIA" && s.type !== "UNSUPPORTED")
    throw new WaError(
      "UNSUPPORTED",
      `${where}: its ${JSON.stringify(s.type)} structure is not one wafluent reads; describe it with defineTemplates() instead.`,
    );
  const spec: Obj = {
    category: str(t.category) ?? "",
    status: str(t.status) ?? "APPROVED",
    parameterFormat: "positional",
  };
  if (isObj(s.header)) {
    const format = String(s.header.format ?? "TEXT").toLowerCase();
    if (format === "text") {
      const h = str(s.header.text) ?? "";
      spec.header = { type: "text", text: h, params: placeholders(h) };
    } else if (format === "image" || format === "video" || format === "document" || format === "location")
      spec.header = { type: format };
    else
      throw new WaError(
        "UNSUPPORTED",
        `${where}: its header format ${JSON.stringify(s.header.format)} is not one wafluent reads.`,
      );
  }
  const body = text(s.body) ?? "";
  spec.body = { text: body, params: placeholders(body) };
  const footer = text(s.footer);
  if (footer !== undefined) spec.footer = footer;
  if (Array.isArray(s.buttons)) spec.buttons = s.buttons.map((b, i) => button(where, b, i));
  const id = str(t.id) ?? (typeof t.id === "number" ? String(t.id) : undefined);
  if (id) spec.ids = { infobip: id };
  return definition(name, language, spec);
}

/** One page: `{ templates }`, the whole listing (Infobip's answer has no paging). */
const infobipPage = (body: unknown): ListingPage => {
  const templates = isObj(body) ? body.templates : undefined;
  if (!Array.isArray(templates))
    throw new WaError("PROVIDER_ERROR", "infobip answered a template listing without a `templates` list.");
  return { items: templates };
};

/**
 * Infobip as a template source: `INFOBIP_KEY` (sent as `Authorization: App <key>`),
 * `INFOBIP_SENDER` (the registered WhatsApp number) and the account's base URL (`--base-url`, or
 * `INFOBIP_BASE_URL`, e.g. `https://xyz12.api.infobip.com`).
 * @example
 * const { definitions } = await infobipTemplates.pull({ apiKey, sender, baseUrl }, {});
 */
export const infobipTemplates: TemplateSource = templateSource({
  provider: "infobip",
  label: "infobip",
  credentials: [
    { key: "apiKey", env: "INFOBIP_KEY", secret: true, what: "an API key from Infobip's portal" },
    { key: "sender", env: "INFOBIP_SENDER", shape: /^\+?[0-9]{6,15}$/, what: "the registered WhatsApp number" },
    // Checked by the pull: --base-url may give it instead.
    {
      key: "baseUrl",
      env: "INFOBIP_BASE_URL",
      optional: true,
      what: "the account's base URL, e.g. https://xyz12.api.infobip.com",
    },
  ],
  auth: ({ apiKey }) => ({ authorization: `App ${apiKey}` }),
  refused: ["API key", "INFOBIP_KEY and the base URL of the account it belongs to"],
  baseUrl: "",
  first: ({ sender }) => `/whatsapp/2/senders/${sender.replace(/^\+/, "")}/templates`,
  page: infobipPage,
  templates: (t) => {
    const [name, language] = [String(t.name), String(t.language)];
    return { name, language, status: String(t.status), read: () => fromInfobip(t, name, language) };
  },
});
