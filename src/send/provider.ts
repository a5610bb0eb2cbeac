/**
 * The contract between the core and a provider adapter: plain functions, no classes.
 * The core never imports a provider; a provider imports only types and helpers from here.
 * @module
 */
import { type Issue, isWaError, type ProviderErrorInfo, ValidationError, type WaError } from "../core/errors.ts";
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
 * its own `content-type`), `"form"` (`application/x-www-form-urlencoded`, which the transport
 * sets: a flat object of strings, numbers, booleans or arrays of them, an array being one field
 * per item, e.g. Twilio's `MediaUrl`) or `"multipart"` (`multipart/form-data`, a media upload:
 * `body`'s flat text fields in order, then {@link HttpRequest.files}, built by `FormData` on
 * every attempt; fetch sets the content type with its boundary, so the request sets none).
 */
export type BodyEncoding = "json" | "form" | "multipart";

/** A file part of a multipart request: the bytes and the file name sent with them. */
export interface FilePart {
  /** The bytes, with their MIME type as `blob.type`. */
  blob: Blob;
  /** The part's file name (a Blob without one would go out as "blob", which some APIs refuse). */
  filename: string;
}

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
  /** How `body` is sent: `"json"` when absent, `"form"` or `"multipart"` (see {@link BodyEncoding}). */
  encoding?: BodyEncoding;
  /** The file parts of a `"multipart"` request, by field name, sent after `body`'s fields. */
  files?: Record<string, FilePart>;
  /**
   * The uploads a message holding bytes needs before this request (see docs/media.md): what
   * `compile()` returns for it. Each media file of the message appears in this request as the
   * reference `upload:<n>` (the n-th upload, from 0) until the upload gives the provider's own.
   */
  uploads?: HttpRequest[];
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
  /** The uploads this send made or reused first, when the message held bytes (docs/media.md). */
  uploads?: UploadResult[];
}

/** One file of a message holding bytes, as uploaded before the send. */
export interface UploadResult {
  /** Where the file was in the message, e.g. `media[0]` or `template.header[0].media`. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** What the send used instead of the bytes: the provider's media id, or its URL. */
  media: { id: string } | { url: string };
  /** `true` when an earlier send of the same file (a bulk send) had uploaded it already. */
  reused: boolean;
}

/** The part of the client's transport a {@link MediaHook} sends with (options passed through). */
export interface MediaTransport<O> {
  send(provider: Provider, message: Message, options: O): Promise<SendResult>;
  request(provider: Provider, request: HttpRequest, options: O): Promise<ProviderAnswer>;
}

/**
 * A provider's handling of messages that hold bytes, from `withMedia()` (`wafluent/media`):
 * kept out of the provider itself, so a client that sends no bytes carries none of it.
 */
