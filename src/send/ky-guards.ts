/**
 * ky's error checks for the transport, false while ky is not loaded (no ky error exists then;
 * see ky-load.ts).
 * @module
 */
import type { HTTPError, NetworkError, TimeoutError } from "ky";
import { loadedKy } from "./ky-load.ts";

/** Whether `error` is ky's `HTTPError`. @internal */
export function isHttpError(error: unknown): error is HTTPError {
  const k = loadedKy();
  return k !== undefined && error instanceof k.HTTPError;
}

/** ky's `isNetworkError`. @internal */
export function isKyNetworkError(error: unknown): error is NetworkError {
  return loadedKy()?.isNetworkError(error) === true;
}

/** ky's `isTimeoutError`. @internal */
export function isKyTimeoutError(error: unknown): error is TimeoutError {
  return loadedKy()?.isTimeoutError(error) === true;
}

/** ky's `isKyError`. @internal */
export function isAnyKyError(error: unknown): boolean {
  return loadedKy()?.isKyError(error) === true;
}
