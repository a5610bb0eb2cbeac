/**
 * Template definitions: what the provider approved, as data. Pass them as
 * `whatsapp({ provider, templates })` and every `wa.template(name, …)` is checked (and typed)
 * against them before any I/O; {@link renderTemplate} shows what the recipient sees.
 * Nothing here reaches an app that does not import it.
 * @example
 * import { defineTemplates } from "wafluent/templates";
 * const templates = defineTemplates({
 *   order_update: {
 *     en_US: {
 *       category: "UTILITY",
 *       parameterFormat: "positional",
 *       body: { text: "Hi {{1}}, order {{2}} has shipped.", params: ["1", "2"] },
 *     },
 *   },
 * } as const);
 * @module
 */
export {
  defineTemplates,
  placeholders,
  type TemplateButtonDefinition,
  type TemplateDefinition,
  type TemplateHeaderDefinition,
  type Templates,
  type TemplateSpec,
  type TemplateSpecs,
} from "./send/templates/definition.ts";
export { fromCloudApi } from "./send/templates/cloud-api.ts";
export { renderTemplate, type RenderParams } from "./send/templates/render.ts";
export type { TemplatesLike, TypedTemplate, TypedTemplateOptions } from "./send/templates/types.ts";
