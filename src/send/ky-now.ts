/**
 * ky imported statically: what bundlers take for `#ky-load` (package.json `imports`, condition
 * `default`) in place of ky-load.ts, which Node takes. Same functions, ky already there.
 * @module
 */
import ky, { HTTPError, isKyError, isNetworkError, isTimeoutError, TimeoutError } from "ky";

/** The part of ky's module the transport uses. @internal */
export type Ky = Pick<
  typeof import("ky"),
  "default" | "HTTPError" | "TimeoutError" | "isKyError" | "isNetworkError" | "isTimeoutError"
>;

const K: Ky = { default: ky, HTTPError, TimeoutError, isKyError, isNetworkError, isTimeoutError };

/** ky's module, at once. @internal */
export function loadKy(): Promise<Ky> {
  return Promise.resolve(K);
}

/** ky's module. @internal */
export function loadedKy(): Ky | undefined {
  return K;
}
