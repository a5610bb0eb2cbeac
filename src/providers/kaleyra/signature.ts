/**
 * How Kaleyra webhook requests are authenticated.
 * @module
 */
import { SHARED_SECRET, type Signing } from "../../inbound/signing.ts";

/** Kaleyra documents no signature: a shared secret. @internal */
export const signing: Signing = { secret: SHARED_SECRET };
