/**
 * The report of a change wafluent made to a message on its way out (fit.ts and the buttons fallback make them).
 * @module
 */
/** A change made to a message on its way out (truncation, fallback), reported, never silent. */
export interface Warning {
  /** Path of the changed field, e.g. `buttons[0].title`, or `""` for the whole message. */
  path: string;
  /** The limit that caused the change. */
  limit?: number;
  /** The size received before the change. */
  received?: number;
  /** What changed and why. */
  message: string;
}
