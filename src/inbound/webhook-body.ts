/**
 * The reading half of the webhook contract: what a provider's reader is given (the raw body text
 * and the request's headers) and the small decoders it reads them with (JSON, forms). A reader
 * decodes its own body, so a provider whose body is JSON, a form or anything else is written the
 * same way, with no change to wafluent.
 * @module
 */
import { isObj, parseJson } from "../core/json.ts";
import type { WebhookEvent } from "./events.ts";

/**
 * A webhook body as a reader receives it. From `createWebhookHandler` (and from `parseWebhook`
 * given text or `URLSearchParams`): the raw text, read within the handler's size cap and deadline.
 * From `parseWebhook` given a body its caller had already decoded (parsed JSON, a form's fields as
 * an object): `text` is `undefined` and `decoded` holds it; {@link jsonReader} and
 * {@link formReader} accept both.
 */
export type WebhookBody =
  | {
      /** The body as the provider sent it, decoded from UTF-8. */
      readonly text: string;
      /** The request's headers (empty when `parseWebhook` was given no `headers`). */
      readonly headers: Headers;
    }
  | {
      readonly text: undefined;
      /** What `parseWebhook`'s caller had already decoded: parsed JSON, or a form's fields. */
      readonly decoded: unknown;
      readonly headers: Headers;
    };

/**
 * A provider's webhook reader: the events of one body, in the provider's order, or `undefined`
 * when the body is not in the provider's format at all (not JSON, not a form), which
 * `createWebhookHandler` answers with 400 and `parseWebhook` turns into one `unknown` event. Never
 * throws for a body: what it cannot read is an `unknown` event with the item as `raw`.
 */
export type WebhookReader<P extends string = string> = (body: WebhookBody) => WebhookEvent<P>[] | undefined;

/**
 * `text` parsed as JSON, or `undefined` when it is not JSON. Linear in the text (`JSON.parse`, no
 * reviver); a `"__proto__"` key is an own data property of its object, never its prototype; the
 * text's size is what its reader capped (`createWebhookHandler` reads at most `maxBodyBytes`).
 * @throws nothing
 * @example readJson('{"a":1}') // { a: 1 }; readJson("a=1") // undefined
 */
export function readJson(text: string): unknown {
  return parseJson(text, undefined);
}

/** A form's fields, as {@link readForm} gives them. */
export type FormFields = Record<string, string | string[]>;

/**
 * The fields of a form-encoded body (`application/x-www-form-urlencoded`) in a null-prototype
 * object: a key sent once is a string, a key sent more than once the array of its values in
 * order; `__proto__` is a field like any other. Linear in the text (URLSearchParams). Also takes
 * a fields object (what a framework decoded): its string values, string arrays, numbers and
 * booleans (as text) are copied, anything else is dropped.
 * @throws nothing
 * @example readForm("Body=Hi&NumMedia=0") // { Body: "Hi", NumMedia: "0" }
 */
export function readForm(form: string | URLSearchParams | Readonly<Record<string, unknown>>): FormFields {
  const out = Object.create(null) as FormFields;
  const add = (name: string, value: string) => {
    const had = out[name];
    // A null-prototype object has no `__proto__` setter: the name is an own field like any other.
    // A list is this function's own: pushed to, never copied (one pass over a repeated field).
    if (had === undefined) out[name] = value;
    else if (Array.isArray(had)) had.push(value);
    else out[name] = [had, value];
  };
  if (typeof form === "string" || form instanceof URLSearchParams)
    (typeof form === "string" ? new URLSearchParams(form) : form).forEach((value, name) => add(name, value));
  else
    for (const name of Object.keys(form))
      for (const value of ([] as unknown[]).concat(form[name]))
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
          add(name, String(value));
  return out;
}

/**
 * A reader of JSON webhooks from a reader of their parsed JSON: the text is parsed with
 * {@link readJson} (a body that is not JSON: `undefined`, so the handler answers 400), and a body
 * `parseWebhook`'s caller had parsed already is read as it is.
 * @throws nothing itself; `read` must not throw either.
 * @example const read = jsonReader((json) => isObj(json) ? events(json) : [{ type: "unknown", provider: "gateway", raw: json }]);
 */
export function jsonReader<P extends string>(
  read: (json: unknown, headers: Headers) => WebhookEvent<P>[],
): WebhookReader<P> {
  return (body) => {
    const json = body.text === undefined ? body.decoded : readJson(body.text);
    return json === undefined ? undefined : read(json, body.headers);
  };
}

/**
 * A reader of form-encoded webhooks from a reader of their fields: the text (or the
 * `URLSearchParams`, or the fields object `parseWebhook`'s caller passed) is read with
 * {@link readForm}; anything else is `undefined` (not a form).
 * @throws nothing itself; `read` must not throw either.
 * @example const read = formReader((f) => typeof f.MessageSid === "string" ? [event(f)] : [{ type: "unknown", provider: "gateway", raw: f }]);
 */
export function formReader<P extends string>(
  read: (fields: FormFields, headers: Headers) => WebhookEvent<P>[],
): WebhookReader<P> {
  return (body) => {
    const form = body.text === undefined ? body.decoded : body.text;
    return typeof form === "string" || form instanceof URLSearchParams || isObj(form)
      ? read(readForm(form), body.headers)
      : undefined;
  };
}
