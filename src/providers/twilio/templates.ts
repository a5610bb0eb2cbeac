/**
 * Twilio's Content templates with their WhatsApp approval
 * (`GET https://content.twilio.com/v1/ContentAndApprovals`, following `meta.next_page_url`) read
 * into definitions. Only the `wafluent/cli` entry imports it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { definition, placeholders } from "../../send/templates/definition.ts";
import type { TemplateButtonDefinition, TemplateDefinition } from "../../send/templates/model.ts";
import { isObj, type ListingPage, str, templateSource, type TemplateSource } from "../../send/templates/listing.ts";

type Obj = Record<string, any>;

/** The content types a WhatsApp template is read from, in the order they are looked for. */
const TYPES = ["twilio/call-to-action", "twilio/quick-reply", "twilio/media", "twilio/text"] as const;

/** One page: `{ contents, meta: { next_page_url } }`. */
const twilioPage = (body: unknown): ListingPage => {
  const contents = isObj(body) ? body.contents : undefined;
  if (!Array.isArray(contents))
    throw new WaError("PROVIDER_ERROR", "twilio answered a ContentAndApprovals page without a `contents` list.");
  const next = isObj(body) && isObj(body.meta) ? str(body.meta.next_page_url) : undefined;
  return { items: contents, next };
};

/** A call-to-action or quick-reply action as a button. */
function button(where: string, a: unknown, i: number): TemplateButtonDefinition {
  const o = isObj(a) ? a : {};
  const text = str(o.title) ?? "";
  if (o.type === "URL") return { type: "url", text, url: str(o.url) ?? "" };
  if (o.type === "PHONE_NUMBER") return { type: "phone", text, phone: str(o.phone) ?? "" };
  if (o.type === undefined || o.type === "QUICK_REPLY") return { type: "quickReply", text };
  throw new WaError(
    "UNSUPPORTED",
    `${where}: action ${i} has type ${JSON.stringify(o.type)}; wafluent reads URL, PHONE_NUMBER and quick replies.`,
  );
}

/**
 * The definition of one Content resource: its `twilio/call-to-action`, `twilio/quick-reply`,
 * `twilio/media` or `twilio/text` type (the body, the actions as buttons), the approval's
 * category and status, the Content SID as its name (what `wa.template("HX…", …)` sends).
 * Every value goes through ContentVariables on Twilio, so a placeholder outside the body (a media
 * URL, a button's URL) is refused: the definition could not check it.
 * @throws {WaError} `UNSUPPORTED` for another content type or such a placeholder.
 */
function fromTwilio(c: Obj, sid: string, language: string): TemplateDefinition {
  const where = `\`${str(c.friendly_name) ?? sid}\` (${language})`;
  const types = isObj(c.types) ? c.types : {};
  const type = TYPES.find((t) => isObj(types[t]));
  if (!type)
    throw new WaError(
      "UNSUPPORTED",
      `${where}: its content types (${Object.keys(types).join(", ") || "none"}) are none wafluent reads (${TYPES.join(", ")}).`,
    );
  const t = types[type] as Obj;
  const text = str(t.body) ?? "";
  const buttons = (Array.isArray(t.actions) ? t.actions : []).map((a, i) => button(where, a, i));
  const outside = [
    ...(Array.isArray(t.media) ? t.media.filter((m): m is string => typeof m === "string") : []),
    ...buttons.map((b) => (b.type === "url" ? b.url : "")),
  ].flatMap(placeholders);
  if (outside.length > 0)
    throw new WaError(
      "UNSUPPORTED",
      `${where}: its placeholder {{${outside[0]}}} is outside the body (a media or button URL); describe it with defineTemplates() instead.`,
    );
  const params = placeholders(text);
  const approval = isObj(c.approval_requests) ? c.approval_requests : {};
  return definition(sid, language, {
    category: (str(approval.category) ?? "").toUpperCase(),
    status: (str(approval.status) ?? "unsubmitted").toUpperCase(),
    parameterFormat: params.every((p) => /^[0-9]+$/.test(p)) ? "positional" : "named",
    body: { text, params },
    ...(buttons.length ? { buttons } : {}),
    ids: { twilio: sid, ...(str(c.friendly_name) ? { friendlyName: str(c.friendly_name)! } : {}) },
  });
}

/**
 * Twilio as a template source: `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` (HTTP Basic, as every
 * Twilio API). Each template is filed under its Content SID, with its friendly name in `ids`.
 * @example
 * const { definitions } = await twilioTemplates.pull({ accountSid, authToken }, {});
 */
export const twilioTemplates: TemplateSource = templateSource({
  provider: "twilio",
  label: "twilio",
  credentials: [
    { key: "accountSid", env: "TWILIO_ACCOUNT_SID", shape: /^AC[0-9a-fA-F]{32}$/, what: "AC and 32 hex digits" },
    {
      key: "authToken",
      env: "TWILIO_AUTH_TOKEN",
      secret: true,
      shape: /^[\x21-\x7e]+$/,
      what: "the account's auth token",
    },
  ],
  auth: ({ accountSid, authToken }) => ({ authorization: `Basic ${btoa(`${accountSid}:${authToken}`)}` }),
  refused: ["auth token", "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"],
  baseUrl: "https://content.twilio.com",
  first: () => "/v1/ContentAndApprovals?PageSize=100",
  page: twilioPage,
  templates: (c) => {
    const sid = str(c.sid) ?? "";
    const language = str(c.language) ?? "";
    const approval = isObj(c.approval_requests) ? str(c.approval_requests.status) : undefined;
    return {
      name: sid,
      language,
      status: (approval ?? "unsubmitted").toUpperCase(),
      read: () => fromTwilio(c, sid, language),
    };
  },
});
