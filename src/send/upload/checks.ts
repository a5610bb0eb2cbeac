/**
 * What WhatsApp accepts as media bytes, per kind, and the checks a file passes before any I/O:
 * its type (declared, a `File`'s own, or read from its first bytes), that type against the
 * bytes' magic numbers, its size against the kind's limit, and its file name. Reached only from
 * `withMedia()` (`wafluent/media`): a client that sends no bytes bundles none of it.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types
 * @module
 */
import { type Issue, ValidationError } from "../../core/errors.ts";
import type { Media, MediaBytes } from "../../core/message.ts";

/** The media kinds a file can be sent as (a header or template parameter is an image, video or document). */
export type MediaKind = "image" | "video" | "audio" | "document" | "sticker";

const KB = 1024;
const MB = 1024 * KB;

/**
 * Per kind: the MIME types WhatsApp takes (none listed: any) and the most bytes, as `withMedia()`
 * checks a file before any I/O. Meta's "Supported media types" table; a sticker is 100 KB static,
 * 500 KB animated.
 * @throws nothing (a table of values)
 * @example
 * import { MEDIA_LIMITS } from "wafluent/media";
 * if (file.size > MEDIA_LIMITS.image.max) alert("Pick an image under 5 MB.");
 */
export const MEDIA_LIMITS: Readonly<Record<MediaKind, { types: readonly string[]; max: number }>> = {
  image: { types: ["image/jpeg", "image/png"], max: 5 * MB },
  video: { types: ["video/mp4", "video/3gpp"], max: 16 * MB },
  audio: { types: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"], max: 16 * MB },
  document: { types: [], max: 100 * MB },
  sticker: { types: ["image/webp"], max: 500 * KB },
};

/** The most bytes of a static (not animated) sticker. */
const STATIC_STICKER = 100 * KB;

/** A file of a message, checked and ready to upload. */
export interface ReadyFile {
  /** Where it is in the message, e.g. `media[0]`. */
  path: string;
  kind: MediaKind;
  /** The bytes, with `type` as their MIME type. */
  blob: Blob;
  /** Its MIME type (declared, the File's, or read from the bytes). */
  type: string;
  /** The name it is uploaded under. */
  filename: string;
  /** The bytes as given: the key under which one upload serves every send of the same file. */
  source: object;
}

/** A file as the message holds it, before its bytes are read. */
export interface FoundFile {
  path: string;
  kind: MediaKind;
  media: Media;
}

/** What {@link sniff} recognises, by MIME type: whether the first bytes are of that type. */
const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/png": (b) => ascii(b, 1, "PNG\r\n\x1a\n") && b[0] === 0x89,
  "image/webp": (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP"),
  "video/3gpp": (b) => ascii(b, 4, "ftyp3g"),
  "audio/mp4": (b) => ascii(b, 4, "ftypM4A"),
  "video/mp4": (b) => ascii(b, 4, "ftyp"),
  "audio/amr": (b) => ascii(b, 0, "#!AMR"),
  "audio/ogg": (b) => ascii(b, 0, "OggS"),
  "audio/mpeg": (b) => ascii(b, 0, "ID3") || (b[0] === 0xff && ((b[1] ?? 0) & 0xe6) === 0xe2),
  "audio/aac": (b) => b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0,
  "application/pdf": (b) => ascii(b, 0, "%PDF-"),
};

function ascii(b: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * The MIME type the first bytes show, if {@link MAGIC} knows it (an `.m4a` before a generic
 * `.mp4`, a 3GPP before either).
 * @example sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) // "image/jpeg"
 * @internal
 */
export function sniff(head: Uint8Array): string | undefined {
  for (const type in MAGIC) if (MAGIC[type]!(head)) return type;
  return undefined;
}

/** The extension of a type, for the name of a file given without one (`image.png`). */
const EXT: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/ogg": "ogg",
  "application/pdf": "pdf",
};

/** The size of bytes as given, when known without reading them (a stream's is its `size`). */
function sizeOf(file: MediaBytes, media: Media): number | undefined {
  if (file instanceof Blob) return file.size;
  if (file instanceof ReadableStream) return media.size;
  return file.byteLength;
}

const mb = (n: number) => (n >= MB ? `${+(n / MB).toFixed(1)} MB` : `${+(n / KB).toFixed(1)} KB`);

