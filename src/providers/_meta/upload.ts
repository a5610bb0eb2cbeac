/**
 * Meta's media upload, which the Cloud API and 360dialog take, and Kaleyra in its own spelling:
 * `POST …/media` beside the `…/messages` the provider sends to, with the same credentials, as
 * `multipart/form-data` with the fields `messaging_product` (`whatsapp`; Kaleyra has none),
 * `type` (the MIME type) and `file` (the bytes, with a file name); the answer is
 * `{ "id": "<MEDIA_ID>" }`, an id valid 30 days, which the send takes as `image: { id }`.
 * Reached only through `withMedia()` (`wafluent/media`).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media
 * @see https://docs.360dialog.com/partner/messaging/media-messages/upload-retrieve-delete-media
 * @see https://developers.kaleyra.io/docs/whatsapp-api-v2-upload-media-files
 * @module
 */
import { ProviderError } from "../../core/errors.ts";
import { describeBody, type HttpRequest, pick } from "../../send/provider.ts";
import type { ReadyFile, Uploader } from "../../send/upload/hook.ts";

/** The upload request of `file`, beside `send` (its URL's last segment `messages` → `media`). */
function first(file: ReadyFile, send: HttpRequest, product: boolean): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(send.headers))
    if (name.toLowerCase() !== "content-type") headers[name] = value;
  return {
    url: send.url.replace(/\/messages$/, "/media"),
    method: "POST",
    headers,
    body: product ? { messaging_product: "whatsapp", type: file.type } : { type: file.type },
    encoding: "multipart",
    files: { file: { blob: file.blob, filename: file.filename } },
  };
}

/**
 * Meta's uploader (Cloud API, 360dialog; Kaleyra without `messaging_product`).
 * @internal
 */
export const metaUploader = (provider: string, product = true): Uploader => ({
  ref: "id",
  first: (file, send) => first(file, send, product),
  async upload(file, send, request) {
    const answer = await request(first(file, send, product));
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
