/**
 * Received media, per provider: the requests `wa.download(media)` sends (see `MediaRequest`), for
 * the providers whose documentation says how to fetch it.
 * @module
 */
import { ProviderError, ValidationError } from "../../core/errors.ts";
import { pick, type HttpRequest, type MediaRef, type MediaRequest, type ProviderAnswer } from "../../send/provider.ts";

/**
 * The `id` or `url` a provider downloads by, or a `ValidationError` naming what it needs.
 * @throws {ValidationError} at `media.<field>` when the media has no such field (media of another provider).
 * @example mediaField("cloudApi", media, "id") // "1003383421387256"
 * @internal
 */
export function mediaField(provider: string, media: MediaRef, field: "id" | "url"): string {
  const value = media[field];
  if (typeof value === "string" && value !== "") return value;
  throw new ValidationError([
    {
      path: `media.${field}`,
      message: `${provider} downloads received media by its \`${field}\`, which this media has none of: pass the \`media\` of an event ${provider}'s webhook delivered.`,
    },
  ]);
}

/**
 * Meta's media lookup (Cloud API, 360dialog): `GET {api}/{media-id}` with `headers`, whose answer's
 * `url` (valid for 5 minutes) `bytesAt` turns into the URL of the bytes, fetched with `headers` too.
 * @throws {ValidationError} when the media has no `id`.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#download-media
 * @internal
 */
export function metaMedia(
  provider: string,
  api: string,
  headers: Record<string, string>,
  media: MediaRef,
  bytesAt: (url: URL) => string = (url) => url.href,
): MediaRequest {
  const id = mediaField(provider, media, "id");
  return {
    url: `${api}/${encodeURIComponent(id)}`,
    method: "GET",
    headers: { ...headers },
    next: (answer: ProviderAnswer): HttpRequest => {
      const url = pick(answer.body, "url");
      let parsed: URL | undefined;
      try {
        parsed = typeof url === "string" ? new URL(url) : undefined;
      } catch {
        // not a URL
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol))
        throw new ProviderError(
          provider,
          answer.status,
          { message: "its media lookup answered no `url` to download from; try again, or check the media id." },
          undefined,
        );
      return { url: bytesAt(parsed), method: "GET", headers: { ...headers } };
    },
  };
}

/**
 * A GET of media at its own URL, with `headers` (the credential) only when `trusted(url)` (the
 * provider's own host): a URL on any other host gets no credential.
 * @throws {ValidationError} when the media has no `url`, or it is not an http(s) URL.
 * @internal
 */
export function urlMedia(
  provider: string,
  media: MediaRef,
  headers: Record<string, string>,
  trusted: (url: URL) => boolean,
): MediaRequest {
  const raw = mediaField(provider, media, "url");
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // refused below
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new ValidationError([{ path: "media.url", message: "`media.url` is not an http(s) URL." }]);
  return { url: url.href, method: "GET", headers: trusted(url) ? { ...headers } : {} };
}