/**
 * The issues of each file that can be found without reading it: a stream without its `size`,
 * a size over the kind's limit, a declared type the kind does not take, a document with no name.
 * @internal
 */
export function fileIssues(files: readonly FoundFile[]): Issue[] {
  const issues: Issue[] = [];
  for (const { path, kind, media } of files) {
    const file = media.file!;
    const at = `${path}.file`;
    const size = sizeOf(file, media);
    const { types, max } = MEDIA_LIMITS[kind];
    if (size === undefined) {
      issues.push({
        path: `${path}.size`,
        message: `\`${path}.size\` is missing: a ReadableStream's length must be known before it is uploaded. Pass { file: stream, size: byteLength }, or a Blob.`,
      });
    } else if (size > max || size === 0) {
      issues.push({
        path: at,
        message:
          size === 0
            ? `\`${at}\` is empty (0 bytes); WhatsApp needs the file's bytes. Check that the file was read.`
            : `\`${at}\` is ${mb(size)} (${size} bytes); WhatsApp takes ${kind === "sticker" ? "stickers" : `${kind}s`} up to ${mb(max)}${kind === "sticker" ? " (animated; 100 KB static)" : ""}. ${kind === "image" ? "Resize or compress the image" : "Compress it"}, or send it as a document (up to 100 MB).`,
        limit: max,
        received: size,
      });
    }
    if (media.size !== undefined && !(Number.isInteger(media.size) && media.size > 0))
      issues.push({
        path: `${path}.size`,
        message: `\`${path}.size\` must be the stream's length, a whole number of bytes above 0. Pass { file: stream, size: byteLength }.`,
      });
    if (media.contentType !== undefined && !/^[\w.+-]+\/[\w.+-]+$/.test(String(media.contentType)))
      issues.push({
        path: `${path}.type`,
        message: `\`${path}.type\` is not a MIME type like image/png. Pass the file's type, or leave it out: wafluent reads it from the bytes.`,
      });
    const declared = declaredType(media);
    if (declared !== undefined && types.length > 0 && !types.includes(declared))
      issues.push({
        path: at,
        message: `\`${at}\` is ${declared}; WhatsApp takes ${kind === "audio" ? "audio" : `${kind}s`} as ${types.join(", ")}. Convert it, or send it as a document.`,
      });
    if (kind === "document" && media.filename === undefined && fileName(file) === undefined)
      issues.push({
        path: `${path}.filename`,
        message: `\`${path}.filename\` is missing: a document from bytes needs a file name, which WhatsApp shows (a Blob without one is sent as "blob"). Pass document({ file, filename: "invoice.pdf" }).`,
      });
  }
  return issues;
}

/** The type the caller gave: `type` (as `contentType`), else a Blob's own. */
function declaredType(media: Media): string | undefined {
  const own = media.file instanceof Blob ? media.file.type : "";
  return media.contentType ?? (own === "" ? undefined : own.split(";")[0]!.trim().toLowerCase());
}

