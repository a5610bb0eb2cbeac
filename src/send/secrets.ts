/**
 * The one redactor: every credential a provider holds is registered here in every form it can
 * take on the wire or in an echo (raw, trimmed, `Bearer`/`Basic`/`AccessKey` prefixed, base64,
 * base64url, decoded `key:secret` and its parts, URL- and JSON-escaped), and the transport
 * replaces each of them with `[redacted]` in everything it hands back: error messages, stacks,
 * causes, `raw` bodies of errors and of successes. No runtime dependency (no ky), so providers
 * can register without pulling the transport in.
 * @module
 */
import { setOwn } from "../core/json.ts";
import type { Provider } from "./provider.ts";
import type { Scrubber } from "./answers.ts";

/** What a credential is replaced with. @internal */
export const REDACTED = "[redacted]";

/**
 * The key of a provider's registered credentials: a function returning every form of every
 * secret, longest first. `Symbol.for`, so it survives bundling twice and crossing realms; a
 * function, so logging the provider shows `[Function]`, never the values; enumerable, so a
 * wrapper made by spreading a provider (`{ ...provider, compile }`) keeps it.
 * @internal
 */
export const SECRETS: unique symbol = Symbol.for("wafluent.secrets") as never;

/** Forms shorter than this are not redacted: no credential is that short, and prose would be mangled. */
const MIN = 4;
const PREFIXES = ["Bearer", "Basic", "AccessKey", "Token", "Key"];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Base64 of the UTF-8 bytes of `text` (`btoa`; no Buffer).
 * @throws nothing (lone surrogates encode as U+FFFD)
 * @example base64("key:secret") // "a2V5OnNlY3JldA=="
 * @internal
 */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The UTF-8 text a base64 (or base64url) string encodes, when it is printable text. */
