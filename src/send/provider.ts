/**
 * The contract between the core and a provider adapter: plain functions, no classes.
 * The core never imports a provider; a provider imports only types and helpers from here.
 * @module
 */
import { isWaError, type ProviderErrorInfo, ValidationError, type WaError } from "../core/errors.ts";
import { type Json, type Kind, KINDS, type Message } from "../core/message.ts";

/**
 * Every message kind, in the order the README table lists them; the sandbox and the proxy send
 * all of them.
 * @internal
 */
export const ALL_KINDS: readonly Kind[] = KINDS;

/**
 * A provider's support table: every kind, `true` when the provider sends it, else the hint its
 * `UnsupportedError` gives (what to send instead). Typed over every {@link Kind}, so a new kind
 * does not compile until each provider says whether it sends it.
 */
export type Support = Record<Kind, true | string>;

/**
 * The kinds a support table marks `true`, in the order of {@link KINDS}; the table's strings
 * are the hints its `UnsupportedError`s give, so `kinds`, the README table and the errors read
 * the same data.
 * @throws {TypeError} when the table leaves a kind out or gives one neither `true` nor a non-empty hint
 *   (a JavaScript caller's mistake; tsc refuses it).
 * @example
 * const SUPPORT = { ...allTrue, reaction: "Send a text instead." } satisfies Support;
 * const provider = { name: "mine", kinds: kindsOf(SUPPORT), ... };
 * @internal
 */
export const kindsOf = (support: Support): readonly Kind[] => {
  for (const k of KINDS) {
    const s = support[k];
    if (s !== true && (typeof s !== "string" || s === ""))
      throw new TypeError(
        `kindsOf(): the support table says nothing about "${k}"; give it true or the hint its UnsupportedError shows.`,
      );
  }
  return Object.freeze(KINDS.filter((k) => support[k] === true));
};

/**
 * How the transport serialises {@link HttpRequest.body}: `"json"` (the default; the provider sets
 * its own `content-type`) or `"form"` (`application/x-www-form-urlencoded`, which the transport
 * sets: a flat object of strings, numbers, booleans or arrays of them, an array being one field
 * per item, e.g. Twilio's `MediaUrl`). A union, so further encodings (multipart) can join it.
 */
export type BodyEncoding = "json" | "form";

/**
 * An HTTP request described as data: what `outgoing.compile()` returns, exactly what the
 * transport sends (it only serialises `body` by `encoding`). No I/O happened.
 */
export interface HttpRequest {
  url: string;
  method: "POST" | "GET" | "PUT" | "PATCH" | "DELETE";
  headers: Record<string, string>;
  /** The body, as data; the transport serialises it by {@link HttpRequest.encoding}. */
  body?: Json;
  /** How `body` is sent: `"json"` when absent, or `"form"` (see {@link BodyEncoding}). */
  encoding?: BodyEncoding;
}

/** Status of a message as the provider reported it on send. */
export type SendStatus = "accepted" | "sent" | "queued" | "scheduled";

/** What a successful send resolves to. */
export interface SendResult {
  /** The provider's message id (e.g. `wamid.…`). */
  id: string;
  /** Provider name, e.g. `"bird"`. */
  provider: string;
  /** What the provider said about the message. */
  status: SendStatus;
  /** The provider's answer body as received. */
  raw: unknown;
}

/** The answer a provider gave, handed to its parsers. */
export interface ProviderAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, else the text (possibly empty). */
  body: unknown;
}

/**
 * A provider adapter: compile a message to a request, read a success answer, read an error answer.
 * @example
 * const myProvider: Provider = { name: "mine", compile: (m) => ({ url, method: "POST", headers: {}, body: {...} }),
 *   parseSuccess: (a) => ({ id: a.body.id, status: "accepted" }), parseError: (a) => ({ message: String(a.body) }) };
 */
