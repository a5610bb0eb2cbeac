/**
 * Reads one item of the Cloud API's template listing (`GET /{WABA_ID}/message_templates`) into a
 * neutral {@link TemplateDefinition}.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import {
  definition,
  placeholders,
  type TemplateButtonDefinition,
  type TemplateDefinition,
  type TemplateHeaderDefinition,
} from "./definition.ts";

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);

/** Meta's button types → neutral ones. */
const BUTTON_TYPES: Readonly<Record<string, TemplateButtonDefinition["type"]>> = {
  QUICK_REPLY: "quickReply",
  URL: "url",
  PHONE_NUMBER: "phone",
  COPY_CODE: "copyCode",
  FLOW: "flow",
  CATALOG: "catalog",
  OTP: "otp",
};

/** One button of a BUTTONS component. */
function button(where: string, b: unknown, i: number): TemplateButtonDefinition {
  const type = isObj(b) ? BUTTON_TYPES[String(b.type)] : undefined;
  if (!isObj(b) || !type || !Object.hasOwn(BUTTON_TYPES, String(b.type)))
    throw new WaError(
      "UNSUPPORTED",
      `${where}: button ${i} has type ${isObj(b) ? JSON.stringify(b.type) : "(none)"}; wafluent reads ${Object.keys(BUTTON_TYPES).join(", ")}.`,
    );
  const text = str(b.text) ?? "";
  switch (type) {
    case "url":
      return { type, text, url: str(b.url) ?? "" };
    case "phone":
      return { type, text, phone: str(b.phone_number) ?? "" };
    case "flow":
      return str(b.flow_id) ? { type, text, flowId: str(b.flow_id)! } : { type, text };
    case "otp":
      return str(b.otp_type) ? { type, text, otpType: str(b.otp_type)! } : { type, text };
    case "copyCode":
      return { type, text };
    default:
      return { type, text };
  }
}

/**
 * The neutral definition of one template the Cloud API lists (an item of `data` in
 * `GET /{WABA_ID}/message_templates`): `parameter_format` (absent: positional), the HEADER,
 * BODY, FOOTER and BUTTONS components, and Meta's `id` as `ids.cloudApi`.
 * @throws {WaError} `UNSUPPORTED` when the template has a component or button wafluent does not
 *   read (a carousel, a limited-time offer); `CONFIG` when a field is malformed (the name and field).
 * @example
 * const res = await fetch(`https://graph.facebook.com/v23.0/${wabaId}/message_templates`, { headers });
 * const defs = (await res.json()).data.map(fromCloudApi);
 */
export function fromCloudApi(item: unknown): TemplateDefinition {
  if (!isObj(item) || typeof item.name !== "string" || typeof item.language !== "string")
    throw new WaError("CONFIG", "fromCloudApi(): a listed template needs `name` and `language` strings.");
  const where = `\`${item.name}\` (${item.language})`;
  const spec: Obj = {
    category: str(item.category) ?? "",
    status: str(item.status) ?? "APPROVED",
    parameterFormat: item.parameter_format === "NAMED" ? "named" : "positional",
  };
  if (typeof item.id === "string") spec.ids = { cloudApi: item.id };
  const components = Array.isArray(item.components) ? item.components : [];
  for (const c of components) {
    const type = isObj(c) ? c.type : undefined;
    if (!isObj(c)) continue;
    if (type === "HEADER") {
      const format = str(c.format) ?? "TEXT";
      const kind = format.toLowerCase();
      if (kind === "text") {
        const text = str(c.text) ?? "";
        spec.header = { type: "text", text, params: placeholders(text) } satisfies TemplateHeaderDefinition;
      } else if (kind === "image" || kind === "video" || kind === "document" || kind === "location")
        spec.header = { type: kind };
      else
        throw new WaError(
          "UNSUPPORTED",
          `${where}: its header format ${JSON.stringify(format)} is not one wafluent reads.`,
        );
    } else if (type === "BODY") {
      const text = str(c.text) ?? "";
      spec.body = { text, params: placeholders(text) };
    } else if (type === "FOOTER") {
      if (typeof c.text === "string") spec.footer = c.text;
    } else if (type === "BUTTONS") {
      spec.buttons = (Array.isArray(c.buttons) ? c.buttons : []).map((b, i) => button(where, b, i));
    } else
      throw new WaError(
        "UNSUPPORTED",
        `${where}: its ${JSON.stringify(type)} component is not one wafluent reads (HEADER, BODY, FOOTER, BUTTONS); describe it with defineTemplates() instead.`,
      );
  }
  spec.body ??= { text: "", params: [] };
  return definition(item.name, item.language, spec);
}
