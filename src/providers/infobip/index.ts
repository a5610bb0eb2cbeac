/**
 * Infobip: WhatsApp messages through its own JSON API on the account's base URL
 * (`https://{id}.api.infobip.com`), with `Authorization: App <api key>`. Each session message
 * kind has its endpoint (`/whatsapp/1/message/text`, `…/image`, `…/interactive/buttons`, …) and
 * templates go to `/whatsapp/1/message/template` in a `messages` array. Numbers are written
 * without the `+`.
 * @see https://www.infobip.com/docs/api/channels/whatsapp
 * @see https://www.infobip.com/docs/essentials/api-essentials/response-status-and-error-codes
 * @module
 */
import { type ProviderErrorInfo, ValidationError } from "../../core/errors.ts";
import { onlyAction } from "../_kit/actions.ts";
import type { Json, MessageOf } from "../../core/message.ts";
import { pick, type Provider } from "../../send/provider.ts";
import { defineProvider, readSettings } from "../_kit/factory.ts";
import { postJson, sentence, unreadable } from "../_kit/http.ts";
import { ownOptions } from "../_kit/support.ts";
import { SUPPORT } from "./support.ts";
import { sessionContent, templateContent } from "./content.ts";
import { configError } from "../../send/config.ts";
import { checkBaseUrl, checkSecret, checkString } from "../../send/setting-values.ts";

/** Infobip's limit on `callbackData` (the stringified `.ref()`), in characters. */
export const INFOBIP_CALLBACK_DATA_MAX = 4000;

/** Settings of {@link infobip}. */
export interface InfobipConfig {
  /**
   * The account's API base URL, as Infobip's portal shows it: `https://{id}.api.infobip.com`
   * (with its `https://`). Must be `https:` (plain `http:` only for a loopback test server).
   */
  baseUrl: string;
  /** An API key from Infobip's portal (sent as `Authorization: App <key>`). */
  apiKey: string;
  /** The registered WhatsApp sender number, international format (`+441134960000` or `441134960000`). */
  from: string;
}

/** Per-message Infobip options: `.options({ infobip: { … } })`. */
export type InfobipOptions = {
  /** Where Infobip posts this message's delivery report (`notifyUrl`), instead of the account's URL. */
  notifyUrl?: string;
  /** Your own id for the message (`messageId`, ≤ 50 characters); Infobip generates one otherwise. */
  messageId?: string;
};

declare module "../../core/message.ts" {
  interface ProviderOptions {
    infobip?: InfobipOptions;
  }
}

const NAME = "infobip";
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])$/;

/** A provider for Infobip. */
export interface InfobipProvider extends Provider {
  readonly name: "infobip";
}

/**
 * Creates the Infobip provider.
 *
 * Sends text (`previewUrl`), image, video, audio, document and sticker by URL, a location,
 * contact cards, reply buttons (1–3, text or media header), lists (text header) and templates
 * by name with positional placeholders, a text or media header and quick-reply / URL button
 * parameters. `.ref(data)` becomes `callbackData` (stringified JSON, ≤ 4000 characters), which
 * Infobip echoes in delivery reports.
 * @throws {WaError} `CONFIG` when `baseUrl`, `apiKey` or `from` is missing or malformed, or
 *   `baseUrl` is not `https:` (the message names the field, never the value).
 * @example
 * import { whatsapp, infobip } from "wafluent";
 * const wa = whatsapp({ provider: infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: env.INFOBIP_KEY, from: "+441134960000" }) });
 * await wa.template("order_update", { language: "en", params: ["Ada"] }).to("+31612345678");
 * @see https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-outbound-messages
 */
