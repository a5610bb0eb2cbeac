/**
 * `wa.download(media)`: the bytes of media a customer sent, as a `Response` whose body streams.
 * A provider that can fetch received media builds its {@link Provider.download} capability with
 * {@link mediaDownloader} from a description of the requests (one GET, or a lookup first), so
 * only a worker whose provider downloads carries this code. The lookup goes through the client's
 * transport (retries, timeout, redaction); the bytes are fetched by hand (no ky, so a provider
 * module that only compiles loads none): redirects followed one
 * by one (`redirect: "manual"`) and the credential dropped when one leaves the request's origin,
 * the size capped (refused by `Content-Length` before any byte is read, and cut while streaming
 * when the length lies or is absent), and the answer's headers awaited within a timeout.
 * @module
 */
import { ProviderError, ValidationError, WaError } from "../core/errors.ts";
import type { DownloadContext, DownloadOptions, HttpRequest, MediaRef, MediaRequest, Provider } from "./provider.ts";
import { readOptions, refuseUnknown } from "./config.ts";
import { describeThrown, registeredSecrets, scrub } from "./secrets.ts";

/** The default size cap of a download: 100 MiB, WhatsApp's largest media (a document). */
export const MAX_DOWNLOAD_BYTES: number = 100 * 1024 * 1024;

/** Redirects followed before a download gives up. */
const MAX_HOPS = 5;

/**
 * The download capability of a provider: `locate` turns received media into its requests (see
 * {@link MediaRequest}); the returned function fetches them. Used by wafluent's providers.
 * @throws {TypeError} never at creation; the returned function rejects with `WaError`s only.
 * @example
 * const provider = { name: "mine", …, download: mediaDownloader((m) => ({ url: m.url!, method: "GET", headers: {} })) };
 */
export function mediaDownloader(
  locate: (media: MediaRef) => MediaRequest,
): (
  this: Provider,
  media: MediaRef,
  options: DownloadOptions | undefined,
  context: DownloadContext,
) => Promise<Response> {
  return async function (this: Provider, media, options, context) {
    const where = "download(media, options)";
    refuseUnknown(where, options, ["maxBytes", "timeout", "signal"]);
    const o = readOptions(where, options, ["maxBytes", "timeout", "signal"]);
    const max = o.maxBytes ?? MAX_DOWNLOAD_BYTES;
    if (typeof max !== "number" || !Number.isSafeInteger(max) || max < 1)
      throw new WaError("CONFIG", `${where} \`maxBytes\` must be a whole number of bytes ≥ 1 (default 100 MiB).`);
    const timeout = o.timeout ?? context.timeout ?? 30_000;
    if (typeof timeout !== "number" || !(timeout > 0))
      throw new WaError("CONFIG", `${where} \`timeout\` must be a positive number of milliseconds.`);
    const signal = o.signal as AbortSignal | undefined;
    let request: HttpRequest = locate(mediaRef(media));
    if ((request as MediaRequest).next) {
      const answer = await context.transport.request(this, request, signal ? { signal, timeout } : { timeout });
      request = (request as MediaRequest).next!(answer);
    }
    const res = await fetchBytes(this, request, context.fetch ?? globalThis.fetch, timeout, signal, max);
    const headers = new Headers(res.headers);
    // The runtime decoded a compressed body: its encoding and length no longer describe the bytes.
    if (headers.has("content-encoding")) {
      headers.delete("content-encoding");
      headers.delete("content-length");
    }
    const type = media.contentType;
    if (!headers.has("content-type") && typeof type === "string") headers.set("content-type", type);
    // The bytes as they come, counted: past `max` the stream errors (and the source is
    // cancelled); a source that breaks errors with a WaError, never the runtime's own error.
    const name = this.name;
    const reader = res.body?.getReader();
    let seen = 0;
    const body =
      reader &&
      new ReadableStream<Uint8Array>({
        async pull(out) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch {
            return out.error(
              signal?.aborted
                ? new WaError("ABORTED", "The download was aborted.")
                : new WaError("NETWORK", `The media from ${name} broke off after ${seen} bytes; download it again.`),
            );
          }
          if (chunk.done) return out.close();
          seen += chunk.value.byteLength;
          if (seen <= max) return out.enqueue(chunk.value);
          out.error(tooLarge(name, `more than ${max}`, max));
          await reader.cancel().catch(() => {});
        },
        cancel: (reason) => reader.cancel(reason),
      });
    return new Response(body ?? null, { status: res.status, headers });
  };
}

