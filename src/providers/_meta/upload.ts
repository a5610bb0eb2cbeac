/**
 * Meta's media upload, which the Cloud API and 360dialog both take: `POST …/media` beside the
 * `…/messages` the provider sends to, with the same credentials, as `multipart/form-data` with
 * the fields `messaging_product` (`whatsapp`), `type` (the MIME type) and `file` (the bytes, with
 * a file name); the answer is `{ "id": "<MEDIA_ID>" }`, an id valid 30 days, which the send
 * takes as `image: { id }`. Reached only through `withUploads()` (`wafluent/media`).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media
 * @see https://docs.360dialog.com/docs/messaging/media/upload-retrieve-or-delete-media
 * @module
 */
import { ProviderError } from "../../core/errors.ts";
import { describeBody, type HttpRequest, pick } from "../../send/provider.ts";
import type { ReadyFile, Uploader } from "../../send/upload/hook.ts";

/** The upload request of `file`, beside `send` (its URL's last segment `messages` → `media`). */
function first(file: ReadyFile, send: HttpRequest): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(send.headers))
    if (name.toLowerCase() !== "content-type") headers[name] = value;
  return {
    url: send.url.replace(/\/messages$/, "/media"),
    method: "POST",
    headers,
    body: { messaging_product: "whatsapp", type: file.type },
    encoding: "multipart",
    files: { file: { blob: file.blob, filename: file.filename } },
  };
}

/**
 * Meta's uploader (Cloud API, 360dialog).
 * @internal
 */
export const metaUploader = (provider: string): Uploader => ({
  ref: "id",
  first,
  async upload(file, send, request) {
    const answer = await request(first(file, send));
    const id = pick(answer.body, "id");
    if (typeof id === "string" && id !== "") return id;
    throw new ProviderError(
      provider,
      answer.status,
      {
        message: `the media upload answered ${answer.status} without the media id, but ${describeBody(answer.body)}. Nothing was sent; try again, or send a link.`,
        retryable: false,
      },
      answer.body,
    );
  },
});