export function infobip(config: InfobipConfig): InfobipProvider {
  const keys = ["baseUrl", "apiKey", "from"] as const;
  const s = readSettings("infobip()", config, keys, keys);
  const apiKey = s.check(checkSecret, "apiKey", "Create an API key in Infobip's portal and pass it as { apiKey }.");
  const from = s
    .check(checkString, "from", {
      max: 25,
      pattern: [/^\+?[0-9]{3,24}$/, "a phone number (digits, optionally with a leading +)"],
      fix: "Pass the WhatsApp sender number registered with Infobip.",
    })!
    .replace(/^\+/, "");
  const base = baseUrlOf(s.where, s.values.baseUrl);
  const headers = { authorization: `App ${apiKey}`, "content-type": "application/json", accept: "application/json" };
  return defineProvider<InfobipProvider>(
    {
      name: NAME,
      // Mark as read: `POST /whatsapp/1/senders/{sender}/message/{messageId}/read`, answered 204:
      // https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-inbound-messages/mark-whatsapp-message-as-read.
      // Infobip documents no typing indicator.
      act(action) {
        onlyAction(NAME, action, "read", "Infobip documents read receipts only: use wa.markRead(event).");
        return {
          url: `${base}/whatsapp/1/senders/${from}/message/${pathId(action.messageId)}/read`,
          method: "POST",
          headers: { authorization: headers.authorization, accept: "application/json" },
        };
      },
      compile(message) {
        const options = ownOptions(message, "infobip", ["notifyUrl", "messageId"]);
        const envelope = {
          from,
          to: message.to.replace(/^\+/, ""),
          ...(options.messageId === undefined ? {} : { messageId: messageIdOf(options.messageId) }),
        };
        const tail = {
          ...callbackDataOf(message.ref),
          ...(options.notifyUrl === undefined ? {} : { notifyUrl: notifyUrlOf(options.notifyUrl) }),
        };
        if (message.type === "template") {
          const content = templateContent(message as MessageOf<"template">);
          return postJson(`${base}/whatsapp/1/message/template`, headers, {
            messages: [{ ...envelope, content, ...tail }],
          });
        }
        const [path, content] = sessionContent(message);
        return postJson(`${base}/whatsapp/1/message/${path}`, headers, { ...envelope, content, ...tail });
      },
      parseSuccess(answer) {
        // Session messages answer one result; templates `{messages: [result], bulkId}`.
        const result = Array.isArray(pick(answer.body, "messages")) ? pick(answer.body, "messages", 0) : answer.body;
        return resultOf(result);
      },
      parseError(answer) {
        return errorOf(answer.status, answer.body);
      },
    },
    {
      support: SUPPORT,
      gaps: {
        replyTo: "wafluent sends no reply context through Infobip: drop .replyTo().",
        bsuid:
          "Infobip takes phone numbers only (to): send to the user's phone number, or through the Cloud API or Bird.",
      },
      secrets: [apiKey, headers.authorization],
    },
  );
}

/** The base URL: required, and `https:` (`http:` only to a loopback host: a local test server). */
function baseUrlOf(where: string, value: unknown): string {
  const example = "https://xyz12.api.infobip.com";
  const fix = `Copy the API base URL from Infobip's portal, like "${example}".`;
  if (value === undefined) throw configError(where, "baseUrl", "is missing", fix);
  const base = checkBaseUrl(where, "baseUrl", value, example);
  if (new URL(base).protocol !== "https:" && !LOOPBACK.test(new URL(base).hostname))
    throw configError(where, "baseUrl", "must use https: (the API key travels in every request)", fix);
  return base;
}

/**
 * A received message's id as one segment of a URL path: escaped, and refused when it is a dot
 * segment (`.` or `..`), which fetch would resolve into another path.
 * @throws {ValidationError} `VALIDATION` on `event` for `.` and `..`, before any I/O.
 */
function pathId(id: string): string {
  if (id === "." || id === "..")
    throw new ValidationError([
      {
        path: "event",
        message: `markRead(event) needs the id of a message Infobip delivered (its messageId); "${id}" is no message id.`,
      },
    ]);
  return encodeURIComponent(id);
}

function messageIdOf(id: unknown): string {
  if (typeof id !== "string" || id === "" || id.length > 50)
    throw new ValidationError([
      {
        path: "options.infobip.messageId",
        message:
          "`options.infobip.messageId` must be a string of 1 to 50 characters (Infobip's limit). Shorten it, or leave it out and use the id Infobip returns.",
        limit: 50,
      },
    ]);
  return id;
}

