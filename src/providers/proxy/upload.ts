/**
 * Bytes through `proxy()` (`withMedia(proxy({ url }))`): the browser posts the message with its
 * files as one `multipart/form-data` request to `createProxyHandler`, asking only for the
 * uploads; the handler checks `authorize`, the size and the types, uploads with the server's
 * keys and answers the uploads (the ids or URLs the page asked for). Each send of the message
 * then goes out as JSON naming them, so a bulk send of one file uploads it once. The browser
 * never holds a provider key. Wire format: a `message` field (the neutral message as JSON, each
 * file as `{ id: "upload:<n>" }`), the files as parts `file0`, `file1`, … and `intent: "upload"`.
 * Reached only through `withMedia()` (`wafluent/media`).
 * @module
 */
import { ProviderError } from "../../core/errors.ts";
import type { Media, Message } from "../../core/message.ts";
import {
  describeBody,
  type HttpRequest,
  type MediaHook,
  type MediaTransport,
  pick,
  type Provider,
  type SendResult,
  type UploadResult,
} from "../../send/provider.ts";
import { type FoundFile, plannedFile, type ReadyFile, readyFile } from "../../send/upload/checks.ts";
import {
  FILE_FIELD,
  filesOf,
  holdFiles,
  INTENT_FIELD,
  MESSAGE_FIELD,
  replaced,
  swapped,
  UPLOAD_ID,
} from "../../send/upload/hook.ts";
import { useMultipart } from "../../send/upload/multipart.ts";

/** A file the handler uploaded: what the sends name it by, and the file as checked here. */
type Uploaded = [UploadResult["media"], ReadyFile];

/**
 * The multipart request that asks the handler to upload `files` (checked), the files of
 * `message` still holding bytes (in order); its other media are already ids or URLs.
 */
function post(provider: Provider, message: Message, files: readonly ReadyFile[]): HttpRequest {
  const withIds = replaced(
    message,
    filesOf(message).map((found) => {
      const { file: _, size: __, ...rest } = found.media;
      const k = files.findIndex((f) => f.source === found.media.file);
      return { ...rest, id: UPLOAD_ID(k), contentType: files[k]!.type };
    }),
  );
  const json = provider.compile(withIds);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(json.headers))
    if (name.toLowerCase() !== "content-type") headers[name] = value;
  return {
    url: json.url,
    method: "POST",
    headers,
    encoding: "multipart",
    body: { [MESSAGE_FIELD]: JSON.stringify(json.body), [INTENT_FIELD]: "upload" },
    files: Object.fromEntries(files.map((f, i) => [FILE_FIELD(i), { blob: f.blob, filename: f.filename }])),
  };
}

/** The `media` the handler answered for each of `count` places holding bytes, or a `ProviderError` saying what came instead. */
function uploadsOf(status: number, body: unknown, count: number): UploadResult["media"][] {
  const list = pick(body, "uploads");
  const media = Array.isArray(list) ? list.map((u) => pick(u, "media")) : [];
  const ok = media.every((m) => {
    const id = pick(m, "id");
    const url = pick(m, "url");
    return (typeof id === "string" && id !== "") || (typeof url === "string" && url !== "");
  });
  if (media.length === count && ok)
    return media.map((m) => {
      const id = pick(m, "id");
      return typeof id === "string" && id !== "" ? { id } : { url: pick(m, "url") as string };
    });
  throw new ProviderError(
    "proxy",
    status,
    {
      message: `the proxy answered ${describeBody(body)}, not the ${count} upload${count === 1 ? "" : "s"} it was asked for; is its handler's provider given withMedia()?`,
      retryable: false,
    },
    undefined,
  );
}

/**
 * The media hook of `proxy()`: each file checked before any I/O, uploaded through the handler
 * once per file object (a bulk send's sends wait for the one upload and name it by id or URL),
 * then each message sent as JSON. An upload that failed is forgotten: a later send asks again.
 * @internal
 */
