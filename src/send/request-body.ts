/**
 * How the transport turns `HttpRequest.body` (data) into the bytes it sends, by the encoding the
 * request declares: JSON (the default), an HTML form (`application/x-www-form-urlencoded`) or
 * `multipart/form-data` (a media upload, built by `FormData`).
 * `compile()` returns the body as data and the encoding it declares; this is the only place that
 * serialises it, so what a test or a queue sees is what is sent.
 * @module
 */
import { WaError } from "../core/errors.ts";
import type { BodyEncoding, HttpRequest } from "./provider.ts";

/** The content type of a form-encoded body. @internal */
export const FORM_TYPE = "application/x-www-form-urlencoded";

/** What the transport sends: the serialised body and, for a form, its content type. @internal */
export interface EncodedBody {
  /** The text, or for a multipart request a fresh `FormData` (fetch writes its boundary). */
  body: string | FormData | undefined;
  /** Set when the encoding fixes the content type (a form); JSON leaves the provider's header alone. */
  contentType?: string;
}

/**
 * A form body as URLSearchParams text: each field of a flat object in its order; a string,
 * number or boolean is one `name=value`, an array one `name=value` per item (a repeated key,
 * e.g. `MediaUrl`), `null` and `undefined` are left out. Anything else (a nested object) is the
 * provider's mistake.
 * @throws {WaError} `CONFIG` naming the field when the body is not a flat object of such values.
 * @example formText("twilio", { To: "whatsapp:+31612345678", MediaUrl: ["https://a", "https://b"] })
 *   // "To=whatsapp%3A%2B31612345678&MediaUrl=https%3A%2F%2Fa&MediaUrl=https%3A%2F%2Fb"
 * @internal
 */
export function formText(provider: string, body: unknown): string {
  const bad = (field: string, what: string) =>
    new WaError(
      "CONFIG",
      `${provider}.compile() returned a form body whose ${field} is ${what}; a form body is a flat object of strings, numbers, booleans or arrays of them.`,
    );
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw bad("whole", "not an object");
  const form = new URLSearchParams();
  const one = (name: string, v: unknown) => {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") form.append(name, String(v));
    else if (v !== null && v !== undefined) throw bad(`field "${name.slice(0, 64)}"`, "an object");
  };
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) for (const item of value) one(name, item);
    else one(name, value);
  }
  return form.toString();
}

/**
 * The encoders of encodings a module brings when it is used: `withMedia()` (`wafluent/media`)
 * sets `"multipart"` (send/upload/multipart.ts), so a client that uploads nothing bundles none of it.
 * @internal
 */
export const ENCODERS: { [E in BodyEncoding]?: (provider: string, req: HttpRequest) => EncodedBody } = {};

/**
 * Serialises a compiled request's body by its declared `encoding` (`"json"` when absent).
 * @throws {WaError} `CONFIG` for an encoding wafluent does not know, or a form body it cannot encode.
 * @internal
 */
export function encodeBody(provider: string, req: HttpRequest): EncodedBody {
  const encoding = req.encoding ?? "json";
  if (encoding === "form")
    return { body: req.body === undefined ? undefined : formText(provider, req.body), contentType: FORM_TYPE };
  const own = ENCODERS[encoding];
  if (own) return own(provider, req);
  if (encoding !== "json")
    throw new WaError(
      "CONFIG",
      `${provider}.compile() returned a request with encoding ${JSON.stringify(String(encoding)).slice(0, 40)}; wafluent sends "json" (the default) or "form" ("multipart" with wafluent/media).`,
    );
  return { body: req.body === undefined ? undefined : JSON.stringify(req.body) };
}
