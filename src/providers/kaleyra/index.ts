/**
 * Kaleyra's WhatsApp API v2 provider: Meta's message object in `messaging_object`, caller
 * metadata in `extra_info`.
 * @see https://developers.kaleyra.io/docs/whatsapp-api-v2-send-text-messages
 * @module
 */
import { ValidationError, WaError, type Issue, type ProviderErrorInfo } from "../../core/errors.ts";
import { onlyAction } from "../_kit/actions.ts";
import type { Json, Message } from "../../core/message.ts";
import { describeBody, guardCompile, pick, type Provider } from "../../send/provider.ts";
import { E164 } from "../../core/recipient.ts";
import { compileMeta, META_KINDS } from "../_meta/compile.ts";
import { metaReadBody, parseGraphError } from "../_meta/answers.ts";
import { kindOf, readOptions, refuseUnknown } from "../../send/config.ts";
import { checkBaseUrl, checkSecret } from "../../send/setting-values.ts";
import { checkId } from "../_kit/id.ts";
import { ownOptions } from "../_kit/support.ts";
import { httpProvider } from "../../send/transport.ts";

/** Kaleyra's data centres ("pods"). */
export type KaleyraPod = "in" | "sg" | "eu" | "na";

/**
 * Pod → API host (https://developers.kaleyra.io/docs). Kaleyra's older send-text page still lists
 * SG as `api.ap.kaleyra.io`; its newer pages give `api.kaleyra.io`, used here. NA's host ends in
 * `.ai` on Kaleyra's pages, unlike the others: copied as published, unverified. Pass `baseUrl` to override.
 */
export const KALEYRA_HOSTS: Readonly<Record<KaleyraPod, string>> = /* @__PURE__ */ Object.freeze({
  in: "api.in.kaleyra.io",
  sg: "api.kaleyra.io",
  eu: "api.eu.kaleyra.io",
  na: "api.na.kaleyra.ai",
});

/** Settings of {@link kaleyra}. */
export interface KaleyraConfig {
  /** API key from kaleyra.io (sent as the `api-key` header). */
  apiKey: string;
  /** Account SID, e.g. `HXAP16XXXXXX97IN`. */
  sid: string;
  /** Your WhatsApp business number registered on Kaleyra, E.164 (`+91…`); it goes in the URL path. */
  from: string;
  /** The pod your account lives on. */
  pod: KaleyraPod;
  /** Base URL instead of the pod's host (a proxy, or a test server). */
  baseUrl?: string;
}

/**
 * Settings of {@link kaleyra}.
 * @deprecated Renamed {@link KaleyraConfig} (`…Config` is a factory's settings, `…Options` a
 * message's); this alias goes in the next minor version.
 */
export type KaleyraOptions = KaleyraConfig;

/** The Kaleyra provider. */
export interface KaleyraProvider extends Provider {
  readonly name: "kaleyra";
}

/** Per-message Kaleyra options: `.options({ kaleyra: { waSource: "api" } })`. */
export type KaleyraMessageOptions = {
  /**
   * `extra_info.wa_source`: where the send comes from. Kaleyra knows "api", "clevertap",
   * "zoho", "webengage", "shopify", "leadsquared", "responsys", "braze", "hubspot",
   * "salesforce", "zapier", "eloqua", "moengage" and turns anything else into "api".
   */
  waSource?: string;
};

declare module "../../core/message.ts" {
  interface ProviderOptions {
    /** Options read by the Kaleyra provider. */
    kaleyra?: KaleyraMessageOptions;
  }
}

/** Kaleyra truncates `ref`, `ref1` and `ref2` beyond this many characters; we refuse instead. */
export const KALEYRA_REF_MAX = 255;
const REF_KEYS = ["ref", "ref1", "ref2"] as const;

/**
 * Creates the Kaleyra WhatsApp v2 provider:
 * `POST https://<pod host>/v2/{sid}/whatsapp/{from}/messages` with `{ messaging_object, extra_info }`.
 * `.ref("x")` becomes `extra_info.ref`; `.ref({ ref, ref1, ref2 })` fills those three (each
 * ≤ 255 characters, refused rather than truncated by Kaleyra). `options.kaleyra.waSource`
 * becomes `extra_info.wa_source`.
 * @throws {WaError} `CONFIG` when `apiKey`, `sid`, `from`, `pod` or `baseUrl` is missing or malformed
 *   (the message names the field and the problem, never the value).
 * @example
 * import { whatsapp, kaleyra } from "wafluent";
 * const wa = whatsapp({ provider: kaleyra({ apiKey: env.KALEYRA_KEY, sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in" }) });
 * await wa.text("Your order shipped").ref({ ref: "order-42", ref1: "shipping" }).to("+919812345678");
 * @see https://developers.kaleyra.io/docs/whatsapp-api-v2-send-text-messages
 */
