/**
 * The copy of a posted request that `createProxyHandler`'s `authorize` receives: its body served
 * from the handler's one capped read, so `authorize` may read it and the handler still has it.
 * @module
 */
import { WaError } from "../core/errors.ts";
import type { BodyFailure, BodyRead } from "../send/body.ts";

/**
 * The request `authorize` receives: the same URL, method and headers, and a body it may read
 * (`await req.json()`), served from the one capped read of the real body. A failed read (too
 * large, too slow, broken) errors the copy's stream, so `req.json()` rejects.
 * @throws nothing (a runtime without stream bodies gets `request` itself)
 * @internal
 */
export function readableCopy(request: Request, body: () => Promise<BodyRead>): Request {
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const read = await body();
        if (!read.ok) return controller.error(bodyError(read.reason));
        // A copy: what authorize does with its bytes never changes the ones the handler sends.
        if (read.bytes.byteLength > 0) controller.enqueue(read.bytes.slice());
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const init = { body: stream, duplex: "half" } as RequestInit;
  try {
    // workerd adds `cf`, which only `new Request(request, …)` keeps. Elsewhere the copy is built
    // from the URL, method and headers: `new Request(request, …)` reads `request.signal`, which
    // makes Deno.serve warn that the signal aborts on successful responses (legacy behaviour),
    // and in Chromium it uses up `request`'s own body.
    if ("cf" in request && !copyUsesInput()) return new Request(request, init);
    const copy = new Request(request.url, { ...init, method: request.method, headers: request.headers });
    // The request's own signal, read only if authorize reads it.
    Object.defineProperty(copy, "signal", { get: () => request.signal, configurable: true, enumerable: true });
    return copy;
  } catch {
    return request; // a runtime without stream bodies: authorize gets the request itself, as before
  }
}

let usesInput: boolean | undefined;
/** Whether `new Request(request, { body })` uses up `request`'s own body (the Fetch standard says no; Chromium does). */
function copyUsesInput(): boolean {
  if (usesInput === undefined) {
    try {
      const probe = new Request("http://probe.invalid/", { method: "POST", body: "x" });
      new Request(probe, { body: "y" });
      usesInput = probe.bodyUsed;
    } catch {
      usesInput = true;
    }
  }
  return usesInput;
}

/** What `authorize`'s read of the body rejects with when the one capped read failed. */
function bodyError(reason: BodyFailure): WaError {
  if (reason === "timeout")
    return new WaError("TIMEOUT", "The request body did not arrive within createProxyHandler's bodyTimeout.");
  if (reason === "tooLarge")
    return new WaError("PROVIDER_ERROR", "The request body is larger than createProxyHandler's maxBodyBytes.");
  return new WaError(
    "PROVIDER_ERROR",
    "The request body could not be read (the connection broke, or it was already read).",
  );
}