export function proxyMedia(provider: Provider): MediaHook {
  useMultipart();
  const done = new WeakMap<object, Promise<Uploaded>>();

  /** Asks the handler to upload `missing` (files of `message`); the others' uploads are awaited first. */
  const ask = async <O>(
    client: Provider,
    message: Message,
    missing: readonly FoundFile[],
    known: readonly Promise<Uploaded>[],
    transport: MediaTransport<O>,
    options: O,
  ): Promise<Uploaded[]> => {
    const ready = new Map((await Promise.all(known)).map(([media, file]) => [file.source, [media, file]] as const));
    const files = await Promise.all(missing.map(readyFile));
    // The message as the handler validates it: earlier uploads by their id or URL, the rest as bytes.
    const mixed = replaced(
      message,
      filesOf(message).map((found) => {
        const had = ready.get(found.media.file as object);
        if (!had) return found.media;
        const [media, file] = had;
        const [ref, value] = "id" in media ? (["id", media.id] as const) : (["url", media.url] as const);
        return swapped(found.media, file, found.kind, ref, value);
      }),
    );
    const answer = await transport.request(client, post(client, mixed, files), options);
    // The handler answers one upload per place holding bytes, in order (a file in two places,
    // posted once, is named twice): each file takes the answer of its first place.
    const places = filesOf(mixed).map((found) => files.findIndex((f) => f.source === found.media.file));
    const media = uploadsOf(answer.status, answer.body, places.length);
    return files.map((file, k): Uploaded => [media[places.indexOf(k)]!, file]);
  };

  const hook: MediaHook = {
    hold: holdFiles,
    async unpack() {
      throw new ProviderError("proxy", 0, { message: "proxy() does not receive messages." }, undefined);
    },
    plan(message) {
      const files = filesOf(message);
      if (files.length === 0) return provider.compile(message);
      const ready = files.map(plannedFile);
      const send = provider.compile(
        replaced(
          message,
          files.map((f, i) => swapped(f.media, ready[i]!, f.kind, "id", UPLOAD_ID(i))),
        ),
      );
      return { ...send, uploads: [post(provider, message, ready)] };
    },
    async upload(client, message, transport, options) {
      const found = filesOf(message);
      if (found.length === 0) return { message, uploads: [] };
      const reused = found.map((f) => done.has(f.media.file as object));
      const missing: FoundFile[] = [];
      const known: Promise<Uploaded>[] = [];
      for (const f of found) {
        const source = f.media.file as object;
        const had = done.get(source);
        if (had) known.push(had);
        else if (!missing.some((m) => m.media.file === source)) missing.push(f);
      }
      if (missing.length > 0) {
        // Registered before any I/O: a send of the same file that starts meanwhile waits for this upload.
        const asked = ask(client, message, missing, known, transport, options);
        missing.forEach((f, k) => {
          const source = f.media.file as object;
          const one = asked.then((all) => all[k]!);
          done.set(source, one);
          one.catch(() => {
            if (done.get(source) === one) done.delete(source);
          });
        });
      }
      const got = await Promise.all(found.map((f) => done.get(f.media.file as object)!));
      const uploads = got.map(
        ([media, file], i): UploadResult => ({
          path: found[i]!.path,
          bytes: file.blob.size,
          media,
          reused: reused[i]!,
        }),
      );
      const media = got.map(([m, file], i): Media => {
        const [ref, value] = "id" in m ? (["id", m.id] as const) : (["url", m.url] as const);
        return swapped(found[i]!.media, file, found[i]!.kind, ref, value);
      });
      return { message: replaced(message, media), uploads };
    },
    async send(client, message, transport, options): Promise<SendResult> {
      if (filesOf(message).length === 0) return transport.send(client, message, options);
      const ready = await hook.upload(client, message, transport, options);
      return { ...(await transport.send(client, ready.message, options)), uploads: ready.uploads };
    },
  };
  return hook;
}
