/**
 * Twilio Programmable Messaging, WhatsApp channel: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded, with HTTP Basic auth (`AccountSid:AuthToken`, or an API key's `SID:Secret`).
 * Addresses are `whatsapp:+E164`; free-form messages carry `Body` and `MediaUrl`; templates and
 * everything interactive are Content API templates sent by `ContentSid` + `ContentVariables`.
 * @see https://www.twilio.com/docs/messaging/api/message-resource
 * @see https://www.twilio.com/docs/content/send-templates-created-with-the-content-template-builder
 * @module
 */
import { type ProviderErrorInfo, UnsupportedError, ValidationError } from "../../core/errors.ts";
import type { Media, MessageOf, TemplateParam } from "../../core/message.ts";
import { pick, type Provider, type SendStatus } from "../../send/provider.ts";
import { defineProvider, readSettings } from "../_kit/factory.ts";
import { E164 } from "../../core/recipient.ts";
import { base64 } from "../../send/secrets.ts";
import { configError, kindOf } from "../../send/config.ts";
import { checkBaseUrl, checkSecret, checkString } from "../../send/setting-values.ts";
import { setOwn } from "../../core/json.ts";
import { postForm, sentence, unreadable } from "../_kit/http.ts";
import { checkId, type IdShape } from "../_kit/id.ts";
import { ownOptions, refuseRest } from "../_kit/support.ts";
import { oneFile, publicUrl } from "../_kit/media-url.ts";
import { SUPPORT } from "./support.ts";
import { onlyAction } from "../_kit/actions.ts";
import { TWILIO_TEMPLATE_CODES } from "./template-codes.ts";

/** Twilio's REST API root; `baseUrl` replaces it (tests, proxies). */
export const TWILIO_BASE_URL = "https://api.twilio.com";

/** Settings of {@link twilio}: the account, the sender, and an Auth Token or an API key. */
export type TwilioConfig = {
  /** The Account SID (`AC` and 32 hex digits), from the Twilio Console; it is part of the URL. */
  accountSid: string;
  /** Your WhatsApp sender's number in E.164 (`+14155238886`); sent as `From=whatsapp:+14155238886`. */
  from: string;
  /** Replaces {@link TWILIO_BASE_URL}. */
  baseUrl?: string;
  /** Where Twilio posts status callbacks for every message (`StatusCallback`); a message's own option wins. */
  statusCallback?: string;
} & (
  | {
      /** The account's Auth Token (Basic auth `AccountSid:AuthToken`). */
      authToken: string;
      apiKeySid?: never;
      apiKeySecret?: never;
    }
  | {
      /** An API key's SID (`SK…`), Basic auth user instead of the Account SID. */
      apiKeySid: string;
      /** The API key's secret. */
      apiKeySecret: string;
      authToken?: never;
    }
);

/** Per-message Twilio options: `.options({ twilio: { … } })`. */
export type TwilioOptions = {
  /** Where Twilio posts this message's status callbacks (`StatusCallback`, an absolute http(s) URL). */
  statusCallback?: string;
};

declare module "../../core/message.ts" {
  interface ProviderOptions {
    twilio?: TwilioOptions;
  }
}

const NAME = "twilio";

/** Twilio SIDs: two letters and 32 hex digits. */
const ACCOUNT_SID: IdShape = [/^AC[0-9a-fA-F]{32}$/, "an Account SID (AC and 32 hex digits)"];
const API_KEY_SID = [/^SK[0-9a-fA-F]{32}$/, "an API key SID (SK and 32 hex digits)"] as const;
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

/** A provider for Twilio. */
export interface TwilioProvider extends Provider {
  readonly name: "twilio";
}

/**
 * Creates the Twilio provider (WhatsApp through Twilio's Messages API).
 *
 * Sends text (`Body`), one image, video, audio or document by URL (`MediaUrl`, its caption as
 * `Body`), and templates by Content SID: `.template("HX…", { language, params })` sends
 * `ContentSid` and `ContentVariables` (`{"1": …, "2": …}` from the body parameters, plus the
 * template's named `variables`). Buttons, lists and other interactive messages are Content
 * templates on Twilio: they are refused with a hint naming `ContentSid`.
 * @throws {WaError} `CONFIG` when `accountSid`, `from`, the credentials, `statusCallback` or
 *   `baseUrl` is missing or malformed, or a setting is unknown (the message names the field, never the value).
 * @example
 * import { whatsapp, twilio } from "wafluent";
 * const wa = whatsapp({ provider: twilio({ accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: "+14155238886" }) });
 * await wa.text("Your order shipped").to("+31612345678");
 * @see https://www.twilio.com/docs/messaging/api/message-resource
 */
