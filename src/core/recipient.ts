/**
 * The two recipient forms (an E.164 phone number, a business-scoped user ID) as plain checks
 * with no schema library, so providers and webhook readers can use them without pulling the
 * message schemas into their bundles.
 * @module
 */

/** E.164: `+`, a country code that does not start with 0, 8 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * {@link E164} without a regex, for the hot paths (the fast validation lane, recipient
 * normalisation): "+", a digit 1–9, then 7 to 14 more digits. @internal
 */
export function isE164(s: string): boolean {
  const n = s.length;
  if (n < 9 || n > 16 || s.charCodeAt(0) !== 43 || s.charCodeAt(1) === 48) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * A WhatsApp business-scoped user ID (BSUID): an ISO 3166 alpha-2 country code, a period and
 * up to 128 letters and digits (`US.13491208655302741918`), or the parent form with `ENT`
 * (`US.ENT.11815799212886844830`). Meta gives it to users who hide their phone number behind a
 * username; it is sent whole and unchanged. A phone number never contains a period, so the two
 * forms cannot be confused.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 */
export const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/** Whether `s` is a BSUID ({@link BSUID}), exactly as given (no trimming, no case folding). @internal */
export const isBsuid = (s: unknown): boolean => typeof s === "string" && BSUID.test(s);

/** The two recipient forms, for error messages. @internal */
export const RECIPIENT_FORMS =
  "an international number like +31612345678 (country code first, no leading 0, 8 to 15 digits) or a WhatsApp business-scoped user ID (BSUID) like US.13491208655302741918";

/** Why a recipient string is refused, in one sentence naming both accepted forms. @internal */
export function recipientProblem(input: unknown): string {
  const s = String(input);
  const shown = `"${s.slice(0, 40)}"`;
  if (/\(\s*0\s*\)/.test(s))
    return `is ${shown}; the "(0)" could not be dropped safely (it must follow the country code, and Italy, San Marino and Vatican City keep their 0). Write the number as dialled from abroad, e.g. +31612345678, or pass ${RECIPIENT_FORMS}.`;
  if (/^[a-z]{2}\./i.test(s) && s.includes("."))
    return `is ${shown}, which looks like a BSUID but is not one: a BSUID is two upper-case letters, a period (and "ENT." for a parent BSUID), then 1 to 128 letters and digits, passed exactly as Meta sent it. Expected ${RECIPIENT_FORMS}.`;
  return `is ${shown}; expected ${RECIPIENT_FORMS}.`;
}
