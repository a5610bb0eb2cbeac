/**
 * The one list of built-in providers. Everything that enumerates providers derives from it: the
 * webhook readers and signature checks (`parseWebhook`, `verifyWebhook`, `createWebhookHandler`),
 * the build's entry files, jsr.json's and package.json's provider exports (scripts/exports.mjs,
 * checked by test/node/registry.test.ts), the README's provider table (scripts/provider-table.mjs),
 * the playground's panels (demo/playground/server.mjs) and the test matrices.
 *
 * Adding a provider: a folder `src/providers/<folder>/` (its `index.ts` exports the factory named
 * `name`), one entry in {@link PROVIDERS}, `node scripts/exports.mjs --write`, its root re-export
 * in src/index.ts, and its tests. A provider with webhooks also has a
 * `webhook.ts` (the body reader) and a `signature.ts` (`signing`), and `webhooks: true` here: the
 * compiler then asks for its line in {@link READERS} and {@link SIGNING}. Only webhook code is
 * imported here, never a factory: a worker that imports `verifyWebhook` ships no compile code.
 * @module
 */
import type { Signing, WebhookReader } from "../webhooks/signing.ts";
import { parseBik } from "./bik/webhook.ts";
import { signing as bikSigning } from "./bik/signature.ts";
import { parseBird } from "./bird/webhook.ts";
import { signing as birdSigning } from "./bird/signature.ts";
import { parseCloudApi } from "./cloud-api/webhook.ts";
import { signing as cloudApiSigning } from "./cloud-api/signature.ts";
import { parseKaleyra } from "./kaleyra/webhook.ts";
import { signing as kaleyraSigning } from "./kaleyra/signature.ts";
import { parseZixflow } from "./zixflow/webhook.ts";
import { signing as zixflowSigning } from "./zixflow/signature.ts";

/** One built-in provider. @internal */
export interface ProviderEntry {
  /** The factory's export name, the provider's `name` and its webhook tag, e.g. `"cloudApi"`. */
  readonly name: string;
  /** The folder under `src/providers/` and the package subpath `wafluent/providers/<folder>`. */
  readonly folder: string;
  /** How tables and the playground title it. */
  readonly title: string;
  /** Placeholder settings that build it (compile only, never sent anywhere): tables, playground, tests. */
  readonly example: Readonly<Record<string, string>>;
  /** True for a provider that relays to another (the proxy): no column of its own in tables. */
  readonly relay?: true;
  /** True when wafluent reads its webhooks: then {@link READERS} and {@link SIGNING} must hold it (the compiler says so). */
  readonly webhooks?: true;
}

/** Every built-in provider, in the order tables list them. @internal */
export const PROVIDERS = [
  { name: "sandbox", folder: "sandbox", title: "sandbox", example: {} },
  {
    name: "bird",
    folder: "bird",
    title: "Bird",
    example: { accessKey: "k", workspaceId: "w", channelId: "c" },
    webhooks: true,
  },
  {
    name: "cloudApi",
    folder: "cloud-api",
    title: "Cloud API",
    example: { accessToken: "t", phoneNumberId: "1" },
    webhooks: true,
  },
  {
    name: "kaleyra",
    folder: "kaleyra",
    title: "Kaleyra",
    example: { apiKey: "k", sid: "s", from: "+31612345678", pod: "eu" },
    webhooks: true,
  },
  { name: "bik", folder: "bik", title: "Bik", example: { authToken: "t" }, webhooks: true },
  { name: "zixflow", folder: "zixflow", title: "Zixflow", example: { apiKey: "k", phoneId: "p" }, webhooks: true },
  { name: "proxy", folder: "proxy", title: "proxy", example: { url: "https://example.com/api/whatsapp" }, relay: true },
] as const satisfies readonly ProviderEntry[];

/** The providers whose webhooks wafluent reads. */
export type WebhookProvider = Extract<(typeof PROVIDERS)[number], { webhooks: true }>["name"];

/** Each webhook provider's body reader (`src/providers/<folder>/webhook.ts`). @internal */
export const READERS: { readonly [P in WebhookProvider]: WebhookReader } = {
  bird: parseBird,
  cloudApi: parseCloudApi,
  kaleyra: parseKaleyra,
  bik: parseBik,
  zixflow: parseZixflow,
};

/**
 * How each webhook provider's requests are authenticated (`src/providers/<folder>/signature.ts`).
 * Apart from {@link READERS} so that a worker that only verifies ships no reader.
 * @internal
 */
export const SIGNING: { readonly [P in WebhookProvider]: Signing } = {
  bird: birdSigning,
  cloudApi: cloudApiSigning,
  kaleyra: kaleyraSigning,
  bik: bikSigning,
  zixflow: zixflowSigning,
};

/** The webhook provider names, for checks at run time (from {@link SIGNING}, so a verifying worker ships no other list). @internal */
export const WEBHOOK_PROVIDERS = /* @__PURE__ */ Object.keys(SIGNING) as readonly WebhookProvider[];
