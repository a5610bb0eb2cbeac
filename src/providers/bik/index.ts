/**
 * Bik (bik.ai, formerly Bikayi): the send-message v2 and send-template-message v2 APIs.
 * Session messages go to `…/v2/sendMessage`, templates to `…/v2/sendTemplateMessage`, both with
 * `Authorization: Basic base64(KEY:SECRET)`.
 * @see https://docs.bik.ai/docs/references/APIs/Messages/message-type
 * @see https://docs.bik.ai/docs/references/APIs/Messages/send-template-message
 * @module
 */
import { type ProviderErrorInfo, UnsupportedError, ValidationError, WaError } from "../../core/errors.ts";
import type { Header, Json, Media, Message, MessageOf, TemplateParam } from "../../core/message.ts";
import { pick, type Provider } from "../../send/provider.ts";
import { defineProvider, readSettings } from "../_kit/factory.ts";
import { postJson, sentence, unreadable } from "../_kit/http.ts";
import { ownOptions, refuseRest, refuseNamedVariables } from "../_kit/support.ts";
import { oneFile, publicUrl } from "../_kit/media-url.ts";
import { SUPPORT } from "./support.ts";
import { configError } from "../../send/config.ts";
import { checkBaseUrl, checkSecret, checkString } from "../../send/setting-values.ts";
import { base64 } from "../../send/secrets.ts";

/** Bik's API root; `baseUrl` replaces it (tests, proxies). */
export const BIK_BASE_URL = "https://bikapi.bikayi.app/integrations/bikPlatformFunctions-messages";

/** Bik's limit on `callbackData` (the stringified `.ref()`), in characters. */
export const BIK_CALLBACK_DATA_MAX = 1024;

/** Credentials of {@link bik}: the key and secret from Bik's developer portal, or the ready Basic token. */
export type BikCredentials =
  | {
      /** `base64(KEY:SECRET)` as Bik's dashboard shows it (with or without the `Basic ` prefix). */
      authToken: string;
      key?: undefined;
      secret?: undefined;
    }
  | {
      /** The API key (Basic auth user name). */
      key: string;
      /** The API secret (Basic auth password). */
      secret: string;
      authToken?: undefined;
    };

/** Settings of {@link bik}. */
export type BikConfig = BikCredentials & {
  /** The business number to send from, when the account has several (`businessPhoneNumber`). */
  businessPhoneNumber?: string;
  /** Replaces {@link BIK_BASE_URL}. */
  baseUrl?: string;
};

/** Per-message Bik options: `.options({ bik: { … } })`. */
export type BikOptions = {
  /** Sends from this business number instead of the one given to {@link bik}. */
  businessPhoneNumber?: string;
  /**
   * The template's id in Bik's dashboard (e.g. `2iUKSaBPsoer1rUE33aW`). Bik addresses templates
   * by this id, not by their WhatsApp name; without it the template name is sent as the id.
   */
  templateId?: string;
  /**
   * Bik's top-level `type`. Templates: `"DEFAULT"` (the default). Other messages: derived from
   * the message kind; `"CAROUSEL"`, `"address"`, `"single_product"` and `"multiple_product"`
   * are refused with an `UnsupportedError` because Bik does not document their payloads.
   */
  type?: string;
};

declare module "../../core/message.ts" {
  interface ProviderOptions {
    bik?: BikOptions;
  }
}

const NAME = "bik";

/**
 * Bik message types that its docs name but whose payload they leave unknown
 * (https://docs.bik.ai/docs/references/APIs/Messages/message-type). They are refused, never guessed.
 */
const UNDOCUMENTED_TYPES: Record<string, string> = {
  address: "Bik's docs cut the address payload off after `message`; wafluent does not guess the rest.",
  single_product: "Bik does not document the single_product payload; wafluent does not guess it.",
  multiple_product: "Bik does not document the multiple_product payload; wafluent does not guess it.",
  CAROUSEL: "Bik's carousel cards do not map to a wafluent template; send a DEFAULT template.",
};

