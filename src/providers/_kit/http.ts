/**
 * The HTTP pieces providers share: a JSON or form `POST` described as data, and the sentences their
 * error parsers end with. Used by the built-in providers and exported by `wafluent/provider-kit`.
 * @module
 */
import { setOwn } from "../../core/json.ts";
import type { Json } from "../../core/message.ts";
import { describeBody, type HttpRequest } from "../../send/provider.ts";

/**
 * A JSON `POST` request as data (no I/O): the headers are copied, the transport serialises `body`.
 * @example postJson("https://api.example.com/send", { authorization: `Bearer ${key}` }, { to, text })
 * @internal
 */
export function postJson(url: string, headers: Record<string, string>, body: Record<string, unknown>): HttpRequest {
  return { url, method: "POST", headers: { ...headers }, body: body as Json };
}

/**
 * A form-encoded `POST` request as data (no I/O): the headers are copied, the transport encodes
 * `body` as `application/x-www-form-urlencoded` and sets that content type. Values are strings,
 * numbers or booleans; an array is one field per item (a repeated key, e.g. `MediaUrl`).
 * @example postForm("https://api.example.com/send", { authorization: `Basic ${token}` }, { To: to, Body: text })
 * @internal
 */
export function postForm(
  url: string,
  headers: Record<string, string>,
  body: Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>,
): HttpRequest {
  const fields: Record<string, Json> = {};
  for (const [name, value] of Object.entries(body))
    if (value !== undefined) setOwn(fields, name, Array.isArray(value) ? [...value] : value);
  return { url, method: "POST", headers: { ...headers }, body: fields, encoding: "form" };
}

/**
 * Ends a provider's message with punctuation, so a hint can follow it.
 * @example sentence("Invalid key") // "Invalid key."
 * @internal
 */
export const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The message of an error answer that carried no readable message: `fallback` and what the body
 * was, described without echoing it whole.
 * @example unreadable(answer.body, "Bik refused the message") // "Bik refused the message: " + describeBody(answer.body) + "."
 * @internal
 */
export const unreadable = (body: unknown, fallback: string): string => `${fallback}: ${describeBody(body)}.`;
