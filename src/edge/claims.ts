/**
 * How the queue consumer marks a key in the dedupe store (claimed, outcome unknown, released)
 * and the errors a copy of a key gets when it is not sent again.
 * @module
 */
import { WA_ERROR_CODES, WaError, type WaErrorCode } from "../core/errors.ts";

// Marks the consumer writes to the dedupe store next to accepted keys' ids (a provider's id
// never starts with them): a send in flight, a send whose outcome is unknown (+ the error code),
// and a send the provider refused (nothing sent: the key is free again).
export const CLAIMED = "wafluent:claimed:";
export const UNKNOWN = "wafluent:unknown:";
export const RELEASED = "wafluent:released";

export function readMark(value: string | null | undefined): "free" | "claimed" | "unknown" | "id" {
  if (value === null || value === undefined || value === RELEASED) return "free";
  if (value.startsWith(CLAIMED)) return "claimed";
  return value.startsWith(UNKNOWN) ? "unknown" : "id";
}

/** A random claim token, so two claims written at once can be told apart. */
export function token(): string {
  let hex = "";
  for (const b of crypto.getRandomValues(new Uint8Array(12))) hex += b.toString(16).padStart(2, "0");
  return hex;
}

const NOT_SENT = "Not sent again, so the recipient never gets it twice; ";
const CHECK =
  "check with the provider (its dashboard or status webhooks) whether it arrived, and if not, enqueue it again with another salt.";

export function unknownInStore(key: string, value: string): WaError {
  const code = value.slice(UNKNOWN.length);
  return new WaError(
    (WA_ERROR_CODES as readonly string[]).includes(code) ? (code as WaErrorCode) : "TIMEOUT",
    `Key ${key} was sent before and its outcome is unknown (the answer was lost: a timeout, a dropped connection or a 5xx). ${NOT_SENT}${CHECK}`,
  );
}

export function claimHeld(key: string, final: boolean): WaError {
  return new WaError(
    "TIMEOUT",
    final
      ? `Key ${key} is still claimed in the dedupe store after maxAttempts deliveries: another delivery was sending it and its outcome never came (its Worker may have stopped mid-send). ${NOT_SENT}${CHECK}`
      : `Key ${key} is claimed in the dedupe store: another delivery is sending it. This one waits (retried) to share that outcome instead of sending twice.`,
  );
}

export function copyOfUnknown(key: string, error: WaError): WaError {
  return new WaError(
    error.code,
    `Another delivery of key ${key} was sent and its outcome is unknown (cause holds its error). ${NOT_SENT}${CHECK}`,
    { cause: error },
  );
}
