/**
 * Bird's webhook signature.
 * @see https://docs.bird.com/api/notifications-api/api-reference/webhook-subscriptions/verifying-a-webhook-subscription
 * @module
 */
import {
  concat,
  DEFAULT_TOLERANCE_SECONDS,
  enc,
  fromBase64,
  hmac,
  sha256,
  timingSafeEqual,
  type BodyCheck,
  type WebhookSigning,
} from "../../inbound/signing.ts";
import type { VerifyOptions } from "../../inbound/signing.ts";

/**
 * Bird: `messagebird-signature` = base64(HMAC-SHA256(signingKey, timestamp + "\n" + url + "\n" +
 * SHA-256(raw body) as raw bytes)), with `messagebird-request-timestamp` in unix seconds.
 * @internal
 */
export function verifyBird(request: Request, o: VerifyOptions<string>): BodyCheck {
  const signature = fromBase64(request.headers.get("messagebird-signature") ?? "");
  const stamp = request.headers.get("messagebird-request-timestamp")?.trim() ?? "";
  if (signature?.length !== 32 || !/^\d{1,12}$/.test(stamp)) return undefined;
  const tolerance = o.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(Date.now() / 1000 - Number(stamp)) > tolerance) return undefined;
  const head = enc.encode(`${stamp}\n${o.url ?? request.url}\n`);
  return async (body) => timingSafeEqual(await hmac(o.secret, concat(head, await sha256(body))), signature);
}

/** Bird signs each request (`messagebird-signature`, with a timestamp). @internal */
export const signing: WebhookSigning = { verify: verifyBird, secretHint: "the webhook subscription's signingKey" };
