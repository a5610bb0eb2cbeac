// One valid neutral message of every kind, for tests that must cover every kind on every
// provider (the Deno matrix, the workerd worker). Not a test file itself.
import type { Kind, Message, MessageOf } from "../src/index.ts";
import { PROVIDERS } from "../src/providers/registry.ts";

const to = "+31612345678";
const img = "https://example.com/parcel.jpg";

export const SAMPLES: { readonly [K in Kind]: MessageOf<K> } = {
  text: { to, type: "text", body: "Your order shipped: https://example.com/t/1042", previewUrl: true },
  image: { to, type: "image", media: [{ url: img, caption: "Your parcel" }] },
  video: { to, type: "video", media: [{ url: "https://example.com/unboxing.mp4", caption: "Unboxing" }] },
  audio: { to, type: "audio", media: [{ url: "https://example.com/note.mp3" }] },
  document: {
    to,
    type: "document",
    media: [{ url: "https://example.com/invoice.pdf", filename: "invoice.pdf", caption: "Invoice" }],
  },
  sticker: { to, type: "sticker", media: [{ url: "https://example.com/thanks.webp" }] },
  location: {
    to,
    type: "location",
    location: { latitude: 52.3731, longitude: 4.8926, name: "Dam Square", address: "Amsterdam" },
  },
  contacts: {
    to,
    type: "contacts",
    contacts: [
      {
        name: { formatted_name: "Ada Lovelace", first_name: "Ada" },
        phones: [{ phone: "+441234567890", type: "WORK" }],
      },
    ],
  },
  reaction: { to, type: "reaction", reaction: { messageId: "wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI", emoji: "👍" } },
  buttons: {
    to,
    type: "buttons",
    body: "Order #1042 shipped",
    header: { type: "text", text: "Acme" },
    footer: "Reply STOP to opt out",
    buttons: [
      { id: "track", title: "Track" },
      { id: "help", title: "Help" },
    ],
  },
  list: {
    to,
    type: "list",
    body: "What would you like?",
    header: { type: "text", text: "Menu" },
    button: "Choose",
    sections: [
      {
        title: "Pizza",
        rows: [
          { id: "p1", title: "Margherita" },
          { id: "p2", title: "Diavola", description: "Spicy salami" },
        ],
      },
    ],
  },
  link: {
    to,
    type: "link",
    body: "See what's new",
    footer: "Acme",
    link: { text: "Open shop", url: "https://example.com/shop" },
  },
  locationRequest: { to, type: "locationRequest", body: "Where should we deliver?" },
  template: {
    to,
    type: "template",
    template: {
      name: "order_update",
      language: "en_US",
      body: [
        { type: "text", text: "Ada" },
        { type: "text", text: "#1042" },
      ],
    },
  },
  product: {
    to,
    type: "product",
    body: "Back in stock",
    footer: "Acme",
    product: { catalogId: "367025965434465", productId: "SKU-1042" },
  },
  productList: {
    to,
    type: "productList",
    body: "Our summer picks",
    header: { type: "text", text: "Summer" },
    footer: "Acme",
    catalogId: "367025965434465",
    sections: [
      { title: "Tops", productIds: ["SKU-1", "SKU-2"] },
      { title: "Shoes", productIds: ["SKU-3"] },
    ],
  },
  catalog: {
    to,
    type: "catalog",
    body: "Browse our shop",
    footer: "Acme",
    catalog: { thumbnailProductId: "SKU-1042" },
  },
  flow: {
    to,
    type: "flow",
    body: "Book a table",
    header: { type: "text", text: "Bistro" },
    footer: "Acme",
    flow: { id: "1234567890", cta: "Book", token: "tok-1042", screen: "WELCOME", data: { guests: 2 } },
  },
};

/** One media header of each type, as `.header()` takes them, for the providers' header tests. */
export const MEDIA_HEADERS = [
  { image: "https://e.com/h.image" },
  { video: "https://e.com/h.video" },
  { document: "https://e.com/h.document" },
] as const;

/**
 * The plainest message of every kind: a provider that lists a kind in `kinds` must compile
 * this one (richer samples above may still meet feature-level UnsupportedErrors).
 */
export const MINIMAL: { readonly [K in Kind]: MessageOf<K> } = {
  text: { to, type: "text", body: "Hi" },
  image: { to, type: "image", media: [{ url: img }] },
  video: { to, type: "video", media: [{ url: "https://example.com/unboxing.mp4" }] },
  audio: { to, type: "audio", media: [{ url: "https://example.com/note.mp3" }] },
  document: { to, type: "document", media: [{ url: "https://example.com/invoice.pdf" }] },
  sticker: { to, type: "sticker", media: [{ url: "https://example.com/thanks.webp" }] },
  location: { to, type: "location", location: { latitude: 52.3731, longitude: 4.8926 } },
  contacts: { to, type: "contacts", contacts: [{ name: { formatted_name: "Ada Lovelace" } }] },
  reaction: { to, type: "reaction", reaction: { messageId: "wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI", emoji: "👍" } },
  buttons: { to, type: "buttons", body: "Pick", buttons: [{ id: "a", title: "A" }] },
  list: { to, type: "list", body: "Pick", button: "Choose", sections: [{ rows: [{ id: "a", title: "A" }] }] },
  link: { to, type: "link", body: "See", link: { text: "Open", url: "https://example.com/shop" } },
  locationRequest: { to, type: "locationRequest", body: "Where?" },
  // Bird addresses templates by Studio project id, given through its options bag.
  template: {
    to,
    type: "template",
    template: { name: "order_update", language: "en_US" },
    options: { bird: { projectId: "0b3c5e8a-4f1d-4a6b-9c2e-7d8f9a0b1c2d" } },
  },
  product: { to, type: "product", product: { catalogId: "367025965434465", productId: "SKU-1042" } },
  productList: {
    to,
    type: "productList",
    body: "Picks",
    header: { type: "text", text: "Summer" },
    catalogId: "367025965434465",
    sections: [{ productIds: ["SKU-1"] }],
  },
  catalog: { to, type: "catalog", body: "Shop", catalog: { thumbnailProductId: "SKU-1042" } },
  flow: { to, type: "flow", body: "Book", flow: { name: "booking", cta: "Book" } },
};

/**
 * Provider factories with placeholder settings (compile does no I/O), one per provider of the
 * registry (src/providers/registry.ts): a provider added there is covered without editing the tests.
 * Tests iterate over the ones the build exports.
 */
export const FACTORIES: Record<string, unknown> = Object.fromEntries(PROVIDERS.map((p) => [p.name, p.example]));

/**
 * The plainest message of `kind` that `provider` can address: {@link MINIMAL}, except that Twilio
 * sends templates by Content SID (the template's name), never by a WhatsApp template name.
 */
export function minimalFor(provider: string, kind: Kind): Message {
  const m = MINIMAL[kind];
  if (provider === "twilio" && m.type === "template")
    return { ...m, template: { ...m.template, name: "HXb5b62575e6e4ff6129ad7c8efe1f983e" } };
  return m;
}