function notifyUrlOf(url: unknown): string {
  let ok = false;
  if (typeof url === "string" && url.length <= 2048)
    try {
      const u = new URL(url);
      ok = u.protocol === "https:" || u.protocol === "http:";
    } catch {}
  if (!ok)
    throw new ValidationError([
      {
        path: "options.infobip.notifyUrl",
        message:
          "`options.infobip.notifyUrl` must be an absolute http(s) URL of at most 2048 characters: where Infobip posts the delivery report.",
      },
    ]);
  return url as string;
}

/** `.ref()` as Infobip's `callbackData`: stringified JSON, at most 4000 characters. */
function callbackDataOf(ref: Json | undefined): { callbackData?: string } {
  if (ref === undefined) return {};
  const data = JSON.stringify(ref);
  if (data.length > INFOBIP_CALLBACK_DATA_MAX)
    throw new ValidationError([
      {
        path: "ref",
        message: `\`ref\` is ${data.length} characters as JSON; Infobip's callbackData allows at most ${INFOBIP_CALLBACK_DATA_MAX}. Keep only ids in .ref() and look the rest up when the delivery report arrives.`,
        limit: INFOBIP_CALLBACK_DATA_MAX,
        received: data.length,
      },
    ]);
  return { callbackData: data };
}

/**
 * One send result `{to, messageCount, messageId, status: {groupId, groupName, id, name, description}}`:
 * accepted unless its status group is `REJECTED` (5) or `UNDELIVERABLE` (2).
 */
function resultOf(result: unknown): ReturnType<Provider["parseSuccess"]> {
  const id = pick(result, "messageId");
  const group = pick(result, "status", "groupName");
  if (group === "REJECTED" || group === "UNDELIVERABLE") {
    const said = pick(result, "status", "description");
    const name = pick(result, "status", "name");
    return {
      failed: true,
      message:
        typeof said === "string" && said !== "" ? sentence(said) : unreadable(result, "Infobip rejected the message"),
      ...(typeof name === "string" ? { providerCode: name } : {}),
    };
  }
  if (typeof id !== "string" || id === "")
    return { failed: true, message: unreadable(result, "Infobip answered without a messageId") };
  return { id, status: "accepted" };
}

const HINTS: Record<number, string> = {
  401: "Check the API key given to infobip() (sent as `App <key>`) and the account's base URL.",
  403: "Check that the API key's scopes allow sending WhatsApp messages (whatsapp:message:send).",
  404: "Check the base URL given to infobip().",
  429: "Infobip's rate limit: slow down and try again.",
};

/**
 * Reads `{requestError: {serviceException: {messageId, text, validationErrors?}}}`: the message
 * with the fields Infobip named, `providerCode` its `messageId` (e.g. `BAD_REQUEST`). A 400 with
 * field errors is `VALIDATION`; 401/403 `AUTH`, 429 `RATE_LIMITED` and 503 retryable (the core's
 * defaults by status, `Retry-After` honoured); other 5xx are not retryable: the message may have
 * been accepted.
 */
function errorOf(status: number, body: unknown): ProviderErrorInfo {
  const exception = pick(body, "requestError", "serviceException");
  const code = pick(exception, "messageId");
  const text = pick(exception, "text");
  let message = typeof text === "string" && text !== "" ? text : unreadable(body, `Infobip answered ${status}`);
  const fields = pick(exception, "validationErrors");
  const parts: string[] = [];
  if (fields !== null && typeof fields === "object" && !Array.isArray(fields))
    for (const [field, reasons] of Object.entries(fields as Record<string, unknown>).slice(0, 20))
      parts.push(`${field}: ${Array.isArray(reasons) ? reasons.map(String).join("; ") : String(reasons)}`);
  if (parts.length > 0) message = `${message} (${parts.join(". ")})`;
  message = sentence(message);
  const hint = HINTS[status];
  return {
    message: hint ? `${message} ${hint}` : message,
    ...(typeof code === "string" && code !== "" ? { providerCode: code } : {}),
    ...(status === 400 && parts.length > 0 ? { code: "VALIDATION" as const } : {}),
  };
}