/** A provider for Bik. */
export interface BikProvider extends Provider {
  readonly name: "bik";
}

/**
 * Creates the Bik provider.
 *
 * Sends text (≤ 4096), image/video/document by link with a caption, reply buttons (text or image
 * header) and lists (one section, rows without descriptions), and templates by Bik template id.
 * `.ref(data)` becomes `callbackData`: stringified JSON of at most 1024 characters.
 * @throws {WaError} `CONFIG` when neither `authToken` nor `key` + `secret` is given, or a setting is malformed
 *   (`baseUrl` not an absolute http(s) URL, …); the message names the field, never the value.
 * @example
 * import { whatsapp, bik } from "wafluent";
 * const wa = whatsapp({ provider: bik({ key: env.BIK_KEY, secret: env.BIK_SECRET }) });
 * await wa.text("Your order shipped").ref({ orderId: "ORD123" }).to("+919900990090");
 * @see https://docs.bik.ai/docs/references/APIs/Messages/message-type
 */
export function bik(config: BikConfig): BikProvider {
  const s = readSettings("bik()", config, ["authToken", "key", "secret", "businessPhoneNumber", "baseUrl"]);
  const [authorization, ...credentials] = authorizationOf(s.values) as [string, ...string[]];
  const businessPhoneNumber = s.check(checkString, "businessPhoneNumber", {
    optional: true,
    max: 32,
    pattern: [/^\+?[0-9]+$/, "a phone number (digits, optionally with a leading +)"],
  });
  const base = s.check(checkBaseUrl, "baseUrl", BIK_BASE_URL);
  const headers = { authorization, "content-type": "application/json" };
  return defineProvider<BikProvider>(
    {
      name: NAME,
      compile(message) {
        const options = ownOptions(message, "bik", ["businessPhoneNumber", "templateId", "type"]);
        const from = options.businessPhoneNumber ?? businessPhoneNumber;
        const callbackData = callbackDataOf(message.ref);
        const envelope = {
          contactIdentifier: message.to,
          medium: "whatsapp",
          ...(from === undefined ? {} : { businessPhoneNumber: from }),
        };
        const tail = callbackData === undefined ? {} : { callbackData };
        if (message.type === "template") {
          const type = typeOf(options, "DEFAULT");
          const body = { ...envelope, type, payload: templatePayload(message, options), ...tail };
          return postJson(`${base}/v2/sendTemplateMessage`, headers, body);
        }
        const [type, payload] = payloadOf(message);
        typeOf(options, type);
        return postJson(`${base}/v2/sendMessage`, headers, { ...envelope, type, payload, ...tail });
      },
      parseSuccess(answer) {
        const id = pick(answer.body, "data", "id");
        if (pick(answer.body, "success") === true && typeof id === "string" && id !== "")
          return { id, status: "accepted" };
        return { failed: true, ...errorOf(answer.body, "Bik answered without success:true and a message id") };
      },
      parseError(answer) {
        const info = errorOf(answer.body, "Bik refused the message");
        return answer.status === 401
          ? { ...info, message: `${sentence(info.message)} Check the key and secret (Basic auth).` }
          : info;
      },
    },
    {
      support: SUPPORT,
      gaps: {
        replyTo: "Bik's send-message API has no reply context: drop .replyTo().",
        bsuid:
          "Bik documents phone numbers only (contactIdentifier): send to the user's phone number, or through the Cloud API or Bird.",
      },
      secrets: [authorization, ...credentials],
    },
  );
}

/**
 * `Basic base64(KEY:SECRET)`, UTF-8 encoded, or the ready token; then every credential it is
 * made of (the token, the key, the secret, `key:secret`), for the redactor.
 */
