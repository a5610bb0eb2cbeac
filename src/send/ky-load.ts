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

/** ky's module, imported once (later calls share the first import). @internal */
export function loadKy(): Promise<Ky> {
  loading ??= import("ky").then((k) => (loaded = k));
  return loading;
}

/** ky's module once {@link loadKy} has loaded it, else `undefined`. @internal */
export function loadedKy(): Ky | undefined {
  return loaded;
}