export interface Provider {
  /** Provider name used in results and errors. */
  readonly name: string;
  /** Kinds this provider can send; others fail with `UnsupportedError` before any I/O. */
  readonly kinds: readonly Kind[];
  /**
   * Turns a validated message into a request.
   * @throws {UnsupportedError} when the provider cannot express the message.
   * @throws {ValidationError} when a provider-only limit is broken.
   */
  compile(message: Message): HttpRequest;
  /**
   * Reads a 2xx answer. Providers that report failures inside a 2xx body return a
   * {@link ProviderErrorInfo} with `failed: true` instead. A relaying provider (`proxy`) may
   * also set `provider` and `raw` to report the provider that really sent the message.
   */
  parseSuccess(
    answer: ProviderAnswer,
  ):
    | (Omit<SendResult, "provider" | "raw"> & Partial<Pick<SendResult, "provider" | "raw">>)
    | (ProviderErrorInfo & { failed: true });
  /**
   * Reads a non-2xx answer into an error description. Must not throw on odd bodies. A relaying
   * provider (`proxy`) may return a ready {@link WaError} (e.g. the `ValidationError` the proxy
   * reported), which the transport throws as is.
   */
  parseError(answer: ProviderAnswer): ProviderErrorInfo | WaError;
  /**
   * Optional: deliver without HTTP (the sandbox). A provider that has it answers in-process: the
   * client calls it instead of sending `request` over the network, and loads no HTTP transport.
   * A provider without it sends over HTTP, and is wrapped with `httpProvider()` (provider kit).
   */
  deliver?(request: HttpRequest, message: Message): Promise<ProviderAnswer>;
}

/**
 * Reads a string field from an unknown JSON body without throwing.
 * @internal
 */
export function pick(body: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = body;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    try {
      cur = (cur as Record<string | number, unknown>)[k];
    } catch {
      return undefined; // a getter or Proxy that throws: nothing to read
    }
  }
  return cur;
}

/**
 * A short, safe description of an unknown error body for messages: JSON message fields first,
 * else the start of the text with HTML tags removed. Linear in the body, whatever it holds.
 * @throws nothing
 * @example describeBody("<h1>Bad Gateway</h1>") // "\"Bad Gateway\""
 * @internal
 */
export function describeBody(body: unknown): string {
  if (typeof body === "string") {
    const text = visibleText(body, 201);
    return text === "" ? "an empty body" : `"${text.slice(0, 200)}${text.length > 200 ? "…" : ""}"`;
  }
  try {
    const s = JSON.stringify(body);
    return s === undefined ? "no body" : s.slice(0, 300);
  } catch {
    return "an unreadable body";
  }
}

/** Whitespace as `\s` means it (one UTF-16 unit at a time: every `\s` character is in the BMP). */
const SPACE = /^\s$/;

/**
 * The start of `html` as text, at most `max` characters: each tag (`<` to the next `>`) becomes
 * a space, each run of whitespace one space, none at either end; a `<` with no `>` after it is
 * text. One pass: each `>` is searched for once, and a `<` with none after it ends the search
 * for good, so the time is linear in `html` (a tag-stripping regex backtracks on `<<<<…`).
 */
function visibleText(html: string, max: number): string {
  let out = "";
  let gap = false;
  let closed = true; // whether a ">" may still follow
  for (let i = 0; i < html.length && out.length < max; i++) {
    const c = html[i]!;
    if (c === "<" && closed) {
      const end = html.indexOf(">", i + 1);
      if (end !== -1) {
        gap = true;
        i = end;
        continue;
      }
      closed = false;
    }
    if (SPACE.test(c)) gap = true;
    else {
      if (gap && out !== "") out += " ";
      gap = false;
      out += c;
    }
  }
  return out.length > max ? out.slice(0, max) : out;
}

/**
 * Makes `provider.compile` refuse a message it cannot read with a `ValidationError` rather than a
 * foreign error: a TypeError on a field that is missing or of the wrong type, a getter or Proxy
 * that threw. Compile takes a validated message (`.to()` makes one, `validateMessage` checks one
 * from a queue); what it cannot read was not one. A valid message costs nothing more. wafluent's
 * providers call it before they are frozen; returns `provider`.
 * @internal
 */
export function guardCompile<P extends Provider>(provider: P): P {
  const compile = provider.compile;
  provider.compile = function (this: P, message: Message): HttpRequest {
    try {
      return compile.call(this, message);
    } catch (e) {
      if (isWaError(e)) throw e;
      throw new ValidationError([
        {
          path: "",
          message: `${provider.name}.compile(message) could not read \`message\`: it is not a validated message (a field is missing or of the wrong type, or reading it threw). Compile what \`.to()\` returns, or check the message with validateMessage() first.`,
        },
      ]);
    }
  };
  return provider;
}