export interface MediaHook {
  /**
   * Called by the builder on a draft's input before validation: takes out each file (bytes, or
   * `{ file, type?, size?, … }`), leaving a media id for validation to check the rest (caption,
   * filename), and returns the issues found without reading the files (size and declared type
   * for the kind, a document's name, a stream's size) and `back`, which puts the files into the
   * validated message. `undefined` when the input holds no bytes.
   */
  hold(input: Record<string, unknown>): { issues: Issue[]; back(message: Message): Message } | undefined;
  /**
   * Reads a message `proxy()` posted with its files (`multipart/form-data`, see docs/media.md)
   * into a draft's input for {@link MediaHook.hold}, and whether the post asks only for the
   * uploads (`uploadOnly`: a bulk send uploads once, then sends by id); `createProxyHandler` calls it.
   * @throws {WaError} when the body is not such a message.
   */
  unpack(body: Uint8Array, contentType: string): Promise<{ input: unknown; uploadOnly: boolean }>;
  /**
   * Sends `message` for `provider` (the client's, which holds this hook): with no bytes, through
   * `transport.send` as is; otherwise each file is checked against its bytes (before any I/O),
   * uploaded once through `transport.request` (an earlier upload of the same file object is
   * reused), and the message goes out through `transport.send` with the provider's id or URL
   * instead of the bytes; the result lists the uploads.
   * @throws {ValidationError} when a file's bytes are not of its declared type or its kind's.
   * @throws {UnsupportedError} when the provider has no documented upload.
   */
  send<O>(provider: Provider, message: Message, transport: MediaTransport<O>, options: O): Promise<SendResult>;
  /**
   * The upload half of {@link MediaHook.send}: uploads each file of `message` (once per file
   * object, as `send` does) and resolves the message with the provider's ids or URLs instead of
   * the bytes, and the uploads; nothing is sent. `createProxyHandler` answers a page's
   * upload-only post with it.
   * @throws {ValidationError} when a file's bytes are not of its declared type or its kind's.
   * @throws {UnsupportedError} when the provider has no documented upload.
   */
  upload<O>(
    provider: Provider,
    message: Message,
    transport: MediaTransport<O>,
    options: O,
  ): Promise<{ message: Message; uploads: UploadResult[] }>;
  /**
   * What `compile()` returns for `message` (no I/O): with bytes, the send with each file as
   * `upload:<n>` and the uploads' first requests in `uploads`.
   * @throws {ValidationError} for a ReadableStream (read only by a send).
   * @throws {UnsupportedError} when the provider has no documented upload.
   */
  plan(message: Message): HttpRequest;
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
  /**
   * Optional capability: the request of a conversation action on a received message (a read
   * receipt, a typing indicator), sent by `wa.markRead()` / `wa.typing()` through the client's
   * transport. Absent: both fail with `UnsupportedError` before any I/O.
   * @throws {UnsupportedError} for an action the provider documents no endpoint for.
   */
  act?(action: ConversationAction): ActionRequest;
  /**
   * Optional capability: fetches received media for `wa.download(media)`, as a `Response` whose
   * body streams (wafluent's providers build it with `mediaDownloader()` from a
   * {@link MediaRequest}). Absent: `download` fails with `UnsupportedError` before any I/O.
   * @throws {WaError} `VALIDATION` (no media, or over `maxBytes`), `CONFIG`, `TIMEOUT`, `NETWORK`,
   *   `ABORTED`, or a {@link ProviderError} (the provider refused, the URL expired).
   */
  download?(media: MediaRef, options: DownloadOptions | undefined, context: DownloadContext): Promise<Response>;
  /** Optional: how messages holding bytes are uploaded and sent (`withMedia()`, docs/media.md). */
  readonly media?: MediaHook;
}

/** A conversation action on a received message: what {@link Provider.act} turns into a request. */
export interface ConversationAction {
  /** `"read"` (blue ticks) or `"typing"` (a typing indicator, which marks the message read too). */
  type: "read" | "typing";
  /** The received message's id (a webhook event's `id`, e.g. `wamid.…`). */
  messageId: string;
}

/**
 * The request of a conversation action. Its 2xx answer is the acknowledgement; a relaying
 * provider (`proxy`) may read from it the provider that really sent it, with its answer.
 */
export interface ActionRequest extends HttpRequest {
  /** Reads a relayed result from the 2xx answer (`proxy`); absent: the answer is the result's `raw`. */
  read?(answer: ProviderAnswer): { provider?: string; raw?: unknown };
}

/** What a provider needs to find received media: an inbound event's `media` (its id or URL). */
export interface MediaRef {
  /** The provider's media id (Cloud API, 360dialog). */
  id?: string;
  /** The media's URL (Bird, Twilio). */
  url?: string;
  /** The declared MIME type, when the webhook gave one. */
  contentType?: string;
}

/** Options of `wa.download(media, options)`. */
export interface DownloadOptions {
  /** Most bytes accepted: 100 MiB by default. A larger declared size is refused before reading; a body that grows past it is cut with an error. */
  maxBytes?: number;
  /** Milliseconds to wait for each answer's headers (the lookup's and the media's); the client's `timeout` (30 s) by default. */
  timeout?: number;
  /** Aborts the download, the body's streaming included. */
  signal?: AbortSignal;
}

