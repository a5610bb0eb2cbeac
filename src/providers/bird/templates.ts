/**
 * Bird's message templates read into definitions: the workspace's projects
 * (`GET /workspaces/{ws}/projects`), then each project's channel templates
 * (`GET /workspaces/{ws}/projects/{projectId}/channel-templates`), their WhatsApp content blocks,
 * variables, category and version. Only the `wafluent/cli` entry imports it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { definition, placeholders } from "../../send/templates/definition.ts";
import type { TemplateDefinition, TemplateHeaderDefinition } from "../../send/templates/model.ts";
import {
  isObj,
  type Listed,
  type ListingPage,
  str,
  templateSource,
  type TemplateSource,
} from "../../send/templates/listing.ts";

type Obj = Record<string, any>;

/** One page of a Bird listing: `{ results, nextPageToken }`; the next page is the same URL with `pageToken`. */
const birdPage = (body: unknown, url: string): ListingPage => {
  const results = isObj(body) ? body.results : undefined;
  if (!Array.isArray(results))
    throw new WaError("PROVIDER_ERROR", "bird answered a listing page without a `results` list.");
  const token = isObj(body) ? str(body.nextPageToken) : undefined;
  if (!token || results.length === 0) return { items: results };
  const next = new URL(url);
  next.searchParams.set("pageToken", token);
  return { items: results, next: next.href };
};

/** Bird's template status → the neutral one (`active` is Meta's approval). */
const status = (s: string | undefined) => (s === "active" ? "APPROVED" : (s ?? "UNKNOWN").toUpperCase());

/** The header of a block whose role is `header`. */
function header(where: string, b: Obj): TemplateHeaderDefinition {
  if (b.type === "text") {
    const text = str(isObj(b.text) ? b.text.text : undefined) ?? "";
    return { type: "text", text, params: placeholders(text) };
  }
  if (b.type === "image") return { type: "image" };
  if (b.type === "file") {
    const type = str(isObj(b.file) ? b.file.contentType : undefined) ?? "";
    return { type: type.startsWith("video/") ? "video" : "document" };
  }
  throw new WaError("UNSUPPORTED", `${where}: its ${JSON.stringify(b.type)} header block is not one wafluent reads.`);
}

/**
 * The definition of one WhatsApp locale of a channel template: text, image and file blocks in
 * the header, body and footer roles (`{{key}}` placeholders are the template's variables, sent
 * by name), the `whatsappCategory` deployment, the project id as its name (what
 * `wa.template(projectId, …)` sends) and `{ projectId, version, project }` as its ids.
 * @throws {WaError} `UNSUPPORTED` for a block wafluent does not read (buttons, carousels).
 */
function fromBird(project: { id: string; name: string }, t: Obj, content: Obj): TemplateDefinition {
  const locale = str(content.locale) ?? str(t.defaultLocale) ?? "";
  const where = `\`${project.name}\` (${locale})`;
  const deployments = Array.isArray(t.deployments) ? t.deployments.filter(isObj) : [];
  const category = deployments.find(
    (d) => d.key === "whatsappCategory" && (d.locale === undefined || d.locale === "" || d.locale === locale),
  )?.value;
  const spec: Obj = {
    category: (str(category) ?? "").toUpperCase(),
    status: status(str(isObj(t.localeStatuses) ? t.localeStatuses[locale] : undefined) ?? str(t.status)),
    parameterFormat: "named",
    ids: { projectId: project.id, version: str(t.id) ?? "latest", project: project.name },
  };
  for (const b of Array.isArray(content.blocks) ? content.blocks : []) {
    if (!isObj(b)) continue;
    const text = b.type === "text" ? (str(isObj(b.text) ? b.text.text : undefined) ?? "") : undefined;
    if (b.role === "header") spec.header = header(where, b);
    else if (b.role === "body" && text !== undefined) spec.body = { text, params: placeholders(text) };
    else if (b.role === "footer" && text !== undefined) spec.footer = text;
    else
      throw new WaError(
        "UNSUPPORTED",
        `${where}: its ${JSON.stringify(b.type)} block (role ${JSON.stringify(b.role)}) is not one wafluent reads; describe it with defineTemplates() instead.`,
      );
  }
  spec.body ??= { text: "", params: [] };
  return definition(project.id, locale, spec);
}

/** Each WhatsApp locale of one project's channel templates: its active version, else the first listed. */
function projectTemplates(project: { id: string; name: string }, versions: unknown[]): Listed[] {
  const byLocale = new Map<string, { t: Obj; content: Obj }>();
  for (const t of versions.filter(isObj))
    for (const content of (Array.isArray(t.platformContent) ? t.platformContent : []).filter(isObj)) {
      if (content.platform !== undefined && content.platform !== "whatsapp") continue;
      const locale = str(content.locale) ?? str(t.defaultLocale) ?? "";
      const had = byLocale.get(locale);
      if (!had || (had.t.status !== "active" && t.status === "active")) byLocale.set(locale, { t, content });
    }
  return [...byLocale].map(([locale, { t, content }]) => ({
    name: project.name,
    language: locale,
    status: status(str(isObj(t.localeStatuses) ? t.localeStatuses[locale] : undefined) ?? str(t.status)),
    read: () => fromBird(project, t, content),
  }));
}

/**
 * Bird as a template source: `BIRD_ACCESS_KEY` (sent as `Authorization: AccessKey …`) and
 * `BIRD_WORKSPACE_ID`. Each template is filed under its project id, the name
 * `wa.template(projectId, …)` sends.
 * @example
 * const { definitions } = await birdTemplates.pull({ accessKey, workspaceId }, {});
 */
export const birdTemplates: TemplateSource = templateSource({
  provider: "bird",
  label: "bird",
  credentials: [
    { key: "accessKey", env: "BIRD_ACCESS_KEY", secret: true, what: "an access key allowed to view projects" },
    { key: "workspaceId", env: "BIRD_WORKSPACE_ID", shape: /^[A-Za-z0-9-]+$/, what: "the workspace's id" },
  ],
  auth: ({ accessKey }) => ({ authorization: `AccessKey ${accessKey}` }),
  refused: ["access key", "BIRD_ACCESS_KEY and that its access policy may view /workspaces/*/projects"],
  baseUrl: "https://api.bird.com",
  first: ({ workspaceId }) => `/workspaces/${workspaceId}/projects?limit=100`,
  page: birdPage,
  // Each listed item is a project: its channel templates are listed under it.
  templates: async (p, { credentials, list }) => {
    if ((p.type !== undefined && p.type !== "channelTemplate") || typeof p.id !== "string") return [];
    if (!/^[A-Za-z0-9-]+$/.test(p.id)) return [];
    const versions = await list(`/workspaces/${credentials.workspaceId}/projects/${p.id}/channel-templates?limit=100`);
    return projectTemplates({ id: p.id, name: str(p.name) ?? p.id }, versions);
  },
});
