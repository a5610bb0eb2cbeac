/**
 * ky, loaded when a send first needs it: a retry, an error status, a timeout, a failed fetch, a
 * caller's ky instance or hooks. The first attempt of a direct send is one `fetch` (see
 * first-attempt.ts), so a process whose sends succeed at once never loads ky's modules (about
 * 30 files Node resolves, reads and compiles one by one: 8–10 ms of a cold start).
 * In dist/ this module is `#ky-load` (package.json `imports`): Node (and Deno) take this file;
 * bundlers take ky-now.ts, which imports ky statically, so a bundle holds ky as it did (a
 * bundler inlines a dynamic import with a lazy-init wrapper around every ky module: more bytes
 * for nothing, since a bundle is one file anyway).
 * @module
 */
import type { Ky } from "./ky-now.ts";

let loaded: Ky | undefined;
let loading: Promise<Ky> | undefined;

/**
 * ky's module, imported once (later calls share the first import). When ky cannot be imported (a
 * broken install), the promise rejects with an `Error` whose message says so (its `cause` is the
 * runtime's): the transport throws it as a `CONFIG` `WaError` from the send that needed ky.
 * @internal
 */
export function loadKy(): Promise<Ky> {
  loading ??= import("ky").then(
    (k) => (loaded = k),
    (error: unknown) => {
      throw new Error(
        `wafluent could not import ky, the HTTP client it retries and reports errors with (${error instanceof Error ? error.message : String(error)}). A send needed it after its first attempt went out: the message may or may not have been accepted; check before sending again. Install ky (\`npm i ky\`, a dependency of wafluent) where the runtime can import it.`,
        { cause: error },
      );
    },
  );
  return loading;
}

/** ky's module once {@link loadKy} has loaded it, else `undefined`. @internal */
export function loadedKy(): Ky | undefined {
  return loaded;
}