/** What the client lends a provider's download: its transport (for lookups), its `fetch` and timeout. */
export interface DownloadContext {
  /** Sends a lookup as the client sends a request: retries, timeout, redaction; resolves a 2xx answer. */
  transport: {
    request(
      provider: Provider,
      request: HttpRequest,
      options?: { signal?: AbortSignal; timeout?: number },
    ): Promise<ProviderAnswer>;
  };
  /** The client's `fetch` option, when given. */
  fetch?: typeof fetch | undefined;
  /** The client's `timeout` option, when given. */
  timeout?: number | undefined;
}

/**
 * How to fetch received media: a GET of the bytes, or (with `next`) a lookup first, sent through
 * the client's transport, whose 2xx answer `next` turns into the GET of the bytes (Cloud API:
 * `GET /{media-id}` answers a URL valid for minutes). The bytes' request is followed by hand:
 * its headers (the credential) are dropped when a redirect leaves the request's host.
 */
export interface MediaRequest extends HttpRequest {
  /**
   * Reads the lookup's answer into the request of the bytes.
   * @throws {ProviderError} when the answer holds no usable URL.
   */
  next?(answer: ProviderAnswer): HttpRequest;
}

export { describeBody, pick } from "./answer-text.ts";

/**
 * The key under which template definitions (`defineTemplates()`, wafluent/templates) carry their
 * check: `Symbol.for`, as {@link WITH_TEMPLATES}, so a client reads it without loading their code.
 * @internal
 */
export const TEMPLATE_CHECK: unique symbol = /* @__PURE__ */ Symbol.for("wafluent.templates") as never;

/**
 * The check `templates` carries when it is what `defineTemplates()` returns, else `undefined`.
 * @internal
 */
export function templateCheck(templates: unknown): ((message: unknown, strict?: boolean) => Issue[]) | undefined {
  const check =
    typeof templates === "object" && templates !== null
      ? (templates as { [TEMPLATE_CHECK]?: unknown })[TEMPLATE_CHECK]
      : undefined;
  return typeof check === "function" ? (check as (message: unknown, strict?: boolean) => Issue[]) : undefined;
}

/**
 * The key under which a provider that routes by template definitions (cloudApi's
 * `marketingMessages`) makes its own copy bound to them: `Symbol.for`, so it survives bundling twice.
 * @internal
 */
export const WITH_TEMPLATES: symbol = Symbol.for("wafluent.withTemplates");

/**
 * `provider`'s own copy bound to `templates` when it routes by them (see {@link WITH_TEMPLATES}),
 * else `provider` itself: a provider shared by several clients is never changed.
 * @throws what the provider's copy maker throws (the built-ins throw nothing)
 * @example const provider = boundToTemplates(given, templates);
 * @internal
 */
export function boundToTemplates(provider: Provider, templates: unknown): Provider {
  const make = (provider as unknown as Record<symbol, unknown>)[WITH_TEMPLATES];
  return (typeof make === "function" && (make(templates) as Provider)) || provider;
}

/**
 * Makes `provider.compile` refuse a message it cannot read with a `ValidationError` rather than a
 * foreign error: a TypeError on a field that is missing or of the wrong type, a getter or Proxy
 * that threw. Compile takes a validated message (`.to()` makes one, `validateMessage` checks one
 * from a queue); what it cannot read was not one. A valid message costs nothing more. wafluent's
 * providers call it before they are frozen; returns `provider`. `check`, when given, runs first
 * inside the same guard (`defineProvider`'s refusals of a kind and of an envelope feature).
 * @internal
 */
export function guardCompile<P extends Provider>(provider: P, check?: (message: Message) => void): P {
  const compile = provider.compile;
  provider.compile = function (this: P, message: Message): HttpRequest {
    try {
      check?.(message);
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
