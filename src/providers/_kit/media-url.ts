/**
 * Media as providers that take one file per message, by public URL, need it: the one file of a
 * media message, and its URL (a media given by a provider's media id refused with the provider's
 * hint). Used by the built-in providers and exported by `wafluent/provider-kit`.
 * @module
 */
import { UnsupportedError } from "../../core/errors.ts";
import type { Media } from "../../core/message.ts";

/**
 * The one file of a media message (`image`, `video`, `audio`, `document`, `sticker`), for a
 * provider that sends one file per message.
 * @throws {UnsupportedError} `UNSUPPORTED` when the message holds several files: send one message per file.
 * @example const media = oneFile("gateway", message); // message.media[0]
 */
export function oneFile(provider: string, message: { readonly type: string; readonly media: readonly Media[] }): Media {
  if (message.media.length > 1)
    throw new UnsupportedError(provider, `several ${message.type} files in one message`, "Send one message per file.");
  return message.media[0]!;
}

/**
 * The public URL of a media file, for a provider that fetches media by URL only.
 * @throws {UnsupportedError} `UNSUPPORTED` for a media given by id (`{ id }`), with `hint` (where the provider takes URLs).
 * @example const url = publicUrl("gateway", media, "image", "The gateway takes media by public URL (mediaUrl): pass an https URL.");
 */
export function publicUrl(provider: string, media: Media, what: string, hint: string): string {
  if (media.url === undefined) throw new UnsupportedError(provider, `${what} by media id`, hint);
  return media.url;
}