export function kaleyra(options: KaleyraConfig): KaleyraProvider {
  const where = "kaleyra()";
  const keys = ["apiKey", "sid", "from", "pod", "baseUrl"] as const;
  refuseUnknown(where, options, keys, ["apiKey", "sid", "from", "pod"]);
  const o = readOptions(where, options, keys, true);
  const apiKey = checkSecret(where, "apiKey", o.apiKey, "Create one on kaleyra.io → Developers → API Keys.");
  const sid = checkId(where, "sid", o.sid, {
    max: 64,
    shape: [/^[A-Za-z0-9]+$/, "an account SID (letters and digits, like HXAP16XXXXXX97IN)"],
    fix: "Copy the account SID shown next to the API key on kaleyra.io.",
  });
  const from = checkId(where, "from", o.from, {
    max: 16,
    shape: [E164, "a phone number in E.164 (like +919876543210)"],
    fix: "Pass your WhatsApp business number registered on Kaleyra.",
  });
  const pod = o.pod;
  if (pod !== undefined && !(typeof pod === "string" && Object.hasOwn(KALEYRA_HOSTS, pod)))
    throw new WaError("CONFIG", `kaleyra() \`pod\` must be one of "in", "sg", "eu", "na"; received ${kindOf(pod)}.`);
  if (o.baseUrl === undefined && pod === undefined)
    throw new WaError(
      "CONFIG",
      'kaleyra() needs `pod`: one of "in", "sg", "eu", "na" (the data centre of your account), or a `baseUrl`.',
    );
  const base = checkBaseUrl(where, "baseUrl", o.baseUrl, `https://${KALEYRA_HOSTS[(pod ?? "in") as KaleyraPod]}`);
  const url = `${base}/v2/${sid}/whatsapp/${from}/messages`;
  // Assembled by hand, not with defineProvider (../_kit/factory.ts), on purpose: moving it there
  // changes no behaviour (the node suite passes with it) but adds 161 B (min+gzip) to a kaleyra()
  // text worker: defineProvider itself (about 70 B) and the envelope-gap refusal it carries
  // (refuseGaps, about 100 B), which this provider never uses: Meta's object in `messaging_object`
  // expresses every kind and every envelope feature (`.ref()` goes in `extra_info`).
  return guardCompile(
    httpProvider(
      {
        name: "kaleyra",
        kinds: META_KINDS,
        // A read receipt is Meta's status body in `messaging_object`, to the messages URL:
        // https://developers.kaleyra.io/docs/whatsapp_message_api_v2_send-read-receipt-messages.
        // Kaleyra documents no typing indicator.
        act(action) {
          onlyAction("kaleyra", action, "read", "Kaleyra documents read receipts only: use wa.markRead(event).");
          return {
            url,
            method: "POST",
            headers: { "api-key": apiKey, "content-type": "application/json" },
            body: { messaging_object: metaReadBody(action.messageId) },
          };
        },
        compile(message) {
          const body: { [key: string]: Json } = { messaging_object: compileMeta("kaleyra", message) };
          const extra = extraInfo(message);
          if (extra) body.extra_info = extra;
          return { url, method: "POST", headers: { "api-key": apiKey, "content-type": "application/json" }, body };
        },
        parseSuccess(answer) {
          const id = pick(answer.body, "data", "message_id");
          if (typeof id === "string" && id !== "") return { id, status: "accepted" };
          return { failed: true, ...parseKaleyraError(answer.body) };
        },
        parseError: (answer) => parseKaleyraError(answer.body),
      },
      apiKey,
    ),
  );
}

