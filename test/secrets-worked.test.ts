// The redactor works each value out once (what it leads to, the forms it takes) and reuses that in
// every list it ends up in: a provider's registered credentials, a request's header values. The list
// must be exactly what working everything out afresh gives, whatever was worked out before and in
// whatever order, and after the memory of worked-out values filled up and was emptied. The reference
// below is the redactor's algorithm written out without any reuse. Runs in Node, Deno and Chromium.
import { SECRETS, base64, registeredSecrets, secretForms, withSecrets } from "../src/send/secrets.ts";
import type { Provider } from "../src/send/provider.ts";
import { deepEqual, describe, equal, it, ok } from "./harness.ts";

const PREFIXES = ["Bearer", "Basic", "AccessKey", "Token", "Key"];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decode64(text: string): string | undefined {
  if (text.length < 8 || text.length > 65_536) return undefined;
  const std = BASE64.test(text) ? text : BASE64URL.test(text) ? text.replace(/-/g, "+").replace(/_/g, "/") : undefined;
  if (std === undefined) return undefined;
  try {
    const binary = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return /^[\x20-\x7e\u00a0-\uffff]+$/.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** Every form, worked out afresh (no reuse): the reference the redactor must match. */
function reference(...credentials: readonly unknown[]): string[] {
  const found = new Set<string>();
  const queue: string[] = [];
  const add = (v: string) => {
    if (v.length >= 4 && !found.has(v)) {
      found.add(v);
      queue.push(v);
    }
  };
  for (const c of credentials) if (typeof c === "string") add(c);
  for (let i = 0; i < queue.length && i < 64; i++) {
    const v = queue[i]!;
    add(v.trim());
    const scheme = /^(\S+)\s+(\S.*)$/s.exec(v.trim());
    if (scheme) add(scheme[2]!);
    const decoded = decode64(v.trim());
    if (decoded !== undefined) add(decoded);
    const colon = v.indexOf(":");
    if (colon > 0 && !/^https?:/i.test(v)) {
      add(v.slice(0, colon));
      add(v.slice(colon + 1));
    }
  }
  const out = new Set<string>();
  for (const v of found) {
    const encoded = [v, v.length > 65_536 ? undefined : base64(v)].filter((x): x is string => x !== undefined);
    for (const e of encoded) {
      out.add(e);
      out.add(e.replace(/=+$/, ""));
      out.add(e.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
    }
    for (const p of PREFIXES) out.add(`${p} ${v}`);
    let uri: string;
    try {
      uri = encodeURIComponent(v);
    } catch {
      uri = v;
    }
    out.add(uri);
    // As a form field (spaces as "+"), as URLSearchParams writes it.
    out.add(new URLSearchParams([["", v]]).toString().slice(1));
    out.add(JSON.stringify(v).slice(1, -1));
  }
  return [...out].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
}

const TOKEN = "EAAGm0PX4ZCpsBAKZAqZBZC9ZCWZAx7n";
const CREDENTIALS: unknown[][] = [
  [TOKEN, `Bearer ${TOKEN}`],
  [`Bearer ${TOKEN}`],
  [TOKEN],
  ["Bearer"],
  [`Basic ${base64("key-id:s3cret-value")}`],
  [base64("key-id:s3cret-value"), "key-id", "s3cret-value"],
  ["AccessKey  ak_live_77 ", " padded-secret\t", "  lead-key:colon-secret "],
  ["user:pa ss/wörd+=?&", "https://host.example:8443/path"],
  [base64(base64("inner:layer-two"))],
  ['tok"en\\with\nescapes', "émoji-🙂-token"],
  // URL-encoded and JSON-escaped to the same length: their order in the list is the order they are added.
  ["k\u0001\u0001   z-tok"],
  [undefined, 42, "only-this-one"],
  ["abc", "abcd", ""],
];

describe("secret forms worked out once are the forms worked out afresh", () => {
  it("each credential set, first in a row with everything before it already worked out", () => {
    for (const set of CREDENTIALS) deepEqual(secretForms(...set), reference(...set), JSON.stringify(set));
  });

  it("the same sets again, backwards and one credential at a time (every value reused)", () => {
    for (const set of [...CREDENTIALS].reverse()) {
      deepEqual(secretForms(...set), reference(...set));
      for (const one of set) deepEqual(secretForms(one), reference(one));
    }
  });

  it("after the memory of worked-out values filled up and was emptied", () => {
    for (let i = 0; i < 600; i++) secretForms(`filler-credential-${i}`);
    for (const set of CREDENTIALS) deepEqual(secretForms(...set), reference(...set));
  });

  it("a provider's registered forms: worked out when first asked for, then the same list", () => {
    const provider = withSecrets({ name: "p" } as unknown as Provider, TOKEN, `Bearer ${TOKEN}`);
    const get = (provider as unknown as Record<symbol, () => readonly string[]>)[SECRETS]!;
    const first = get();
    deepEqual([...first], reference(TOKEN, `Bearer ${TOKEN}`));
    deepEqual(registeredSecrets(provider), [...first]);
    equal(get(), first, "kept, not worked out again");
    ok(Object.isFrozen(first));
  });
});
