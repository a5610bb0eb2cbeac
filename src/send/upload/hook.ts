/**
 * The send path of a message holding bytes (`withMedia()`, `wafluent/media`): the builder hands
 * each file over before validation ({@link MediaHook.hold}) and gets it back in the validated
 * message; at send, each file is checked before any I/O, uploaded once through the provider's
 * own media API (a bulk send of one file uploads it once, for every recipient), then the
 * message goes out with the provider's id or URL in place of the bytes. `compile()` shows the
 * same plan with no I/O. Nothing here reaches a client that was not given `withMedia()`.
 * @module
 */
import { type Issue, UnsupportedError, WaError } from "../../core/errors.ts";
import { isObj } from "../../core/json.ts";
import type { Media, MediaBytes, Message } from "../../core/message.ts";
import type { HttpRequest, MediaHook, Provider, ProviderAnswer, SendResult, UploadResult } from "../provider.ts";
import { type FoundFile, fileIssues, type MediaKind, plannedFile, type ReadyFile, readyFile } from "./checks.ts";
import { useMultipart } from "./multipart.ts";

export type { MediaKind, ReadyFile } from "./checks.ts";

/** Sends one request of an upload through the client's transport (retries, timeouts, redaction). */
export type UploadRequest = (request: HttpRequest) => Promise<ProviderAnswer>;

/**
 * How a provider uploads a file, from its documentation: its first request (what `compile()`
 * lists) and the whole upload, which resolves to the id or URL a send takes instead of bytes.
 * `send` is the provider's compiled send of the message (its URL and credentials).
 * @internal
 */
export interface Uploader {
  /** What the send refers to the upload by: the provider's media `id`, or a `url`. */
  readonly ref: "id" | "url";
  /** The upload's first request, pure. `message` is the message the file belongs to. */
  first(file: ReadyFile, send: HttpRequest, message: Message): HttpRequest;
  /** Uploads `file` (`first`, then any further request) and resolves to the id or URL. */
  upload(file: ReadyFile, send: HttpRequest, request: UploadRequest, message: Message): Promise<string>;
}

/** The kinds a header or a template media parameter can be. */
const HEADER_KINDS: readonly unknown[] = ["image", "video", "document"];

/**
 * Calls `fn` on each media value of `m` (a message, or a draft's input before validation, whose
 * values may be anything) with its path and kind, and puts what `fn` returns in its place: a
 * media kind's list, a header's media, a template's media parameters. The lists and objects on
 * the way are replaced by copies (a draft's input shares objects with the draft, which must not
 * change); `m` itself is changed.
 */
export function visit(m: Record<string, any>, fn: (media: unknown, path: string, kind: MediaKind) => unknown): void {
  if (Array.isArray(m.media)) m.media = m.media.map((x: unknown, i: number) => fn(x, `media[${i}]`, m.type));
  const h = m.header;
  if (isObj(h) && HEADER_KINDS.includes(h.type)) m.header = { ...h, media: fn(h.media, "header.media", h.type) };
  const t = m.template;
  if (m.type !== "template" || !isObj(t)) return;
  const copy = (m.template = { ...t });
  for (const part of ["header", "body"]) {
    const params = t[part];
    if (!Array.isArray(params)) continue;
    copy[part] = params.map((p: unknown, i: number) =>
      isObj(p) && HEADER_KINDS.includes(p.type)
        ? { ...p, media: fn(p.media, `template.${part}[${i}].media`, p.type) }
        : p,
    );
  }
}

/** Whether `x` is bytes: a Blob (File), Uint8Array, ArrayBuffer or ReadableStream. */
const isBytes = (x: unknown): x is MediaBytes =>
  x instanceof Blob || x instanceof Uint8Array || x instanceof ArrayBuffer || x instanceof ReadableStream;

/** The files of a validated message, in order, with where each is. @internal */
export function filesOf(m: Message): FoundFile[] {
  const out: FoundFile[] = [];
  visit({ ...m }, (x, path, kind) => {
    if ((x as Media | undefined)?.file !== undefined) out.push({ path, kind, media: x as Media });
    return x;
  });
  return out;
}

