/**
 * Media from bytes: `withMedia(provider)` gives a provider the upload its documentation
 * describes, so that `wa.image(file).to(n)` uploads the file (once, however many recipients),
 * then sends the message with the provider's media id or URL. Nothing here reaches an app that
 * does not import it: a client that sends only links and text bundles none of it.
 * @example
 * import { whatsapp } from "wafluent";
 * import { cloudApi } from "wafluent/providers/cloud-api";
 * import { withMedia } from "wafluent/media";
 * const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken, phoneNumberId })) });
 * await wa.image({ file: pngBytes, caption: "Your receipt" }).to("+31612345678");
 * @see docs/media.md
 * @module
 */
import { WaError } from "./core/errors.ts";
import type { Provider } from "./send/provider.ts";
import { mediaHook, type Uploader } from "./send/upload/hook.ts";
import { metaUploader } from "./providers/_meta/upload.ts";
import { proxyMedia } from "./providers/proxy/upload.ts";
import { birdUploader } from "./providers/bird/upload.ts";

export type { MediaBytes } from "./core/message.ts";
export type { MediaFileInput } from "./send/draft-types.ts";
export type { FilePart, MediaHook, UploadResult } from "./send/provider.ts";
export { MEDIA_LIMITS, type MediaKind } from "./send/upload/checks.ts";

/** A link instead: what every provider without an upload takes. */
const LINK = 'Host the file and send its https link instead: wa.image("https://…/photo.jpg").';

/**
 * Each built-in provider's upload, by provider name: its uploader, or (no upload documented) the
 * hint of the `UnsupportedError` a message holding bytes gets before any I/O.
 */
const UPLOADS: Record<string, () => Uploader | string> = {
  cloudApi: () => metaUploader("cloudApi"),
  dialog360: () => metaUploader("dialog360"),
  kaleyra: () => metaUploader("kaleyra", false),
  twilio: () => `Twilio takes media by URL only (MediaUrl). ${LINK}`,
  infobip: () => `Infobip's WhatsApp API takes media by URL only (mediaUrl). ${LINK}`,
  bik: () => `Bik's API takes media by URL only. ${LINK}`,
  zixflow: () => `Zixflow's API takes media by URL only (mediaLink). ${LINK}`,
  sandbox: () => `The sandbox records messages, not uploads. ${LINK}`,
  bird: () => birdUploader,
};

/**
 * `provider` with the upload of its media API, for messages that hold bytes (`image(file)`,
 * `document({ file, filename })`, a template's media header from bytes). Each file is checked
 * before any I/O (its type and size for its kind, its type against its bytes), uploaded once per
 * file object (a bulk send uploads it once), and the send's result lists it in `uploads`.
 * Uploads: Cloud API, 360dialog, Kaleyra, Bird (its pre-signed upload, which needs
 * `.options({ bird: { conversationId } })`); `proxy()` posts the files to `createProxyHandler`, whose
 * provider (given `withMedia()` too) uploads them with the server's keys. Providers whose
 * documentation describes no upload (Twilio, Infobip, Bik, Zixflow) refuse a
 * message holding
 * bytes with an `UnsupportedError` before any I/O, naming the alternative: a link.
 * @throws {WaError} `CONFIG` when `provider` is not a provider, or already has a media hook.
 * @example
 * const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken, phoneNumberId })) });
 * const { uploads } = await wa.document({ file, filename: "invoice.pdf" }).to("+31612345678");
 */
export function withMedia<P extends Provider>(provider: P): P {
  if (typeof provider !== "object" || provider === null || typeof provider.compile !== "function")
    throw new WaError(
      "CONFIG",
      "withMedia(provider) takes a provider, e.g. withMedia(cloudApi({ accessToken, phoneNumberId })).",
    );
  if (provider.media !== undefined)
    throw new WaError(
      "CONFIG",
      `withMedia(provider): ${String(provider.name).slice(0, 40)} has its media hook already.`,
    );
  const upload =
    UPLOADS[provider.name]?.() ?? `wafluent knows no media upload of ${String(provider.name).slice(0, 40)}. ${LINK}`;
  const wrapped = { ...provider } as P & { media: unknown };
  wrapped.media = provider.name === "proxy" ? proxyMedia(wrapped) : mediaHook(wrapped, upload);
  return Object.freeze(wrapped);
}