/** A `File`'s name, if any. */
function fileName(file: MediaBytes): string | undefined {
  const name = (file as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/**
 * Reads what must be read of a file (a stream, whole, stopping past its `size`; the first
 * bytes of any other) and checks its type against the bytes: the declared type must be the one
 * the magic numbers show, and a kind with a type list must show one of its types.
 * @throws {ValidationError} naming the field, what the bytes are and the fix.
 * @internal
 */
export async function readyFile(found: FoundFile): Promise<ReadyFile> {
  const { path, kind, media } = found;
  const at = `${path}.file`;
  const source = media.file! as object;
  const blob = await toBlob(media.file!, media.size, at);
  const head = new Uint8Array(await blob.slice(0, 32).arrayBuffer());
  const seen = sniff(head);
  const declared = declaredType(media);
  const { types } = MEDIA_LIMITS[kind];
  const fail = (message: string) => new ValidationError([{ path: at, message }]);
  if (declared !== undefined && seen !== undefined && !sameType(declared, seen))
    throw fail(
      `\`${at}\` is declared ${declared} but its bytes are ${seen}. Declare the type the file has (or leave it out: wafluent reads it from the bytes).`,
    );
  if (declared !== undefined && seen === undefined && MAGIC[declared])
    throw fail(
      `\`${at}\` is declared ${declared} but its first bytes are not those of ${declared}. Check that the file is what it says (not truncated or another format).`,
    );
  const type = declared ?? seen;
  if (types.length > 0 && (type === undefined || !types.includes(type)))
    throw fail(
      `\`${at}\`'s bytes are ${type ?? "of no type wafluent recognises"}; WhatsApp takes ${kind === "audio" ? "audio" : `${kind}s`} as ${types.join(", ")}. Convert the file, or send it as a document.`,
    );
  if (type === undefined)
    throw fail(
      `\`${at}\` has no type and its bytes are of none wafluent recognises. Pass its MIME type: document({ file, filename, type: "text/csv" }).`,
    );
  if (kind === "sticker" && blob.size > STATIC_STICKER && !animatedWebp(head))
    throw new ValidationError([
      {
        path: at,
        message: `\`${at}\` is a static sticker of ${mb(blob.size)}; WhatsApp takes static stickers up to 100 KB (animated ones up to 500 KB). Compress it.`,
        limit: STATIC_STICKER,
        received: blob.size,
      },
    ]);
  const filename = media.filename ?? fileName(media.file!) ?? `${kind}.${EXT[type] ?? "bin"}`;
  return { path, kind, blob: blob.type === type ? blob : new Blob([blob], { type }), type, filename, source };
}

/** `audio/mp4` is an mp4 container too: a declared `video/mp4` m4a is not refused for it, nor the reverse. */
function sameType(declared: string, seen: string): boolean {
  return declared === seen || (declared.endsWith("/mp4") && seen.endsWith("/mp4"));
}

/** A WebP with the extended header's animation flag (`VP8X`, flags bit 1). */
function animatedWebp(head: Uint8Array): boolean {
  return ascii(head, 12, "VP8X") && ((head[20] ?? 0) & 0x02) !== 0;
}

/**
 * The bytes as a Blob: a Blob as is, bytes copied, a stream read to its end, refused when it
 * brings more or fewer bytes than its `size` says.
 */
async function toBlob(file: MediaBytes, size: number | undefined, at: string): Promise<Blob> {
  if (file instanceof Blob) return file;
  if (!(file instanceof ReadableStream)) return new Blob([file instanceof ArrayBuffer ? file : file.slice()]);
  const parts: Uint8Array[] = [];
  let read = 0;
  const reader = file.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      read += r.value.byteLength;
      if (read > size!) {
        await reader.cancel();
        break;
      }
      parts.push(r.value);
    }
  } finally {
    reader.releaseLock();
  }
  if (read !== size)
    throw new ValidationError([
      {
        path: at,
        message: `\`${at}\` is a stream of ${read > size! ? `more than ${size}` : read} bytes, but its \`size\` says ${size}. Pass the stream's real length as size.`,
        limit: size,
        received: read,
      },
    ]);
  return new Blob(parts as BlobPart[]);
}

/**
 * A file as `compile()` shows its upload, without reading a Blob: its type is the declared one,
 * else read from the first bytes of a Uint8Array or ArrayBuffer.
 * @throws {ValidationError} for a ReadableStream, which only a send reads (once).
 * @internal
 */
export function plannedFile(found: FoundFile): ReadyFile {
  const { path, kind, media } = found;
  const file = media.file!;
  if (file instanceof ReadableStream)
    throw new ValidationError([
      {
        path: `${path}.file`,
        message: `\`${path}.file\` is a ReadableStream, which is read once, when the message is sent; compile() cannot show its upload. Pass a Blob or Uint8Array to see the requests, or send the message.`,
      },
    ]);
  const blob = file instanceof Blob ? file : new Blob([file instanceof ArrayBuffer ? file : file.slice()]);
  const bytes =
    file instanceof Blob
      ? undefined
      : file instanceof ArrayBuffer
        ? new Uint8Array(file, 0, Math.min(32, file.byteLength))
        : file.subarray(0, 32);
  const type = declaredType(media) ?? (bytes && sniff(bytes)) ?? "application/octet-stream";
  const filename = media.filename ?? fileName(file) ?? `${kind}.${EXT[type] ?? "bin"}`;
  return { path, kind, blob: blob.type === type ? blob : new Blob([blob], { type }), type, filename, source: file };
}
