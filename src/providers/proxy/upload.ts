/**
 * Bytes through `proxy()` (`withUploads(proxy({ url }))`): the browser posts the message with its
 * files as one `multipart/form-data` request to `createProxyHandler`, which checks `authorize`,
 * the size and the types, and uploads with the server's keys. The browser never holds a provider
 * key. Wire format: a `message` field (the neutral message as JSON, each file as
 * `{ id: "upload:<n>" }`) and the files as parts `file0`, `file1`, … Reached only through
 * `withUploads()` (`wafluent/media`).
 * @module
 */
import { ProviderError } from "../../core/errors.ts";
import type { Media, Message } from "../../core/message.ts";
import type { HttpRequest, MediaHook, Provider, SendResult, UploadResult } from "../../send/provider.ts";
import { plannedFile, type ReadyFile, readyFile } from "../../send/upload/checks.ts";
import { FILE_FIELD, filesOf, holdFiles, MESSAGE_FIELD, replaced, UPLOAD_ID } from "../../send/upload/hook.ts";
import { useMultipart } from "../../send/upload/multipart.ts";

/** The multipart request that posts `message` with `files` (checked) to the proxy handler. */
function post(provider: Provider, message: Message, files: readonly ReadyFile[]): HttpRequest {
  const placeholders = files.map((_, i): Media => ({ id: UPLOAD_ID(i) }));
  const withIds = replaced(
    message,
    filesOf(message).map((found, i) => {
      const { file: _, size: __, ...rest } = found.media;
      return { ...rest, ...placeholders[i], contentType: files[i]!.type };
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
    body: { [MESSAGE_FIELD]: JSON.stringify(json.body) },
    files: Object.fromEntries(files.map((f, i) => [FILE_FIELD(i), { blob: f.blob, filename: f.filename }])),
  };
}

/**
 * The media hook of `proxy()`: each file checked before any I/O, then the message and its
 * files posted in one request; the handler's answer is the send's result.
 * @internal
 */
export function proxyMedia(provider: Provider): MediaHook {
  useMultipart();
  return {
    hold: holdFiles,
    async unpack() {
      throw new ProviderError("proxy", 0, { message: "proxy() does not receive messages." }, undefined);
    },
    plan(message) {
      const files = filesOf(message);
      return files.length === 0 ? provider.compile(message) : post(provider, message, files.map(plannedFile));
    },
    async send(client, message, transport, options): Promise<SendResult> {
      const found = filesOf(message);
      if (found.length === 0) return transport.send(client, message, options);
      const files = await Promise.all(found.map(readyFile));
      const answer = await transport.request(client, post(client, message, files), options);
      const read = client.parseSuccess(answer);
      if ("failed" in read && read.failed) throw new ProviderError("proxy", answer.status, read, answer.body);
      const ok = read as Exclude<typeof read, { failed: true }>;
      const uploads = (answer.body as { uploads?: UploadResult[] } | undefined)?.uploads;
      return {
        id: ok.id,
        provider: ok.provider ?? client.name,
        status: ok.status,
        raw: ok.raw ?? answer.body,
        ...(Array.isArray(uploads) ? { uploads } : {}),
      };
    },
  };
}