function extraInfo(message: Message): { [key: string]: Json } | undefined {
  const extra: { [key: string]: Json } = {};
  const ref = message.ref;
  if (typeof ref === "string" || typeof ref === "number") extra.ref = String(ref);
  else if (ref !== undefined) {
    const isObject = ref !== null && typeof ref === "object" && !Array.isArray(ref);
    const fields = (isObject ? ref : {}) as Record<string, unknown>;
    const wrong =
      !isObject ||
      Object.keys(fields).some(
        (k) => !(REF_KEYS as readonly string[]).includes(k) || !["string", "number"].includes(typeof fields[k]),
      );
    if (wrong)
      throw new ValidationError([
        {
          path: "ref",
          message: `\`ref\` for Kaleyra must be a string or { ref?, ref1?, ref2? } with string values; received ${describeBody(ref)}. Kaleyra echoes only those three fields in reports and callbacks.`,
        },
      ]);
    for (const k of REF_KEYS) if (fields[k] !== undefined) extra[k] = String(fields[k]);
  }
  const issues: Issue[] = [];
  for (const k of REF_KEYS) {
    const value = extra[k];
    if (typeof value !== "string") continue;
    const length = [...value].length;
    if (length > KALEYRA_REF_MAX) {
      const path = typeof ref === "object" ? `ref.${k}` : "ref";
      issues.push({
        path,
        message: `\`${path}\` is ${length} characters; Kaleyra keeps at most ${KALEYRA_REF_MAX} in extra_info.${k} and would cut the rest silently. Shorten it or store the data on your side under a short key.`,
        limit: KALEYRA_REF_MAX,
        received: length,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const source = ownOptions(message, "kaleyra", ["waSource"]).waSource;
  if (source !== undefined) {
    if (typeof source !== "string" || source === "")
      throw new ValidationError([
        {
          path: "options.kaleyra.waSource",
          message: `\`options.kaleyra.waSource\` must be a non-empty string like "api"; received ${describeBody(source)}.`,
        },
      ]);
    extra.wa_source = source;
  }
  return Object.keys(extra).length > 0 ? extra : undefined;
}

/** What each Kaleyra error code means and how to fix it (codes from Kaleyra's WhatsApp send-text page). */
const FIXES: Record<string, { code?: ProviderErrorInfo["code"]; retryable?: boolean; fix: string }> = {
  RBC001: {
    code: "AUTH",
    fix: "Check `apiKey` and `sid` passed to kaleyra(): both are on kaleyra.io → Developers → API Keys, and they must belong to the same account.",
  },
  WA401: {
    code: "AUTH",
    fix: "Pass as `from` a WhatsApp business number registered on this Kaleyra account, in E.164.",
  },
  WA400: {
    fix: "Kaleyra refused the request body. If the message compiled by wafluent was refused, report it with `outgoing.compile(provider)`.",
  },
  WA500: { retryable: true, fix: "A fault on Kaleyra's side: try again later." },
  E110: { fix: "Top up the account balance on kaleyra.io, then send again." },
};

function parseKaleyraError(body: unknown): ProviderErrorInfo {
  const providerCode = pick(body, "code");
  const said = pick(body, "message");
  const details = pick(body, "error");
  const detail =
    details !== null && typeof details === "object"
      ? Object.values(details).filter((x) => typeof x === "string" && x !== said)
      : [];
  const text = [typeof said === "string" ? said : undefined, ...detail].filter(Boolean).join(" ");
  if (typeof providerCode !== "string") {
    // A Graph API error passed through as Meta wrote it ({ error: { code, message, error_data } }).
    const graph = pick(body, "error", "code");
    if (typeof graph === "number") return parseGraphError(body, "");
    return { message: `Kaleyra sent no error code, but ${describeBody(body)}.` };
  }
  let known = FIXES[providerCode];
  if (providerCode === "WA-401")
    known = /version/i.test(text)
      ? {
          code: "AUTH",
          fix: "This number is set up for another version of Kaleyra's WhatsApp API: migrate it to v2 on kaleyra.io or ask Kaleyra support.",
        }
      : {
          code: "AUTH",
          fix: "The WhatsApp API is not enabled for this account type: ask Kaleyra support to enable it.",
        };
  const info: ProviderErrorInfo = {
    providerCode,
    message: `${text || "no message"} (${providerCode}).${known ? " " + known.fix : ""}`,
  };
  if (known?.code) info.code = known.code;
  if (known?.retryable !== undefined) info.retryable = known.retryable;
  return info;
}
