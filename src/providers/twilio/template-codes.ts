/**
 * Twilio's codes for a template send that does not match the approved Content template, shared
 * by the answer parser (a send's `ProviderError`) and the status callback reader.
 * @see https://www.twilio.com/docs/api/errors
 * @module
 */

/**
 * 21655 (the ContentSid is invalid: deleted, of another account, or mistyped), 21656 (the
 * ContentVariables are invalid: not JSON, a malformed or empty placeholder, a null or empty
 * value), 63027 (template does not exist for a language and locale; WhatsApp's 2001 and 2003),
 * 63028 (number of parameters does not match the expected number; WhatsApp's 2000).
 * @see https://www.twilio.com/docs/api/errors/21655
 * @see https://www.twilio.com/docs/api/errors/21656
 * @see https://www.twilio.com/docs/api/errors/63027
 * @see https://www.twilio.com/docs/api/errors/63028
 * @see https://www.twilio.com/docs/whatsapp/tutorial/error-codes
 * @internal
 */
export const TWILIO_TEMPLATE_CODES: ReadonlySet<number> = /* @__PURE__ */ new Set([21655, 21656, 63027, 63028]);
