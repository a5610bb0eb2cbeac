/**
 * The credentials of one request, for the redactor: the forms its provider registered
 * (`withSecrets`) and every form of its header values (but a few that never hold one) and query
 * values. Part of the HTTP transport, so only a provider that sends over HTTP loads it.
 * @module
 */
import type { HttpRequest, Provider } from "./provider.ts";
import { registeredSecrets, secretForms } from "./secrets.ts";

/** Headers whose values are never credentials; every other request header is redacted. @internal */
export const SAFE = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "content-type",
  "content-length",
  "user-agent",
]);

/** Names of HTTP auth schemes (RFC 9110 and the providers' own): words of a header value that are not secret. */
const SCHEME = /^(?:accesskey|apikey|basic|bearer|digest|key|token)$/i;

/** Forms of header and query values already worked out (a client sends with the same few). */
const FORMS = new Map<string, readonly string[]>();
const formsOf = (value: string): readonly string[] => {
  let forms = FORMS.get(value);
  if (!forms) {
    if (FORMS.size >= 256) FORMS.clear();
    forms = secretForms(value);
    FORMS.set(value, forms);
  }
  return forms;
};

/**
 * Every credential form of a request: those the provider registered, and every form (decoded,
 * prefixed, encoded, see `secretForms`) of its non-safe header values and query values.
 * @internal
 */
export function secretsOf(req: HttpRequest | undefined, request?: Request, provider?: Provider): readonly string[] {
  // A client sends with the same headers again and again: work the list out once per provider and headers.
  if (request || !req || !provider || typeof provider !== "object") return collect(req, request, provider);
  let memo = MEMO.get(provider);
  if (!memo) MEMO.set(provider, (memo = { url: "", names: [], values: [], list: [], lists: new Map() }));
  // The last headers seen, compared name by name and value by value: no key string, no garbage.
  const headers = req.headers;
  let i = 0;
  let same = memo.url === req.url && memo.list.length > 0;
  for (const name in headers) {
    if (!same) break;
    same = memo.names[i] === name && memo.values[i] === headers[name];
    i++;
  }
  if (same && i === memo.names.length) return memo.list;
  let key = req.url;
  for (const name of Object.keys(headers)) key += `\n${name}\n${text(headers[name])}`;
  let list = memo.lists.get(key);
  if (!list) {
    if (memo.lists.size >= 16) memo.lists.clear();
    list = collect(req, undefined, provider);
    memo.lists.set(key, list);
  }
  Object.assign(memo, { url: req.url, names: Object.keys(headers), values: Object.values(headers), list });
  return list;
}

/** Per provider: the credential lists of its last few header sets, and the last one used. */
interface Memo {
  url: string;
  names: string[];
  values: unknown[];
  list: readonly string[];
  lists: Map<string, readonly string[]>;
}

const MEMO = new WeakMap<object, Memo>();

/** A header value as text; `""` for one that cannot be text (fetch refused to send it). */
function text(v: unknown): string {
  try {
    return String(v);
  } catch {
    return "";
  }
}

function collect(req: HttpRequest | undefined, request?: Request, provider?: Provider): string[] {
  const out: string[] = [...registeredSecrets(provider)];
  const add = (v: string) => {
    out.push(...formsOf(v));
    // Each word too, but not an auth scheme's name (`AccessKey`, `Bearer`): it is no secret, and
    // a sentence that names it ("sent as `AccessKey <key>`") must stay readable.
    for (const part of v.split(/\s+/)) if (part !== v && !SCHEME.test(part)) out.push(...formsOf(part));
  };
  if (req) for (const [k, v] of Object.entries(req.headers)) if (!SAFE.has(k.toLowerCase())) add(text(v));
  if (request) request.headers.forEach((v, k) => (SAFE.has(k) ? undefined : add(v)));
  for (const url of [req?.url, request?.url]) {
    if (!url) continue;
    try {
      new URL(url).searchParams.forEach((v) => add(v));
    } catch {
      // Not a URL: nothing to collect.
    }
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}
