/**
 * Media from bytes, and media from the customer: `withMedia(provider)` gives a provider the
 * upload its documentation describes, so that `wa.image(file).to(n)` uploads the file (once,
 * however many recipients), then sends the message with the provider's media id or URL; and
 * its media download, so that `wa.download(event.message.media)` fetches what a customer sent.
 * Nothing here reaches an app that does not import it: a client that sends only links and text
 * bundles none of it.
 * @example
 * import { whatsapp } from "wafluent";
 * import { cloudApi } from "wafluent/providers/cloud-api";
 * import { withMedia } from "wafluent/media";
 * const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken, phoneNumberId })) });
 * await wa.image({ file: pngBytes, caption: "Your receipt" }).to("+31612345678");
 * const photo = await wa.download(event.message.media, { maxBytes: 5 * 1024 * 1024 });
 * @see docs/media.md
 * @module
 */
import { UnsupportedError, WaError } from "./core/errors.ts";
import type { Message } from "./core/message.ts";
import { type HttpRequest, type MediaRef, type MediaRequest, type Provider, WITH_TEMPLATES } from "./send/provider.ts";
import { mediaDownloader } from "./send/download.ts";
import { metaMedia, urlMedia } from "./providers/_kit/media.ts";
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

/** A text the probe compiles: a provider's send of it carries its API's URL and credentials. */
const PROBE = { to: "+10000000000", type: "text", body: "." } as Message;

/** The credential header `name` of a compiled send, alone. */
const only = (send: HttpRequest, name: string): Record<string, string> => ({ [name]: send.headers[name] ?? "" });

/**
 * Each built-in provider's media download, by provider name, from its compiled send (its API's
 * URL and credentials): the requests of received media, or (none documented) the hint of the
 * `UnsupportedError` `wa.download()` rejects with before any I/O.
 */
const DOWNLOADS: Record<string, ((send: HttpRequest) => (media: MediaRef) => MediaRequest) | string> = {
  // GET /{media-id} answers a URL valid for 5 minutes; both steps carry the token.
  // https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#download-media
  cloudApi: (send) => (media) =>
    metaMedia("cloudApi", send.url.replace(/\/[^/]+\/messages$/, ""), only(send, "authorization"), media),
  // GET /{media-id} answers Meta's URL; its bytes are fetched from 360dialog's host, same path and
  // query, with the key: https://docs.360dialog.com/docs/waba-messaging/media/upload-retrieve-or-delete-media
  dialog360: (send) => {
    const base = send.url.replace(/\/messages$/, "");
    return (media) =>
      metaMedia("dialog360", base, only(send, "d360-api-key"), media, (u) => `${base}${u.pathname}${u.search}`);
  },
  // Inbound MediaUrl{N}: Twilio enforces Basic auth on media URLs, which redirect to a storage
  // host (the credential stays behind): https://www.twilio.com/docs/messaging/api/media-resource
  twilio: (send) => {
    const origin = new URL(send.url).origin;
    return (media) => urlMedia("twilio", media, only(send, "authorization"), (u) => u.origin === origin);
  },
  // GUESS: Bird's inbound media URLs (`mediaUrl`) are fetched with the workspace's access key; it
  // goes only to Bird's own https hosts (or `baseUrl`'s), never to a URL elsewhere.
  bird: (send) => {
    const origin = new URL(send.url).origin;
    return (media) =>
      urlMedia(
        "bird",
        media,
        only(send, "authorization"),
        (u) => u.origin === origin || (u.protocol === "https:" && u.hostname.endsWith(".bird.com")),
      );
  },
  // The inbound message's `url` is Infobip's `GET /whatsapp/1/senders/{sender}/media/{mediaId}`
  // on the account's base URL, fetched with the API key (only there):
  // https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-inbound-messages
  infobip: (send) => {
    const origin = new URL(send.url).origin;
    return (media) => urlMedia("infobip", media, only(send, "authorization"), (u) => u.origin === origin);
  },
  kaleyra:
    "Kaleyra's documentation gives no endpoint for received media (its callbacks' extra_info.media_url does not say how it is fetched).",
  bik: "Bik's documentation gives no endpoint for received media.",
  zixflow: "Zixflow's documentation gives no endpoint for received media.",
  sandbox: "The sandbox records messages; it receives no media.",
  proxy: "Download received media on your server, where the provider's keys are (withMedia(provider) there).",
};

/** The `download` capability of `provider` (by its name), built on its first use. */
function downloader(provider: Provider): NonNullable<Provider["download"]> {
  const how = Object.hasOwn(DOWNLOADS, provider.name) ? DOWNLOADS[provider.name] : undefined;
  if (typeof how !== "function")
    return async () => {
      throw new UnsupportedError(
        provider.name,
        "media downloads (download())",
        how ?? "wafluent knows no media download of this provider.",
      );
    };
  let locate: ((media: MediaRef) => MediaRequest) | undefined;
  return mediaDownloader((media) => (locate ??= how(provider.compile(PROBE)))(media));
}

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
 *
 * It also gives the provider its media download, for `wa.download(event.message.media,
 * { maxBytes })`: Cloud API (`GET /{media-id}`, then its short-lived URL), 360dialog, Twilio,
 * Bird and Infobip; with the others `wa.download()` rejects with an `UnsupportedError` before any I/O. A
 * client whose provider was not given `withMedia()` carries no download code at all.
 * @throws {WaError} `CONFIG` when `provider` is not a provider, or already has a media hook.
 * @example
 * const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken, phoneNumberId })) });
 * const { uploads } = await wa.document({ file, filename: "invoice.pdf" }).to("+31612345678");
 * const res = await wa.download(event.message.media); // a Response whose body streams
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
      `withMedia(provider): ${String(provider.name).slice(0, 40)} has its media hook already; give withMedia() the provider once.`,
    );
  // Own entries only: a provider of your own named "constructor" or "toString" is one wafluent does not know.
  const upload = Object.hasOwn(UPLOADS, provider.name)
    ? UPLOADS[provider.name]!()
    : `wafluent knows no media upload of ${String(provider.name).slice(0, 40)}. ${LINK}`;
  const wrapped = { ...provider } as P & { media: unknown; download: unknown };
  wrapped.media = provider.name === "proxy" ? proxyMedia(wrapped) : mediaHook(wrapped, upload);
  // A download the provider has of its own (a provider built with the kit's mediaDownloader) stays.
  if (typeof provider.download !== "function") wrapped.download = downloader(wrapped);
  // The copy a client asks for with its template definitions (cloudApi's marketingMessages) keeps media too.
  const copy = (provider as unknown as Record<symbol, unknown>)[WITH_TEMPLATES];
  if (typeof copy === "function")
    (wrapped as unknown as Record<symbol, unknown>)[WITH_TEMPLATES] = (t: unknown) => withMedia(copy(t) as P);
  return Object.freeze(wrapped);
}
