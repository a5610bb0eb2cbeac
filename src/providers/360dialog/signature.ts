/**
 * How 360dialog webhook requests are authenticated.
 * @see https://docs.360dialog.com/docs/messaging-api/api-reference/webhooks
 * @module
 */
import { SHARED_SECRET, type Signing } from "../../inbound/signing.ts";

/**
 * 360dialog documents no signature, but sends the custom headers set with the webhook URL: a
 * shared secret, in a header by default (`x-webhook-secret`). @internal
 */
export const signing: Signing = { secret: SHARED_SECRET };
