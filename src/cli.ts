/**
 * What the `wafluent templates pull | check` command runs (Node only; nothing here reaches a
 * worker bundle or the browser file): each provider's template listing read into definitions,
 * and the module it writes. Runtime-neutral code (only `fetch`), exported so a build script can
 * pull without the command.
 * @example
 * import { pullTemplates, templatesModule } from "wafluent/cli";
 * const { definitions } = await pullTemplates({ provider: "cloud-api", token, wabaId });
 * await writeFile("src/templates.ts", templatesModule(definitions, "cloud-api"));
 * @module
 */
import { WaError } from "./core/errors.ts";
import type { ListingContext, PullResult, TemplateSource } from "./send/templates/listing.ts";
import { dialog360Templates } from "./providers/360dialog/templates.ts";
import { birdTemplates } from "./providers/bird/templates.ts";
import { cloudApiTemplates } from "./providers/cloud-api/templates.ts";
import { infobipTemplates } from "./providers/infobip/templates.ts";
import { kaleyraTemplates } from "./providers/kaleyra/templates.ts";
import { twilioTemplates } from "./providers/twilio/templates.ts";

export type { ListingContext, PullResult, SourceCredential, TemplateSource } from "./send/templates/listing.ts";
export { templatesModule } from "./send/templates/module.ts";

/** The providers whose template listing `pullTemplates` reads, by `--provider` name. */
export const TEMPLATE_SOURCES: Readonly<
  Record<"cloud-api" | "kaleyra" | "bird" | "twilio" | "infobip" | "360dialog", TemplateSource>
> = Object.freeze({
  "cloud-api": cloudApiTemplates,
  kaleyra: kaleyraTemplates,
  bird: birdTemplates,
  twilio: twilioTemplates,
  infobip: infobipTemplates,
  "360dialog": dialog360Templates,
});

/** Providers without a listing wafluent reads, and why: their templates are described with `defineTemplates()`. */
export const NO_LISTING: Readonly<Record<string, string>> = Object.freeze({
  bik: "Bik's API documentation gives no template listing endpoint",
  zixflow: "Zixflow's API documentation gives no template listing endpoint",
  sandbox: "the sandbox has no approved templates",
  proxy: "a proxy sends through the provider behind it: pull from that provider",
});

/** Options of {@link pullTemplates}: the provider, its credentials and where to list. */
export type PullOptions = ListingContext &
  (
    | { provider: "cloud-api"; token: string; wabaId: string }
    | { provider: "kaleyra"; apiKey: string; sid: string; wabaId: string }
    | { provider: "bird"; accessKey: string; workspaceId: string }
    | { provider: "twilio"; accountSid: string; authToken: string }
    | { provider: "infobip"; apiKey: string; sender: string }
    | { provider: "360dialog"; apiKey: string }
  );

/**
 * Lists a provider's templates (every page) and reads them into definitions: the Cloud API
 * (`GET /{WABA_ID}/message_templates`), Kaleyra (`GET /v2/{SID}/whatsapp/{WABA_ID}/message_templates`),
 * Bird (the workspace's projects and their channel templates), Twilio (`GET /v1/ContentAndApprovals`) or Infobip
 * (`GET /whatsapp/2/senders/{sender}/templates`, `baseUrl` required) or 360dialog
 * (`GET /v1/configs/templates`). Approved templates only,
 * unless `all`.
 * @throws {WaError} `CONFIG` for another provider (naming why and `defineTemplates()`), or a
 *   missing or malformed credential or `baseUrl`; `NETWORK` when the API cannot be reached.
 * @throws {ProviderError} `AUTH` (401/403), `RATE_LIMITED` (429 after 3 attempts) or `PROVIDER_ERROR`.
 * @example
 * const { definitions, skipped } = await pullTemplates({ provider: "bird", accessKey, workspaceId });
 */
export async function pullTemplates(options: PullOptions): Promise<PullResult> {
  const name = (options as { provider?: unknown }).provider;
  const source =
    typeof name === "string" && Object.hasOwn(TEMPLATE_SOURCES, name)
      ? TEMPLATE_SOURCES[name as keyof typeof TEMPLATE_SOURCES]
      : undefined;
  if (!source)
    throw new WaError(
      "CONFIG",
      `pullTemplates() \`provider\` ${JSON.stringify(name)}: ${
        typeof name === "string" && Object.hasOwn(NO_LISTING, name)
          ? `${NO_LISTING[name]}; describe its templates with defineTemplates() (docs/templates.md).`
          : `wafluent reads the template listing of ${Object.keys(TEMPLATE_SOURCES).join(", ")}.`
      }`,
    );
  const credentials: Record<string, string | undefined> = {};
  for (const c of source.credentials) {
    const v = (options as unknown as Record<string, unknown>)[c.key];
    credentials[c.key] = typeof v === "string" ? v : undefined;
  }
  return source.pull(credentials, {
    baseUrl: options.baseUrl,
    all: options.all,
    fetch: options.fetch,
    onPage: options.onPage,
  });
}
