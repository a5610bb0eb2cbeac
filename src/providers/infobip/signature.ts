/**
 * How Infobip webhook requests are authenticated.
 * @module
 */
import { SHARED_SECRET, type WebhookSigning } from "../../inbound/signing.ts";

/**
 * Infobip documents no signature on WhatsApp inbound messages and delivery reports, only an
 * authorization header you agree on with it: a shared secret (a header by default, or Basic
 * auth, or a query parameter). @internal
 */
export const signing: WebhookSigning = { secretHint: SHARED_SECRET };
