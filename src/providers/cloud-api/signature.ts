/**
 * Meta's webhook signature (Cloud API).
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 * @module
 */
import { fromHex, hmac, timingSafeEqual, type BodyCheck, type WebhookSigning } from "../../inbound/signing.ts";
import type { VerifyOptions } from "../../inbound/signing.ts";

/** Meta: `x-hub-signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. @internal */
export function verifyCloudApi(request: Request, o: VerifyOptions<string>): BodyCheck {
  const header = request.headers.get("x-hub-signature-256")?.trim() ?? "";
  const signature = header.startsWith("sha256=") ? fromHex(header.slice(7)) : undefined;
  if (signature?.length !== 32) return undefined;
  return async (body) => timingSafeEqual(await hmac(o.secret, body), signature);
}

/** Meta signs each request (`x-hub-signature-256`) and subscribes with a `GET` challenge. @internal */
export const signing: WebhookSigning = { verify: verifyCloudApi, secretHint: "the Meta app secret", challenge: true };
