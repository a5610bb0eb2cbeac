/**
 * Meta's codes for a template send that does not match the approved template, shared by the
 * answer parser (a send's `ProviderError`) and the webhook reader (a failed status's error).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 * @module
 */

/**
 * 132000 (number of parameters), 132001 (template does not exist in that language), 132005
 * (translated text too long), 132007 (format character policy), 132012 (parameter format),
 * 132015 (template paused), 132016 (template disabled).
 * @internal
 */
export const META_TEMPLATE_CODES: ReadonlySet<number> = /* @__PURE__ */ new Set([
  132000, 132001, 132005, 132007, 132012, 132015, 132016,
]);
