/**
 * How Bik webhook requests are authenticated.
 * @module
 */
import { SHARED_SECRET, type WebhookSigning } from "../../inbound/signing.ts";

/** Bik documents no signature: a shared secret, in Basic auth by default. @internal */
export const signing: WebhookSigning = { secretHint: SHARED_SECRET, auth: "basic" };
