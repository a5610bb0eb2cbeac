/**
 * Reads a request body with a size cap and a deadline: the one body reader of the fetch
 * handlers (`createProxyHandler`, `createWebhookHandler`), so neither buffers an unbounded body
 * nor waits forever for one that never ends. Also caps the provider answers the transport reads.
 * @module
 * @internal
 */
import { kindOf } from "../send/config.ts";
import { WaError } from "../core/errors.ts";

/** Why a body could not be read: over the cap, past the deadline, or a broken or already used stream. @internal */
export type BodyFailure = "tooLarge" | "timeout" | "unreadable";

/** The bytes, or why there are none. @internal */
export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: BodyFailure };

/** Default deadline for a whole request body to arrive, in milliseconds. @internal */
export const DEFAULT_BODY_TIMEOUT = 10_000;

/** setTimeout's largest delay: a larger one fires at once in every runtime. */
const MAX_TIMER = 2_147_483_647;

/**
 * Reads at most `maxBytes` bytes within `timeoutMs` milliseconds, whatever `Content-Length`
 * claims (a declared length over the cap is refused without reading). Never throws.
 * @internal
 */
export async function readBody(request: Request, maxBytes: number, timeoutMs: number): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > maxBytes) return { ok: false, reason: "tooLarge" };
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
    reader = request.body.getReader();
  } catch {
    return { ok: false, reason: "unreadable" }; // already read or locked by someone else
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failure: BodyFailure | undefined;
  try {
    for (;;) {
      const step = await Promise.race([reader.read(), deadline]);
      if (step === "timeout") {
        failure = "timeout";
        break;
      }
      if (step.done) break;
      if (!ArrayBuffer.isView(step.value)) {
        failure = "unreadable";
        break;
      }
      size += step.value.byteLength;
      if (size > maxBytes) {
        failure = "tooLarge";
        break;
      }
      chunks.push(step.value);
    }
  } catch {
    failure = "unreadable"; // the client went away, or the stream errored
  } finally {
    clearTimeout(timer);
  }
  if (failure !== undefined) {
    // Stop the sender: nothing more of this body is wanted. Not awaited: a stuck source may never settle.
    reader.cancel().catch(() => {});
    return { ok: false, reason: failure };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** The bytes as UTF-8 text, or `undefined` when they are not UTF-8. @internal */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Checks a handler's size and deadline options; `where` names the factory in the message.
 * @throws {WaError} `CONFIG` naming the option and the kind of value received.
 * @internal
 */
export function checkBodyLimits(where: string, maxBodyBytes: unknown, bodyTimeout: unknown): void {
  if (!(Number.isSafeInteger(maxBodyBytes) && (maxBodyBytes as number) > 0))
    throw new WaError(
      "CONFIG",
      `${where}: maxBodyBytes must be a positive whole number of bytes; received ${kindOf(maxBodyBytes, true)}.`,
    );
  if (!(Number.isInteger(bodyTimeout) && (bodyTimeout as number) > 0 && (bodyTimeout as number) <= MAX_TIMER))
    throw new WaError(
      "CONFIG",
      `${where}: bodyTimeout must be a whole number of milliseconds from 1 to ${MAX_TIMER} (default ${DEFAULT_BODY_TIMEOUT}); received ${kindOf(bodyTimeout, true)}.`,
    );
}

/** The largest provider answer wafluent reads, in bytes: 1 MiB (a provider answers with a few hundred). @internal */
export const MAX_ANSWER_BYTES = 1_048_576;

/** A success answer's body went over {@link MAX_ANSWER_BYTES}: it was not read to the end, nor parsed. @internal */
export class AnswerTooLarge extends Error {
  override name = "AnswerTooLarge";
  /** The answer's HTTP status. */
  readonly status: number;
  constructor(status: number) {
    super(`a ${status} answer's body is over ${MAX_ANSWER_BYTES} bytes`);
    this.status = status;
  }
}

/**
 * The body of `response`, at most `maxBytes` bytes, as UTF-8 text (as `response.text()` decodes
 * it), or `undefined` when more came: the rest is cancelled unread, and a declared
 * `Content-Length` over the cap is not read at all. Rejects as the stream does (an abort, a
 * dropped connection).
 * @throws nothing itself; rejects with the stream's own error.
 * @example const text = await readAnswer(response, MAX_ANSWER_BYTES); // undefined: over the cap
 * @internal
 */
export async function readAnswer(response: Response, maxBytes: number): Promise<string | undefined> {
  const body = response.body;
  if (body === null) return "";
  if (Number(response.headers.get("content-length")) > maxBytes) {
    body.cancel().catch(() => {});
    return undefined;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const step = await reader.read();
    if (step.done) break;
    size += step.value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(step.value);
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * `response` with a body that stops at `maxBytes` bytes, for whoever reads it later (ky): a
 * success's body then fails with {@link AnswerTooLarge}; an error's ends there (its start still
 * describes the error). The source is cancelled past the cap, so no more of it is pulled.
 * @throws nothing (a response that cannot be rebuilt, a 204 say, has no body and is returned as is)
 * @example const response = cappedAnswer(await fetch(url), MAX_ANSWER_BYTES);
 * @internal
 */
export function cappedAnswer(response: Response, maxBytes: number): Response {
  const body = response.body;
  if (body === null) return response;
  const ok = response.ok;
  let size = 0;
  const cap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size <= maxBytes) controller.enqueue(chunk);
      else if (ok) controller.error(new AnswerTooLarge(response.status));
      else {
        controller.enqueue(chunk.subarray(0, chunk.byteLength - (size - maxBytes)));
        controller.terminate();
      }
    },
  });
  const { status, statusText, headers, url, redirected } = response;
  let capped: Response;
  try {
    capped = new Response(body.pipeThrough(cap), { status, statusText, headers });
  } catch {
    return response; // a status no built Response may have with a body (204, 304): it has none to cap
  }
  // What the transport still reads of the original: where a fetch that followed a redirect ended.
  Object.defineProperties(capped, { url: { value: url }, redirected: { value: redirected } });
  return capped;
}