function authorizationOf(c: Partial<Record<"authToken" | "key" | "secret", unknown>>): string[] {
  const where = "bik()";
  const fix = "Pass { key, secret } from Bik's developer portal, or { authToken } (base64 of KEY:SECRET).";
  if (c.authToken !== undefined) {
    if (c.key !== undefined || c.secret !== undefined)
      throw new WaError("CONFIG", "bik() takes either authToken or key + secret, not both.");
    const token = checkSecret(where, "authToken", c.authToken, fix);
    const bare = token.replace(/^basic\s+/i, "");
    if (!/^[A-Za-z0-9+/=_-]+$/.test(bare))
      throw configError(where, "authToken", "is not a base64 token (Basic auth)", fix);
    return [`Basic ${bare}`, bare];
  }
  if (c.key === undefined && c.secret === undefined)
    throw configError(where, "authToken (or key and secret)", "is missing", fix);
  const key = checkString(where, "key", c.key, { max: 4096, fix })!;
  const secret = checkString(where, "secret", c.secret, { max: 4096, fix })!;
  if (key.includes(":"))
    throw configError(where, "key", "contains a colon, which Basic auth cannot carry in a user name", fix);
  const token = base64(`${key}:${secret}`);
  return [`Basic ${token}`, token, `${key}:${secret}`, key, secret];
}

/** `.ref()` as Bik's `callbackData`: stringified JSON, at most 1024 characters. */
function callbackDataOf(ref: Json | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const data = JSON.stringify(ref);
  // UTF-16 length, which is never smaller than the code-point count: Bik's server (JavaScript)
  // most likely counts this way, so a ref that passes here is not refused there for length.
  if (data.length > BIK_CALLBACK_DATA_MAX)
    throw new ValidationError([
      {
        path: "ref",
        message: `\`ref\` is ${data.length} characters as JSON; Bik's callbackData allows at most ${BIK_CALLBACK_DATA_MAX}. Keep only ids in .ref() and look the rest up when the webhook arrives.`,
        limit: BIK_CALLBACK_DATA_MAX,
        received: data.length,
      },
    ]);
  return data;
}

/** The `type` to send: the derived one, unless `options.bik.type` asks for another. */
function typeOf(options: BikOptions, derived: string): string {
  const asked = options.type;
  if (asked === undefined || asked === derived) return derived;
  const hint = UNDOCUMENTED_TYPES[asked];
  if (hint !== undefined) throw new UnsupportedError(NAME, `${asked} messages`, hint);
  throw new ValidationError([
    {
      path: "options.bik.type",
      message: `\`options.bik.type\` is "${String(asked).slice(0, 40)}" but this message is sent as "${derived}". Leave it out: wafluent derives it from the message.`,
    },
  ]);
}

const mediaLink = (media: Media, what: string): string =>
  publicUrl(NAME, media, what, "Bik takes media links (mediaLink) only: pass an https URL.");

/** The session-message `type` and `payload` of each kind Bik supports. */
function payloadOf(m: Exclude<Message, { type: "template" }>): [string, Record<string, unknown>] {
  switch (m.type) {
    case "text":
      // Bik has no preview switch; WhatsApp's default applies, so `previewUrl` is not sent.
      return ["text", { message: m.body }];
    case "image":
    case "video":
    case "document": {
      const media = oneFile(NAME, m);
      // Bik's media object has no file name: a document's `filename` is not sent.
      const link = {
        mediaLink: mediaLink(media, m.type),
        ...(media.caption === undefined ? {} : { caption: media.caption }),
      };
      return [m.type, { type: m.type, media: link }];
    }
    case "buttons":
      return ["buttons", buttonsPayload(m as MessageOf<"buttons">)];
    case "list":
      return ["options", listPayload(m as MessageOf<"list">)];
    default:
      return refuseRest(NAME, SUPPORT, m);
  }
}

function titles(m: { header?: Header; footer?: string }): Record<string, string> {
  return {
    ...(m.header?.type === "text" ? { headerTitle: m.header.text } : {}),
    ...(m.footer === undefined ? {} : { footerTitle: m.footer }),
  };
}

