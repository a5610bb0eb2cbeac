/**
 * How Kaleyra webhook requests are authenticated.
 * @module
 */
import { SHARED_SECRET, type WebhookSigning } from "../../inbound/signing.ts";

/** Kaleyra documents no signature: a shared secret. @internal */
export const signing: WebhookSigning = { secretHint: SHARED_SECRET };
