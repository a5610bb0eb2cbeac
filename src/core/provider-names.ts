/**
 * The names of the built-in providers, in the registry's order: the one list the layers below the
 * registry read (the builder's misspelt `.options()` key check). The registry
 * (src/providers/registry.ts) does not compile unless its entries' names are exactly these, in
 * this order, so the two cannot drift apart.
 * @module
 */

/**
 * Every built-in provider's name (its factory's export name and `provider.name`), in registry order.
 * @example PROVIDER_NAMES.includes("twilio") // true
 * @internal
 */
export const PROVIDER_NAMES = [
  "sandbox",
  "bird",
  "cloudApi",
  "kaleyra",
  "bik",
  "zixflow",
  "dialog360",
  "twilio",
  "infobip",
  "proxy",
] as const;

/** A built-in provider's name, e.g. `"cloudApi"`. @internal */
export type ProviderName = (typeof PROVIDER_NAMES)[number];