function decode64(text: string): string | undefined {
  if (text.length < 8 || text.length > 65_536) return undefined;
  const std = BASE64.test(text) ? text : BASE64URL.test(text) ? text.replace(/-/g, "+").replace(/_/g, "/") : undefined;
  if (std === undefined) return undefined;
  try {
    const binary = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // Only printable text is a credential form; random bytes that happen to decode are not.
    return /^[\x20-\x7e\u00a0-\uffff]+$/.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every form a credential can appear in: itself and trimmed; with each auth-scheme prefix
 * (`Bearer x`, `Basic x`, `AccessKey x`, …) and without it; its base64 and base64url (also
 * unpadded); what it decodes to when it is base64 (`key:secret`) and both halves of a
 * `key:secret`; each of these URL-encoded and JSON-escaped. Longest first, deduplicated, none
 * shorter than 4 characters.
 * @example secretForms("Basic a2V5OnNlY3JldA==") // ["Basic a2V5OnNlY3JldA==", …, "key:secret", "secret", …]
 * @internal
 */
export function secretForms(...credentials: readonly unknown[]): string[] {
  const found = new Set<string>();
  const queue: string[] = [];
  const add = (v: string) => {
    if (v.length >= MIN && !found.has(v)) {
      found.add(v);
      queue.push(v);
    }
  };
  for (const c of credentials) if (typeof c === "string") add(c);
  // Each new form may have forms of its own (a Basic token's payload has two halves); bounded.
  for (let i = 0; i < queue.length && i < 64; i++) for (const next of worked(queue[i]!)[0]) add(next);
  const out = new Set<string>();
  for (const v of queue) for (const form of worked(v)[1]) out.add(form);
  return [...out].filter((v) => v.length >= MIN).sort((a, b) => b.length - a.length);
}

/**
 * Values already worked out: what each leads to and the forms it takes. A client registers and
 * sends with the same few (a token, `Bearer token`): each is decoded and encoded once, whichever
 * list it ends up in. At most 256.
 */
const WORKED = new Map<string, readonly [next: string[], forms: string[]]>();

/**
 * What `v` leads to (trimmed; without its auth scheme; what it decodes to when it is base64; both
 * halves of a `key:secret`) and the forms it takes (itself and its base64, each also unpadded and
 * as base64url; with each scheme prefix; URL-encoded; JSON-escaped), in the order they are added.
 */
function worked(v: string): readonly [string[], string[]] {
  let known = WORKED.get(v);
  if (known) return known;
  const trimmed = v.trim();
  const next = [trimmed];
  const scheme = /^(\S+)\s+(\S.*)$/s.exec(trimmed);
  if (scheme) next.push(scheme[2]!);
  const decoded = decode64(trimmed);
  if (decoded !== undefined) next.push(decoded);
  const colon = v.indexOf(":");
  if (colon > 0 && !/^https?:/i.test(v)) next.push(v.slice(0, colon), v.slice(colon + 1));
  const forms: string[] = [];
  for (const e of [v, base64Safe(v)])
    if (e !== undefined) forms.push(e, unpadded(e), unpadded(e.replace(/\+/g, "-").replace(/\//g, "_")));
  for (const p of PREFIXES) forms.push(`${p} ${v}`);
  // URL-encoded as a path or query part, as a form field (spaces as `+`, `!'()*` escaped), JSON-escaped.
  forms.push(encodeURIComponentSafe(v), formEncoded(v), JSON.stringify(v).slice(1, -1));
  if (WORKED.size >= 256) WORKED.clear();
  WORKED.set(v, (known = [next, forms]));
  return known;
}

/** `v` without its trailing `=` (a loop: `/=+$/` is quadratic on a run of `=` not at the end). */
function unpadded(v: string): string {
  let end = v.length;
  while (end > 0 && v[end - 1] === "=") end--;
  return v.slice(0, end);
}

function base64Safe(v: string): string | undefined {
  try {
    return v.length > 65_536 ? undefined : base64(v);
  } catch {
    return undefined;
  }
}

/** `v` as a form-encoded value (`application/x-www-form-urlencoded`, as URLSearchParams writes it). */
function formEncoded(v: string): string {
  return new URLSearchParams([["", v]]).toString().slice(1);
}

function encodeURIComponentSafe(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v; // a lone surrogate: the factories refuse those, this only keeps the redactor total
  }
}

/**
 * Registers `credentials` (every form, see {@link secretForms}) on `provider` for the transport's
 * redactor, and returns `provider`; called again, it adds to what is registered. Call it before
 * freezing the provider. (`httpProvider` calls it with the credentials it is given.)
 * @throws {TypeError} when `provider` is frozen already.
 * @example return withSecrets(httpProvider({ name: "mine", kinds, compile, parseSuccess, parseError }), apiKey);
 * @internal
 */
export function withSecrets<P extends Provider>(provider: P, ...credentials: readonly unknown[]): P {
  const before = registeredSecrets(provider);
  // Worked out when first asked for (a provider that never sends never pays for it), then kept.
  let forms: readonly string[] | undefined;
  Object.defineProperty(provider, SECRETS, {
    value: () =>
      (forms ??= Object.freeze(
        [...new Set([...before, ...secretForms(...credentials)])].sort((a, b) => b.length - a.length),
      )),
    enumerable: true,
    configurable: true,
  });
  return provider;
}

/**
 * The forms registered on `provider`, or none.
 * @throws nothing
 * @example registeredSecrets(bird({ accessKey, workspaceId, channelId })) // ["AccessKey …", …]
 * @internal
 */
export function registeredSecrets(provider: unknown): readonly string[] {
  try {
    const get = (provider as { [SECRETS]?: unknown } | null | undefined)?.[SECRETS];
    const forms = typeof get === "function" ? (get as () => unknown)() : undefined;
    return Array.isArray(forms) ? forms.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}

/**
 * `text` with every secret replaced by `[redacted]` (pass the secrets longest first).
 * @throws nothing
 * @example scrub("key k-123 refused", ["k-123"]) // "key [redacted] refused"
 * @internal
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let s = text;
  for (const secret of secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
  return s;
}

/**
 * `value` with every secret inside its strings (keys included) replaced; the same object when
 * nothing matched. Cycles and very deep values are cut off as `"[…]"`.
 * @throws nothing
 * @example scrubDeep({ error: { message: "bad key k-123" } }, ["k-123"]) // { error: { message: "bad key [redacted]" } }
 * @internal
 */
export function scrubDeep(value: unknown, secrets: readonly string[]): unknown {
  return secrets.length === 0 ? value : deep(value, secrets, []);
}

/** `scrubDeep` below the top: `path` holds the objects being walked (a cycle meets one of them). */
function deep(value: unknown, secrets: readonly string[], path: object[]): unknown {
  if (typeof value === "string") return scrub(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (path.length > 32 || path.includes(value)) return "[…]";
  path.push(value);
  // Nothing is copied until something changes: an answer without a credential costs no garbage.
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = (value as Record<string, unknown>)[k];
    const w = deep(v, secrets, path);
    const key = scrub(k, secrets);
    if (!out && (w !== v || key !== k)) {
      out = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, (value as Record<string, unknown>)[keys[j]!]);
    }
    // An own "__proto__" key (JSON.parse makes one) stays data: assigned, it would set the prototype.
    if (out) setOwn(out, key, w);
  }
  path.pop();
  return out ?? value;
}

/**
 * A string for any thrown value, even one whose `toString` throws; at most 2 000 characters.
 * @throws nothing
 * @example describeThrown("token k-123 expired") // "token k-123 expired" (scrub it next)
 * @internal
 */
export function describeThrown(value: unknown): string {
  try {
    if (value instanceof Error) return value.message.slice(0, 2000);
    const s = typeof value === "object" && value !== null ? (JSON.stringify(value) ?? String(value)) : String(value);
    return s.slice(0, 2000);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The {@link Scrubber} of one send: takes `secrets()` (worked out when first needed) out of
 * strings and JSON values. @internal
 */
export function scrubbing(secrets: () => readonly string[]): Scrubber {
  return { text: (text) => scrub(text, secrets()), deep: (value) => scrubDeep(value, secrets()) };
}
