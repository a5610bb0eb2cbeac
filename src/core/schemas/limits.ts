/**
 * WhatsApp's limits, in one place (Meta's docs:
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages).
 * Lengths count Unicode code points: see `chars()` in `./common.ts` for why.
 * Provider-only limits live next to their provider, not here.
 * @module
 */
export const LIMITS = {
  text: 4096,
  caption: 1024,
  altText: 1024,
  body: 1024,
  header: 60,
  footer: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  linkText: 20,
  contacts: 5,
  locationText: 1000,
  images: 10,
  templateParam: 32768,
  templateName: 512,
  url: 2048,
  productSections: 10,
  products: 30,
  flowCta: 30,
} as const;