function buttonsPayload(m: MessageOf<"buttons">): Record<string, unknown> {
  const header = m.header;
  if (header && header.type !== "text" && header.type !== "image")
    throw new UnsupportedError(
      NAME,
      `reply buttons with a ${header.type} header`,
      "Bik's buttons take a text or an image header.",
    );
  return {
    type: "buttons",
    body: m.body,
    ...titles(m),
    // Bik's example also fills section.buttonTitle and sectionTitle for reply buttons; WhatsApp
    // shows neither on reply buttons and the neutral message has no value for them.
    section: { payload: m.buttons.map((b) => ({ id: b.id, name: b.title })) },
    ...(header?.type === "image"
      ? { header: { type: "image", image: { mediaLink: mediaLink(header.media, "header images") } } }
      : {}),
  };
}

function listPayload(m: MessageOf<"list">): Record<string, unknown> {
  if (m.sections.length > 1)
    throw new UnsupportedError(
      NAME,
      "lists with several sections",
      "Bik's options message has one section: merge the rows into one section.",
    );
  const section = m.sections[0]!;
  if (section.rows.some((r) => r.description !== undefined))
    throw new UnsupportedError(
      NAME,
      "list row descriptions",
      "Bik's option rows have an id and a name only: drop the descriptions or move them into the body.",
    );
  return {
    type: "options",
    body: m.body,
    ...titles(m),
    section: {
      buttonTitle: m.button,
      ...(section.title === undefined ? {} : { sectionTitle: section.title }),
      payload: section.rows.map((r) => ({ id: r.id, name: r.title })),
    },
  };
}

const PLAIN_TEXT_HINT =
  'Bik takes template parameters as plain strings: pass the formatted value as text, e.g. "€12.50".';

function templatePayload(m: MessageOf<"template">, options: BikOptions): Record<string, unknown> {
  const t = m.template;
  refuseNamedVariables(NAME, t, "Bik templates take positional body parameters: pass them as params.");
  const components: Record<string, unknown> = {};
  if (t.header) components.header = t.header.map(templateHeader);
  if (t.body) components.body = t.body.map(templateText);
  if (t.buttons)
    components.button = t.buttons.map((b) => {
      if (b.type !== "url")
        throw new UnsupportedError(
          NAME,
          `${b.type === "quickReply" ? "quick-reply" : b.type} template buttons`,
          "Bik sends quick-reply templates through its Flow API; here templates take URL buttons.",
        );
      return { type: "URL", index: b.index, data: b.text };
    });
  // The WhatsApp language is fixed by the Bik template id, so `language` is not sent.
  return { templateId: options.templateId ?? t.name, components };
}

function templateHeader(p: TemplateParam): Record<string, unknown> {
  if (p.type === "text") return { type: "text", data: p.text };
  if (p.type === "image" || p.type === "video" || p.type === "document")
    return { type: p.type, data: mediaLink(p.media, "template headers") };
  throw new UnsupportedError(NAME, `${p.type} template parameters`, PLAIN_TEXT_HINT);
}

function templateText(p: TemplateParam): string {
  if (p.type === "text") return p.text;
  throw new UnsupportedError(NAME, `${p.type} template body parameters`, PLAIN_TEXT_HINT);
}

/** Reads `{errors:[{message}]}` (or `{message}`), else describes the body. */
function errorOf(body: unknown, fallback: string): ProviderErrorInfo {
  const errors = pick(body, "errors");
  const messages = Array.isArray(errors)
    ? errors.map((e) => pick(e, "message")).filter((s): s is string => typeof s === "string" && s !== "")
    : [];
  const single = pick(body, "message");
  if (messages.length === 0 && typeof single === "string" && single !== "") messages.push(single);
  return { message: messages.length > 0 ? messages.join("; ") : unreadable(body, fallback) };
}