/** `m` with its files replaced, in order, by `media`. @internal */
export function replaced(m: Message, media: readonly Media[]): Message {
  const copy = { ...m };
  let k = 0;
  visit(copy, (x) => ((x as Media | undefined)?.file !== undefined ? media[k++] : x));
  return copy;
}

/** The media that stands for an upload: the bytes' fields out, the reference and the type in. @internal */
export function swapped(media: Media, file: ReadyFile, kind: MediaKind, ref: "id" | "url", value: string): Media {
  const { file: _, size: __, ...rest } = media;
  const out: Media = { ...rest, [ref]: value, contentType: file.type };
  if (kind === "document") out.filename = file.filename;
  return out;
}

/** The media id a file stands in for while the rest of its media object is validated, and in `compile()`. */
export const UPLOAD_ID = (k: number): string => `upload:${k}`;

/**
 * The reference of the n-th upload before it is made (`compile()`, and the send compiled for
 * the upload's URL and keys): `upload:<n>` as an id, `https://upload.invalid/<n>` as a URL (a
 * provider such as Bird checks its URLs; `.invalid` never resolves).
 */
const pending = (ref: "id" | "url", k: number): string => (ref === "id" ? UPLOAD_ID(k) : `https://upload.invalid/${k}`);

/**
 * {@link MediaHook.hold}: takes each file out of a draft's input (bytes, or `{ file, type?,
 * size?, … }`), leaving a media id `upload:<n>` for validation to check the rest of its media
 * object, and returns the issues found without reading the files and `back`, which puts them
 * into the validated message. `undefined` when the input holds no bytes.
 * @internal
 */
export function holdFiles(input: Record<string, unknown>): ReturnType<MediaHook["hold"]> {
  const files: FoundFile[] = [];
  const extras: Media[] = [];
  visit(input, (x, path, kind) => {
    const media = isBytes(x) ? { file: x } : isObj(x) && x.file !== undefined ? (x as Record<string, any>) : undefined;
    if (!media) return x;
    const { file, size, type, ...rest } = media;
    const own: Media = { file };
    if (size !== undefined) own.size = size;
    if (type !== undefined) own.contentType = type;
    files.push({ path, kind, media: { ...rest, ...own } });
    extras.push(own);
    return { ...rest, id: UPLOAD_ID(files.length - 1) }; // validated as a media id meanwhile
  });
  if (files.length === 0) return undefined;
  const issues: Issue[] = fileIssues(files);
  return {
    issues,
    back(message) {
      let k = 0;
      const copy = { ...message };
      visit(copy, (x) => {
        const m = x as Media;
        if (m?.id !== UPLOAD_ID(k)) return x;
        const { id: _, ...checked } = m;
        return { ...checked, ...extras[k++] };
      });
      return copy;
    },
  };
}

/** The form field of a message posted with its files by `proxy()`, and the name of its n-th file part. */
export const MESSAGE_FIELD = "message";
/** The name of the n-th file part `proxy()` posts (`file0`, `file1`, …). @internal */
export const FILE_FIELD = (k: number): string => `file${k}`;
/**
 * The form field by which `proxy()` asks only for the uploads (value `"upload"`): the handler
 * uploads the files and answers `{ uploads }`, and each send then names them by id or URL.
 * @internal
 */
export const INTENT_FIELD = "intent";

/**
 * {@link MediaHook.unpack}: the message `proxy()` posted as `multipart/form-data` (a `message`
 * field holding the neutral message as JSON, each file as `{ id: "upload:<n>" }`, and the
 * files as parts `file0`, `file1`, …, and `intent: "upload"` when only the uploads are asked
 * for), as a draft's input: each placeholder becomes `{ …, file }` with its part, for
 * {@link holdFiles} and validation.
 * @throws {WaError} `VALIDATION`-free: a `WaError` (`PROVIDER_ERROR`) naming what is missing or malformed.
 * @internal
 */
