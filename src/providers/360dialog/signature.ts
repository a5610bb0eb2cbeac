/**
 * How 360dialog webhook requests are authenticated.
 * @see https://docs.360dialog.com/docs/messaging-api/api-reference/webhooks
 * @see https://docs.360dialog.com/partner/onboarding/webhook-events-and-setup/signature-validation
 * @module
 */
import { SHARED_SECRET, type WebhookSigning } from "../../inbound/signing.ts";

/**
 * A channel's messaging webhooks carry no signature, but 360dialog sends the custom headers set
 * with the webhook URL: a shared secret, in a header by default (`x-webhook-secret`). Only the
 * partner webhook is signed (`x-360dialog-signature`, HMAC-SHA256 of the body with the partner's
 * platform secret, optional): not verified here (docs/webhooks.md says so). @internal
 */
export const signing: WebhookSigning = { secretHint: SHARED_SECRET };
