/**
 * The `templates` option of the edge entries (`createQueueConsumer`, `createProxyHandler`): the
 * definitions `whatsapp({ templates })` takes, giving each template send the same check before
 * any I/O and a provider that routes by them (`cloudApi({ marketingMessages: true })`) its copy
 * bound to them. @internal
 * @module
 */
import { type Issue, WaError } from "../core/errors.ts";
import { kindOf } from "../send/config.ts";
import { boundToTemplates, type Provider, templateCheck } from "../send/provider.ts";

/** What the `templates` option gives an entry. @internal */
export interface TemplatesOption {
  /** The issues of a message that does not match its template's definition (none for other messages). */
  check(message: unknown): Issue[];
  /** `provider`, or its copy bound to the definitions when it routes by them; made once per provider. */
  bind(provider: Provider): Provider;
}

/**
 * The `templates` option of `where`, or `undefined` when it is left out.
 * @throws {WaError} `CONFIG` naming `where` when `templates` is not what `defineTemplates()` returns.
 * @example const t = templatesOption("createQueueConsumer(options)", options.templates); t?.bind(provider)
 * @internal
 */
export function templatesOption(where: string, templates: unknown): TemplatesOption | undefined {
  if (templates === undefined) return undefined;
  // Definitions carry their own check (wafluent/templates): none of its code is here.
  const check = templateCheck(templates);
  if (check === undefined)
    throw new WaError(
      "CONFIG",
      `${where}: \`templates\` must be what defineTemplates() returns (wafluent/templates), or the module \`wafluent templates pull\` writes; received ${kindOf(templates, true)}.`,
    );
  const copies = new WeakMap<Provider, Provider>();
  return {
    check,
    bind(provider) {
      let copy = copies.get(provider);
      if (copy === undefined) {
        copy = boundToTemplates(provider, templates);
        copies.set(provider, copy);
      }
      return copy;
    },
  };
}