export function twilio(config: TwilioConfig): TwilioProvider {
  const keys = ["accountSid", "from", "authToken", "apiKeySid", "apiKeySecret", "baseUrl", "statusCallback"] as const;
  const s = readSettings("twilio()", config, keys, ["accountSid", "from", "authToken"]);
  const { where, values: o } = s;
  const accountSid = checkId(where, "accountSid", o.accountSid, {
    shape: ACCOUNT_SID,
    fix: "Copy the Account SID from the Twilio Console's account dashboard.",
  });
  const from = s.check(checkString, "from", {
    max: 32,
    pattern: [E164, "a phone number in E.164 (like +14155238886)"],
    fix: "Pass your WhatsApp sender's number, without the whatsapp: prefix.",
  })!;
  let user: string, secret: string;
  if (o.apiKeySid !== undefined || o.apiKeySecret !== undefined) {
    if (o.authToken !== undefined)
      throw configError(
        where,
        "authToken",
        "is given together with an API key (apiKeySid, apiKeySecret)",
        "Pass either authToken, or apiKeySid and apiKeySecret.",
      );
    user = s.check(checkString, "apiKeySid", {
      pattern: API_KEY_SID,
      fix: "Create an API key in the Twilio Console and pass its SID and secret.",
    })!;
    secret = s.check(checkSecret, "apiKeySecret", "Pass the secret shown once when the API key was created.");
  } else {
    user = accountSid;
    secret = s.check(checkSecret, "authToken", "Copy the Auth Token from the Twilio Console's account dashboard.");
  }
  const fallbackCallback = callbackUrl(where, "statusCallback", o.statusCallback);
  const base = s.check(checkBaseUrl, "baseUrl", TWILIO_BASE_URL);
  const url = `${base}/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const basic = `Basic ${base64(`${user}:${secret}`)}`;
  const headers = { authorization: basic, accept: "application/json" };
  return defineProvider<TwilioProvider>(
    {
      name: NAME,
      // Typing indicators (public beta; they mark the message read too) on Twilio's Messaging
      // host: https://www.twilio.com/docs/whatsapp/api/typing-indicators-resource. No read receipt alone.
      act(action) {
        onlyAction(NAME, action, "typing", "wa.typing(event) marks the message read too.");
        return {
          url: `${s.values.baseUrl === undefined ? "https://messaging.twilio.com" : base}/v2/Indicators/Typing.json`,
          method: "POST",
          headers: { ...headers },
          body: { messageId: action.messageId, channel: "whatsapp" },
          encoding: "form",
        };
      },
      compile(message) {
        const options = ownOptions(message, "twilio", ["statusCallback"]);
        const callback =
          options.statusCallback === undefined
            ? fallbackCallback
            : callbackUrl(".options({ twilio })", "statusCallback", options.statusCallback, true);
        const head = { To: `whatsapp:${message.to}`, From: `whatsapp:${from}` };
        let fields: Record<string, string | readonly string[] | undefined>;
        switch (message.type) {
          case "text":
            fields = { Body: message.body };
            break;
          case "template":
            fields = templateFields(message as MessageOf<"template">);
            break;
          case "image":
          case "video":
          case "audio":
          case "document": {
            const media = oneFile(NAME, message);
            fields = { Body: media.caption, MediaUrl: [link(media, message.type)] };
            break;
          }
          default:
            return refuseRest(NAME, SUPPORT, message);
        }
        return postForm(url, headers, { ...head, ...fields, StatusCallback: callback });
      },
      parseSuccess(answer) {
        const id = pick(answer.body, "sid");
        if (typeof id !== "string" || id === "")
          return { failed: true, message: unreadable(answer.body, "Twilio answered without a message sid") };
        return { id, status: statusOf(pick(answer.body, "status")) };
      },
      parseError(answer) {
        return errorOf(answer.status, answer.body);
      },
    },
    {
      support: SUPPORT,
      gaps: {
        replyTo: "Twilio's Messages API has no reply context: drop .replyTo().",
        bsuid: "Twilio addresses WhatsApp users by phone number (whatsapp:+E164): send to the phone number.",
        ref: "Twilio's Messages API echoes no caller field back: drop .ref() and keep the message SID it returns.",
      },
      secrets: [secret, basic],
    },
  );
}

/** A status callback URL: absolute http(s), at most 4000 characters (Twilio's limit, error 21609). */
function callbackUrl(where: string, field: string, value: unknown, call = false): string | undefined {
  if (value === undefined) return undefined;
  const ok = typeof value === "string" && value.length <= 4000 && /^https?:\/\//i.test(value) && URL.canParse(value);
  if (ok) return value;
  const problem = `must be an absolute http(s) URL of at most 4000 characters; received ${kindOf(value)}`;
  const fix = "Pass the full URL Twilio should post status callbacks to.";
  if (call)
    throw new ValidationError([
      { path: `options.twilio.${field}`, message: `${where} \`${field}\` ${problem}. ${fix}` },
    ]);
  throw configError(where, field, problem, fix);
}

