/**
 * Bird's pre-signed media upload, as Bird documents it: `POST /workspaces/{workspaceId}/
 * conversations/{conversationId}/presigned-upload` with `{ contentType }` answers `{ mediaUrl,
 * uploadUrl, uploadMethod: "POST", uploadFormData }`; the file is then posted to `uploadUrl` as
 * `multipart/form-data` with every `uploadFormData` field and the file last, as `file` (204), and
 * the message is sent with `mediaUrl`. The upload belongs to a conversation, so a message holding
 * bytes names it: `.options({ bird: { conversationId } })`. Reached only through `withMedia()`.
 * @see https://docs.bird.com/api/conversations-api/api-reference/conversations-messaging/create-pre-signed-upload
 * @module
 */
import { ProviderError, ValidationError } from "../../core/errors.ts";
import { describeBody, type HttpRequest, pick } from "../../send/provider.ts";
import type { Uploader } from "../../send/upload/hook.ts";
import { UUID } from "./options.ts";

/** What Bird's answer to the pre-signed upload request must hold, else a `ProviderError`. */
function refused(status: number, body: unknown): ProviderError {
  return new ProviderError(
    "bird",
    status,
    {
      message: `the pre-signed upload answered without mediaUrl, uploadUrl and uploadFormData, but ${describeBody(body)}. Nothing was sent; try again, or send a link.`,
      retryable: false,
    },
    body,
  );
}

/** An absolute http(s) URL as fetch will request it, or undefined. */
function absolute(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Bird's uploader. @internal */
export const birdUploader: Uploader = {
  ref: "url",
  first(file, send, message): HttpRequest {
    const conversation = (message.options as { bird?: { conversationId?: unknown } } | undefined)?.bird?.conversationId;
    if (typeof conversation !== "string" || !UUID.test(conversation))
      throw new ValidationError([
        {
          path: "options.bird.conversationId",
          message:
            "`options.bird.conversationId` is missing: Bird's pre-signed upload belongs to a conversation. Pass .options({ bird: { conversationId } }) (the conversation with this contact), or send a link.",
        },
      ]);
    return {
      url: send.url.replace(/\/channels\/[^/]+\/messages$/, `/conversations/${conversation}/presigned-upload`),
      method: "POST",
      headers: { ...send.headers },
      body: { contentType: file.type },
    };
  },
  async upload(file, send, request, message) {
    const answer = await request(birdUploader.first(file, send, message));
    const mediaUrl = absolute(pick(answer.body, "mediaUrl"));
    const uploadUrl = absolute(pick(answer.body, "uploadUrl"));
    const fields = pick(answer.body, "uploadFormData");
    if (!mediaUrl || !uploadUrl || typeof fields !== "object" || fields === null || Array.isArray(fields))
      throw refused(answer.status, answer.body);
    // The storage's own signature is in the fields: no Bird key goes there.
    await request({
      url: uploadUrl,
      method: "POST",
      headers: {},
      encoding: "multipart",
      body: fields as Record<string, string>,
      files: { file: { blob: file.blob, filename: file.filename } },
    });
    return mediaUrl;
  },
};
