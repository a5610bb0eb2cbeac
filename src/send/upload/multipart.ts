/**
 * The `"multipart"` body encoding (`multipart/form-data`) of media uploads, which
 * `withMedia()` registers with the transport ({@link ENCODERS}): a client that uploads nothing
 * bundles none of it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import type { HttpRequest } from "../provider.ts";
import { type EncodedBody, ENCODERS, formText } from "../request-body.ts";

/**
 * A multipart body: `body`'s fields (as {@link formText} reads them) in order, then each file
 * part, in a new `FormData` per call, so each attempt (a retry too) sends a body of its own.
 * fetch writes the `content-type` with its boundary: a request that sets one is refused, since a
 * hand-set multipart type has no boundary and the server cannot read the parts.
 * @throws {WaError} `CONFIG` when the request sets a content type or a part is not a Blob.
 */
function formData(provider: string, req: HttpRequest): EncodedBody {
  for (const name of Object.keys(req.headers))
    if (name.toLowerCase() === "content-type")
      throw new WaError(
        "CONFIG",
        `${provider} compiled a multipart request with a content-type header; leave it out: fetch writes multipart/form-data with the boundary of the parts.`,
      );
  const form = new FormData();
  if (req.body !== undefined)
    for (const [name, value] of new URLSearchParams(formText(provider, req.body))) form.append(name, value);
  for (const [name, part] of Object.entries(req.files ?? {})) {
    if (!(part?.blob instanceof Blob))
      throw new WaError(
        "CONFIG",
        `${provider} compiled a multipart file part "${name.slice(0, 40)}" that is not a Blob.`,
      );
    form.append(name, part.blob, part.filename);
  }
  return { body: form };
}

/** Lets the transport send `"multipart"` requests (idempotent). @internal */
export function useMultipart(): void {
  ENCODERS.multipart = formData;
}