async function unpack(body: Uint8Array, contentType: string): Promise<{ input: unknown; uploadOnly: boolean }> {
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new WaError("PROVIDER_ERROR", "The multipart body could not be read; post it with proxy() and withMedia().");
  }
  const text = form.get(MESSAGE_FIELD);
  let input: unknown;
  try {
    input = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    // reported below
  }
  if (!isObj(input))
    throw new WaError(
      "PROVIDER_ERROR",
      `The multipart body has no \`${MESSAGE_FIELD}\` field holding the message as JSON; post it with proxy() and withMedia().`,
    );
  visit(input, (x) => {
    const k = isObj(x) && typeof x.id === "string" ? /^upload:(\d{1,4})$/.exec(x.id)?.[1] : undefined;
    if (k === undefined) return x;
    const name = FILE_FIELD(Number(k));
    const { id, ...rest } = x as Record<string, unknown>;
    const part = form.get(name);
    if (!(part instanceof Blob))
      throw new WaError(
        "PROVIDER_ERROR",
        `The multipart body has no file part \`${name}\` for ${id}; post it with proxy() and withMedia().`,
      );
    return { ...rest, file: part };
  });
  return { input, uploadOnly: form.get(INTENT_FIELD) === "upload" };
}

/**
 * The media hook of `provider` with `uploader` (or, for a provider with no documented upload,
 * the hint of its `UnsupportedError`: send a link instead). One hook remembers the upload of
 * each file object it was given (a `Blob`, `Uint8Array`, `ArrayBuffer` or stream, by identity)
 * while that object lives; an upload that failed is forgotten, so a later send tries again.
 * @internal
 */
export function mediaHook(provider: Provider, uploader: Uploader | string): MediaHook {
  useMultipart();
  const done = new WeakMap<object, Promise<[string, ReadyFile]>>();
  const able = (): Uploader => {
    if (typeof uploader === "string") throw new UnsupportedError(provider.name, "media from bytes", uploader);
    return uploader;
  };
  return {
    hold: holdFiles,
    unpack,
    plan(message) {
      const files = filesOf(message);
      if (files.length === 0) return provider.compile(message);
      const up = able();
      const ready = files.map(plannedFile);
      const send = provider.compile(
        replaced(
          message,
          files.map((f, i) => swapped(f.media, ready[i]!, f.kind, up.ref, pending(up.ref, i))),
        ),
      );
      return { ...send, uploads: ready.map((file) => up.first(file, send, message)) };
    },
    async upload(client, message, transport, options) {
      const files = filesOf(message);
      if (files.length === 0) return { message, uploads: [] };
      const request: UploadRequest = (r) => transport.request(client, r, options);
      const up = able();
      // The provider's send with each file as its pending reference: the upload's URL and keys.
      const base = provider.compile(
        replaced(
          message,
          files.map((f, i) => {
            const { file: _, size: __, ...rest } = f.media;
            return { ...rest, [up.ref]: pending(up.ref, i) };
          }),
        ),
      );
      const uploads: UploadResult[] = [];
      const media = await Promise.all(
        files.map(async (found, i) => {
          const source = found.media.file as object;
          let pending = done.get(source);
          const reused = pending !== undefined;
          if (!pending) {
            const started = readyFile(found).then(
              async (file) => [await up.upload(file, base, request, message), file] as [string, ReadyFile],
            );
            done.set(source, (pending = started));
            started.catch(() => {
              if (done.get(source) === started) done.delete(source);
            });
          }
          const [value, file] = await pending;
          uploads[i] = {
            path: found.path,
            bytes: file.blob.size,
            media: (up.ref === "id" ? { id: value } : { url: value }) as UploadResult["media"],
            reused,
          };
          return swapped(found.media, file, found.kind, up.ref, value);
        }),
      );
      return { message: replaced(message, media), uploads };
    },
    async send(client, message, transport, options): Promise<SendResult> {
      if (filesOf(message).length === 0) return transport.send(client, message, options);
      const ready = await this.upload(client, message, transport, options);
      return { ...(await transport.send(client, ready.message, options)), uploads: ready.uploads };
    },
  };
}