/** The media fields a provider reads, copied (a getter or Proxy that throws is no media). */
function mediaRef(media: unknown): MediaRef {
  const ref: MediaRef = {};
  try {
    if (typeof media === "object" && media !== null) {
      const { id, url, contentType } = media as MediaRef;
      if (typeof id === "string" && id !== "") ref.id = id;
      if (typeof url === "string" && url !== "") ref.url = url;
      if (typeof contentType === "string") ref.contentType = contentType;
    }
  } catch {
    // read as nothing
  }
  if (!ref.id && !ref.url)
    throw new ValidationError([
      {
        path: "media",
        message: "download(media) needs a received message's media (`event.message.media`, with its `id` or `url`).",
      },
    ]);
  return ref;
}

/**
 * GETs `request`, following redirects by hand; the request's headers (its credential) go only
 * to its own origin. Resolves a 2xx answer whose declared length is within `max`.
 */
async function fetchBytes(
  provider: Provider,
  request: HttpRequest,
  fetcher: typeof fetch,
  timeout: number,
  signal: AbortSignal | undefined,
  max: number,
): Promise<Response> {
  let url = new URL(request.url);
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const controller = new AbortController();
    const stop = () => controller.abort(signal!.reason);
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
    const timer = setTimeout(() => controller.abort(new DOMException("timeout", "TimeoutError")), timeout);
    let res: Response;
    const own = url.origin === origin;
    try {
      res = await fetcher(url.href, {
        method: "GET",
        headers: own ? request.headers : {},
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (error) {
      signal?.removeEventListener("abort", stop);
      // No cause attached (it may quote the URL or headers): the runtime's reason, scrubbed.
      if (signal?.aborted) throw new WaError("ABORTED", "The download was aborted.");
      if (controller.signal.aborted)
        throw new WaError(
          "TIMEOUT",
          `The media did not start arriving within ${timeout} ms; try again, or raise \`timeout\`.`,
        );
      const reason = scrub(describeThrown(error), [...registeredSecrets(provider), ...Object.values(request.headers)]);
      throw new WaError(
        "NETWORK",
        `Could not reach the media of ${provider.name} (${reason.slice(0, 200)}); try again.`,
      );
    } finally {
      clearTimeout(timer);
    }
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      signal?.removeEventListener("abort", stop);
      await res.body?.cancel();
      const next = new URL(location, url);
      if (hop >= MAX_HOPS || !/^https?:$/.test(next.protocol))
        throw new ProviderError(
          provider.name,
          res.status,
          {
            message: `the media redirected ${hop >= MAX_HOPS ? `more than ${MAX_HOPS} times` : "to a URL that is not http(s)"}; wafluent stopped there.`,
          },
          undefined,
        );
      url = next;
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      signal?.removeEventListener("abort", stop);
      await res.body?.cancel();
      throw new ProviderError(
        provider.name,
        res.status,
        {
          message:
            res.status === 0
              ? "the media answered a redirect this runtime hides (a browser); download it on a server."
              : `the media answered HTTP ${res.status}${res.status === 404 || res.status === 410 ? " (its URL may have expired: download again from the event)" : ""}.`,
        },
        undefined,
      );
    }
    const length = Number(res.headers.get("content-length") ?? Number.NaN);
    if (length > max) {
      signal?.removeEventListener("abort", stop);
      await res.body?.cancel();
      throw tooLarge(provider.name, String(length), max);
    }
    return res;
  }
}

/** The refusal of media over the cap, by its declared or counted size. */
function tooLarge(provider: string, size: string, max: number): WaError {
  return new WaError(
    "VALIDATION",
    `The media from ${provider} is ${size} bytes, over download()'s maxBytes of ${max} (${(max / 1048576).toFixed(1)} MiB); it was not read further. Pass a larger { maxBytes } to accept it.`,
  );
}
