/**
 * Twilio's webhook signature.
 * @see https://www.twilio.com/docs/usage/webhooks/webhooks-security
 * @module
 */
import { utf8 } from "../../send/body.ts";
import { fromBase64, hmac, timingSafeEqual, type BodyCheck, type WebhookSigning } from "../../inbound/signing.ts";
import type { VerifyOptions } from "../../inbound/signing.ts";

/** Code-unit order, as Twilio's helper libraries sort names (and the values of a repeated name). */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The text Twilio signs: the full URL it called (query string included), then each POST
 * parameter's name and value, sorted by name, with no separators.
 * @example signedText("https://mycompany.com/myapp.php?foo=1&bar=2", "Digits=1234&CallSid=CA1")
 *   // "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1Digits1234"
 * @internal
 */
export function signedText(url: string, form: string): string {
  const params = [...new URLSearchParams(form)].sort(([a, x], [b, y]) => byCodeUnit(a, b) || byCodeUnit(x, y));
  let out = url;
  for (const [name, value] of params) out += name + value;
  return out;
}

/**
 * Twilio: `X-Twilio-Signature` = base64(HMAC-SHA1(Auth Token, full URL + each POST parameter's
 * name and value, sorted by name)). The URL is `o.url` when given (a proxy changed
 * `request.url`), else `request.url`. No timestamp is signed: Twilio documents none.
 * @internal
 */
export function verifyTwilio(request: Request, o: VerifyOptions<string>): BodyCheck {
  const signature = fromBase64(request.headers.get("x-twilio-signature") ?? "");
  if (signature?.length !== 20) return undefined;
  const url = o.url ?? request.url;
  return async (body) => {
    const form = utf8(body);
    return form !== undefined && timingSafeEqual(await hmac(o.secret, signedText(url, form), "SHA-1"), signature);
  };
}

/** Twilio signs each request (`X-Twilio-Signature`); its bodies are forms (its reader decodes them). @internal */
export const signing: WebhookSigning = { verify: verifyTwilio, secretHint: "the account's Auth Token" };
