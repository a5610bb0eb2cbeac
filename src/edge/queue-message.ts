/**
 * The body of one queued message (`{ v: 1, key, message, at }`), Cloudflare Queues' limits, and
 * the idempotency key that names a message: what `enqueue` writes and the consumer reads.
 * @module
 */
import { isWaError, WaError } from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import { kindOf } from "../send/config.ts";
import { parseJson } from "../core/json.ts";

/** Cloudflare Queues limits: messages per `sendBatch`. */
export const QUEUE_BATCH_MESSAGES = 100;
/** Cloudflare Queues limits: bytes per `sendBatch` (256 KB). */
export const QUEUE_BATCH_BYTES = 256 * 1024;
/** Cloudflare Queues limits: bytes per message (128 KB). */
export const QUEUE_MESSAGE_BYTES = 128 * 1024;
// Cloudflare Queues limits: the longest `delaySeconds` of a retry, 12 hours (the limit that has
// long been documented; later docs raise it to 24 h, and 12 h is valid under both).
/** @internal */
export const QUEUE_MAX_DELAY_SECONDS = 43_200;

/** The JSON body of one queued message. */
export interface QueuedMessage {
  /** Body format version. */
  v: 1;
  /** Idempotency key: SHA-256 (hex) of the canonical JSON of the message and the salt. */
  key: string;
  /** The validated neutral message. */
  message: Message;
  /** Enqueue time, ms since the epoch. */
  at: number;
  /** The business number to send from: a key of the consumer's `numbers` (see `enqueue(…, { number })`). */
  number?: string;
}

/** UTF-8, for hashing a message and measuring a queued body. @internal */
export const encoder = /* @__PURE__ */ new TextEncoder();

/** Deeper than any valid message (validation stops JSON values at 16 levels). */
const CANONICAL_DEPTH = 64;
/** More values than a message that fits a queue (128 KB) can hold. */
const CANONICAL_VALUES = 1_000_000;

/**
 * JSON with object keys sorted, so equal messages give equal text. Values JSON cannot hold (a
 * bigint, a symbol, a function, a cycle, nesting deeper than 64 levels, more than a million
 * values, a getter or Proxy that throws) are refused.
 * @throws {WaError} `VALIDATION` naming `where` and what was found.
 * @internal
 */
export function canonicalJson(value: unknown, where = "idempotencyKey(message)"): string {
  const path: object[] = [];
  let budget = CANONICAL_VALUES;
  const walk = (x: unknown): string => {
    if (--budget < 0)
      throw notJson(where, `more than ${CANONICAL_VALUES} values (an object referred to many times counts each time)`);
    if (x === null || typeof x === "string" || typeof x === "number" || typeof x === "boolean")
      return JSON.stringify(x);
    if (x === undefined) return "null";
    if (typeof x !== "object") throw notJson(where, `a ${typeof x}`);
    if (path.length >= CANONICAL_DEPTH) throw notJson(where, `nesting deeper than ${CANONICAL_DEPTH} levels`);
    if (path.includes(x)) throw notJson(where, "a cycle (an object that contains itself)");
    path.push(x);
    let out: string;
    try {
      if (Array.isArray(x)) out = `[${x.map(walk).join(",")}]`;
      else {
        const o = x as Record<string, unknown>;
        const keys = Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort();
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk(o[k])}`).join(",")}}`;
      }
    } catch (e) {
      throw isWaError(e) ? e : notJson(where, "a value that threw when read (a getter or a Proxy)");
    }
    path.pop();
    return out;
  };
  return walk(value);
}

function notJson(where: string, found: string): WaError {
  return new WaError(
    "VALIDATION",
    `${where} takes a message as plain JSON data (objects, arrays, strings, numbers, booleans, null); it holds ${found}. Pass outgoing.message, or a message checked with validateMessage().`,
  );
}

/**
 * The idempotency key of a message: SHA-256 (WebCrypto, hex) of the canonical JSON of
 * `{ salt, message }`. Stable across runtimes and key order; differs per recipient because `to`
 * is part of the message.
 * @throws {WaError} `VALIDATION` (a rejection) when `message` is not JSON data (a bigint, a cycle,
 *   nesting deeper than 64 levels, a getter that throws); `CONFIG` when `salt` is not a string.
 * @example const key = await idempotencyKey(out.message, "campaign-42");
 */
export async function idempotencyKey(message: Message, salt = ""): Promise<string> {
  if (typeof salt !== "string")
    throw new WaError("CONFIG", `idempotencyKey(message, salt): \`salt\` must be a string; received ${kindOf(salt)}.`);
  const data = encoder.encode(canonicalJson({ salt, message }));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const b of hash) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** The queued body as written by `enqueue`, or why it is not one. @internal */
export function parseBody(body: unknown): QueuedMessage | WaError {
  const b = typeof body === "string" ? parseJson(body, undefined) : body;
  if (
    typeof b !== "object" ||
    b === null ||
    (b as QueuedMessage).v !== 1 ||
    typeof (b as QueuedMessage).key !== "string"
  )
    return new WaError(
      "VALIDATION",
      "The queued body is not a wafluent message ({ v: 1, key, message }); enqueue it with enqueue().",
    );
  return b as QueuedMessage;
}
