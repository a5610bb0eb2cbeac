/**
 * `defineWebhooks`: a webhook definition of your own, checked once, that `verifyWebhook`,
 * `parseWebhook` and `createWebhookHandler` take as `provider` like a built-in name.
 * @module
 */
import { WaError } from "../core/errors.ts";
import type { WebhookDefinition } from "./signing.ts";
import type { WebhookReader } from "./webhook-body.ts";

/** The definitions {@link defineWebhooks} checked: the only objects the webhook entries take as `provider`. */
const DEFINED = /* @__PURE__ */ new WeakSet<object>();

/** Whether `x` is a definition {@link defineWebhooks} made. Never throws. @internal */
export const isDefinition = (x: unknown): x is WebhookDefinition => DEFINED.has(x as object);

/** The keys a definition may have. */
const KEYS = ["name", "secretHint", "verify", "read", "auth", "challenge"];

/** A `CONFIG` error about one field of a definition. */
const bad = (field: string, problem: string) =>
  new WaError("CONFIG", `defineWebhooks(definition): ${field} ${problem}.`);

/**
 * A webhook definition for a provider wafluent does not ship, checked now and frozen: pass it as
 * `provider` to `verifyWebhook`, `parseWebhook` and `createWebhookHandler`, as you would a built-in
 * name. `verify` checks the request (e.g. {@link hmacSignature}; leave it out for a shared secret
 * in a header, Basic auth or the query, chosen by `auth`); `read` turns the raw body into events
 * (`jsonReader`, `formReader`, or your own function of the text and headers).
 * @throws {WaError} `CONFIG` naming the field and the fix: `name` not an identifier-like string,
 *   `secretHint` empty, `verify` or `read` not a function, `auth` not `"header"`, `"basic"` or
 *   `"query"`, `challenge` not a boolean, or a key it does not know.
 * @example
 * import { defineWebhooks, formReader, hmacSignature } from "wafluent/provider-kit";
 * export const gatewayWebhooks = defineWebhooks({
 *   name: "gateway",
 *   secretHint: "the gateway's webhook key",
 *   verify: hmacSignature({ header: "x-gateway-signature", encoding: "base64" }),
 *   read: formReader((f) => [{ type: "unknown", provider: "gateway", raw: f }]),
 * });
 * const events = parseWebhook(await request.text(), { provider: gatewayWebhooks });
 */
export function defineWebhooks<const N extends string>(
  definition: Omit<WebhookDefinition<N>, "read"> & { readonly read: WebhookReader<NoInfer<N>> },
): WebhookDefinition<N> {
  const d = definition as unknown;
  if (typeof d !== "object" || d === null)
    throw new WaError(
      "CONFIG",
      `defineWebhooks(definition) takes an object { name, secretHint, verify?, read }; got ${d === null ? "null" : typeof d}.`,
    );
  const o = d as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!KEYS.includes(key)) throw bad(JSON.stringify(key), `is not a field of a definition; use ${KEYS.join(", ")}`);
  const { name, secretHint, verify, read, auth, challenge } = o;
  if (typeof name !== "string" || !/^[A-Za-z][\w-]{0,63}$/.test(name))
    throw bad(
      "name",
      'must be the provider\'s name as its events carry it: a letter, then up to 63 letters, digits, _ or -, e.g. "gateway"',
    );
  if (typeof secretHint !== "string" || secretHint.trim() === "")
    throw bad("secretHint", 'must say what the secret is, e.g. "the gateway\'s webhook key" (never the secret itself)');
  if (verify !== undefined && typeof verify !== "function")
    throw bad(
      "verify",
      "must be a signature check (request, options) => BodyCheck, e.g. hmacSignature({ … }); leave it out for a shared secret",
    );
  if (typeof read !== "function")
    throw bad("read", "must be a reader (body) => events, e.g. jsonReader((json) => …) or formReader((fields) => …)");
  if (auth !== undefined && auth !== "header" && auth !== "basic" && auth !== "query")
    throw bad("auth", 'must be "header", "basic" or "query" (where the shared secret is), or left out');
  if (challenge !== undefined && typeof challenge !== "boolean")
    throw bad("challenge", "must be true (Meta's GET subscription check) or left out");
  // Built from the values checked above: a getter is read once, so what was checked is what is kept.
  const checked: Record<string, unknown> = { name, secretHint, verify, read, auth, challenge };
  for (const key of KEYS) if (checked[key] === undefined) delete checked[key];
  const out = Object.freeze(checked as unknown as WebhookDefinition<N>);
  DEFINED.add(out);
  return out;
}