function link(media: Media, what: string): string {
  const url = publicUrl(NAME, media, what, "Twilio takes media by public URL (MediaUrl): pass an https URL.");
  if (media.filename !== undefined)
    throw new UnsupportedError(
      NAME,
      "document file names",
      "Twilio names the file after its URL: drop filename, or put the name in the URL's path.",
    );
  return url;
}

/**
 * A template as Twilio's Content API sends it: the template's name is its ContentSid, its body
 * parameters the variables `"1"`, `"2"`, …, and its named `variables` join them.
 */
function templateFields(m: MessageOf<"template">): Record<string, string> {
  const t = m.template;
  if (!CONTENT_SID.test(t.name))
    throw new UnsupportedError(
      NAME,
      "templates by name",
      'Twilio sends templates by ContentSid: pass the template\'s Content SID (HX and 32 hex digits, from the Content Template Builder or GET https://content.twilio.com/v1/ContentAndApprovals) as its name, e.g. .template("HXb5b62575e6e4ff6129ad7c8efe1f983e", { language: "en", params }).',
    );
  const hint =
    "Twilio's Content templates take every value through ContentVariables: pass it in the template's variables under the placeholder's name.";
  if (t.header?.length) throw new UnsupportedError(NAME, "template header parameters", hint);
  if (t.buttons?.length) throw new UnsupportedError(NAME, "template button parameters", hint);
  const vars: Record<string, string> = {};
  t.body?.forEach((p, i) => setOwn(vars, String(i + 1), bodyText(p)));
  for (const [key, value] of Object.entries(t.variables ?? {})) {
    if (Object.hasOwn(vars, key) && vars[key] !== String(value))
      throw new ValidationError([
        {
          path: `template.variables.${key}`,
          message: `\`template.variables.${key}\` is also set by the template's body parameters with another value. Give it once.`,
        },
      ]);
    setOwn(vars, key, String(value));
  }
  const fields: Record<string, string> = { ContentSid: t.name };
  if (Object.keys(vars).length > 0) fields.ContentVariables = JSON.stringify(vars);
  return fields;
}

function bodyText(p: TemplateParam): string {
  if (p.type === "text") return p.text;
  if (p.type === "currency" || p.type === "dateTime") return p.fallback;
  throw new UnsupportedError(
    NAME,
    `${p.type} template body parameters`,
    "Twilio's Content variables are text: pass the media URL as text in the template's variables.",
  );
}

/** Twilio's status at creation: `queued` usually, `accepted` through a Messaging Service, `scheduled`. */
function statusOf(status: unknown): SendStatus {
  return status === "accepted" || status === "scheduled" || status === "sent" ? status : "queued";
}

/**
 * Twilio's error body `{ code, message, more_info, status }`: 20003 (authentication) is `AUTH`,
 * 63016 (outside the 24-hour window) `WINDOW_CLOSED`, 429 and 63018 (rate limit) `RATE_LIMITED`
 * and retryable, 21655, 21656, 63027 and 63028 (the template does not match the approved one)
 * `TEMPLATE`, not retried. Other statuses keep the client's rule: 503 is retryable, a 500 or 502 is not
 * (the message may have been accepted).
 * @see https://www.twilio.com/docs/api/errors
 */
function errorOf(status: number, body: unknown): ProviderErrorInfo {
  const code = pick(body, "code");
  const said = pick(body, "message");
  const more = pick(body, "more_info");
  const providerCode = typeof code === "number" || typeof code === "string" ? code : undefined;
  const base =
    typeof said === "string" && said !== ""
      ? `${sentence(said)}${typeof more === "string" && /^https:\/\/www\.twilio\.com\//.test(more) ? ` See ${more}` : ""}`
      : unreadable(body, `Twilio answered ${status}`);
  const n = Number(providerCode);
  const info: ProviderErrorInfo = { message: base };
  if (providerCode !== undefined) info.providerCode = providerCode;
  if (n === 20003 || status === 401)
    return {
      ...info,
      code: "AUTH",
      message: `${base} Check the accountSid and authToken (or API key) given to twilio().`,
    };
  if (n === 63016)
    return {
      ...info,
      code: "WINDOW_CLOSED",
      message: `${base} The user has not written in the last 24 hours: send a template (.template("HX…")).`,
    };
  if (status === 429 || n === 63018) return { ...info, code: "RATE_LIMITED", retryable: true };
  if (TWILIO_TEMPLATE_CODES.has(n))
    return {
      ...info,
      code: "TEMPLATE",
      retryable: false,
      message: `${base} Twilio refused the template as sent: its ContentSid, language or ContentVariables do not match the approved Content template. Compare the call with the template, and run \`wafluent templates pull\` if it changed.`,
    };
  return info;
}
