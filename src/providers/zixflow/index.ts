/**
 * Zixflow: WhatsApp session messages through `/api/v1/campaign/whatsapp/message/send` and
 * templates through `/api/v1/campaign/whatsapp/send`, both with `Authorization: Bearer <api key>`.
 * Zixflow answers failures with `{status:false, message}`, sometimes with HTTP 200: those are
 * errors, never successes.
 * @see https://docs.zixflow.com/api-reference/campaign/whatsapp/messages/reply-button-message
 * @see https://docs.zixflow.com/api-reference/campaign/whatsapp/send-whatsapp-message
 * @module
 */
import { type ProviderErrorInfo, UnsupportedError, ValidationError } from "../../core/errors.ts";
import type { Header, Media, MessageOf, TemplateParam } from "../../core/message.ts";
import { pick, type Provider } from "../../send/provider.ts";
import { checkBaseUrl, checkSecret, checkString } from "../../send/setting-values.ts";
import { defineProvider, readSettings } from "../_kit/factory.ts";
import { postJson, sentence, unreadable } from "../_kit/http.ts";
import { ownOptions, refuseRest } from "../_kit/support.ts";
import { oneFile, publicUrl } from "../_kit/media-url.ts";
import { metaInteractive, metaReplyButtons } from "../_meta/compile.ts";
import { SUPPORT } from "./support.ts";
import { setOwn } from "../../core/json.ts";

/** Zixflow's API root; `baseUrl` replaces it (tests, proxies). */
export const ZIXFLOW_BASE_URL = "https://api.zixflow.com";

/** Settings of {@link zixflow}. */
export interface ZixflowConfig {
  /** The API key from Zixflow's settings (sent as `Authorization: Bearer …`). */
  apiKey: string;
  /** The Phone ID of the sending number, from Zixflow's WhatsApp settings page. */
  phoneId: string;
  /** Replaces {@link ZIXFLOW_BASE_URL}. */
  baseUrl?: string;
}

/** Per-message Zixflow options: `.options({ zixflow: { … } })`. */
export type ZixflowOptions = {
  /** Links the message to a record and shows it in Zixflow's inbox (`linkWithRecord`). */
  linkWithRecord?: boolean;
  /** The `source` to record when `linkWithRecord` is set; default `"API"`. */
  source?: string;
  /**
   * Waits for WhatsApp's submission status (`submissionStatus`). Default `true` here, because
   * only then does Zixflow answer with a `messageId`; with `false` the result's id is `""`.
   */
  submissionStatus?: boolean;
  /** Templates only: where Zixflow posts delivery reports (`reportURL`). */
  reportURL?: string;
};

declare module "../../core/message.ts" {
  interface ProviderOptions {
    zixflow?: ZixflowOptions;
  }
}

const NAME = "zixflow";

/** A provider for Zixflow. */
export interface ZixflowProvider extends Provider {
  readonly name: "zixflow";
}

/**
 * Creates the Zixflow provider.
 *
 * Sends text (≤ 4096, `previewUrl`), one image by link (caption ≤ 1024), a location, reply buttons
 * (1–3, header text or image/video/document link) and templates by name with named variables;
 * positional body parameters become `body_1`, `body_2`, … and a media header becomes `image`,
 * `video` or `document`, the key names Zixflow's template-variable API lists.
 * @throws {WaError} `CONFIG` when `apiKey` or `phoneId` is missing or malformed, or `baseUrl` is not an
 *   absolute http(s) URL (the message names the field, never the value).
 * @example
 * import { whatsapp, zixflow } from "wafluent";
 * const wa = whatsapp({ provider: zixflow({ apiKey: env.ZIXFLOW_KEY, phoneId: "104898309288724" }) });
 * await wa.template("order_update", { language: "en", params: ["Ada"] }).to("+13023895111");
 * @see https://docs.zixflow.com/api-reference/campaign/whatsapp/send-whatsapp-message
 */
export function zixflow(config: ZixflowConfig): ZixflowProvider {
  const s = readSettings("zixflow()", config, ["apiKey", "phoneId", "baseUrl"], ["apiKey", "phoneId"]);
  const apiKey = s.check(checkSecret, "apiKey", "Create an API key in Zixflow's settings and pass it as { apiKey }.");
  const phoneId = s.check(checkString, "phoneId", {
    max: 64,
    fix: "Copy the Phone ID shown next to the number on Zixflow's WhatsApp settings page.",
  })!;
  const base = s.check(checkBaseUrl, "baseUrl", ZIXFLOW_BASE_URL);
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  return defineProvider<ZixflowProvider>(
    {
      name: NAME,
      compile(message) {
        const options = ownOptions(message, "zixflow", ["linkWithRecord", "source", "submissionStatus", "reportURL"]);
        // Zixflow's examples write numbers as digits with the country code and no "+".
        const head = { to: message.to.replace(/^\+/, ""), phoneId };
        const tail = {
          source: options.source ?? "API",
          ...(options.linkWithRecord === undefined ? {} : { linkWithRecord: options.linkWithRecord }),
          submissionStatus: options.submissionStatus ?? true,
        };
        if (message.type === "template") {
          const t = message.template;
          const body = {
            ...head,
            templateName: t.name,
            language: t.language,
            variables: variablesOf(message as MessageOf<"template">),
            ...tail,
            ...(options.reportURL === undefined ? {} : { reportURL: options.reportURL }),
          };
          return postJson(`${base}/api/v1/campaign/whatsapp/send`, headers, body);
        }
        if (options.reportURL !== undefined)
          throw new UnsupportedError(
            NAME,
            "reportURL on session messages",
            "Zixflow documents reportURL for templates only: drop it from this message's options.",
          );
        let content: Record<string, unknown>;
        switch (message.type) {
          case "text":
            content = { type: "text", text: { preview_url: message.previewUrl ?? false, body: message.body } };
            break;
          case "image": {
            const media = oneFile(NAME, message);
            content = {
              type: "image",
              image: {
                link: link(media, "images"),
                ...(media.caption === undefined ? {} : { caption: media.caption }),
              },
            };
            break;
          }
          case "location": {
            const l = message.location;
            // Zixflow types latitude and longitude as strings.
            content = {
              type: "location",
              location: {
                latitude: String(l.latitude),
                longitude: String(l.longitude),
                ...(l.name === undefined ? {} : { name: l.name }),
                ...(l.address === undefined ? {} : { address: l.address }),
              },
            };
            break;
          }
          case "buttons":
            // Meta's reply-button object, with Zixflow's own header (a media header is a bare URL).
            content = {
              type: "interactive",
              interactive: metaInteractive(NAME, "button", message, metaReplyButtons(message.buttons), headerOf),
            };
            break;
          default:
            return refuseRest(NAME, SUPPORT, message);
        }
        return postJson(`${base}/api/v1/campaign/whatsapp/message/send`, headers, { ...head, ...content, ...tail });
      },
      parseSuccess(answer) {
        // A 200 is not a success by itself: Zixflow reports refusals as {status:false, message}.
        if (pick(answer.body, "status") !== true)
          return { failed: true, ...errorOf(answer.body, "Zixflow answered without status:true") };
        const id = pick(answer.body, "messageId") ?? pick(answer.body, "campaignId");
        return { id: typeof id === "string" ? id : "", status: "accepted" };
      },
      parseError(answer) {
        return errorOf(answer.body, "Zixflow refused the message");
      },
    },
    {
      support: SUPPORT,
      gaps: {
        replyTo: "Zixflow's message API has no reply context: drop .replyTo().",
        bsuid:
          "Zixflow documents phone numbers only (to): send to the user's phone number, or through the Cloud API or Bird.",
        ref: "Zixflow's API has no field it echoes back: drop .ref() and keep the mapping on your side.",
      },
      secrets: [apiKey, headers.authorization],
    },
  );
}

const link = (media: Media, what: string): string =>
  publicUrl(NAME, media, what, "Zixflow takes image links only: pass an https URL.");

/** Zixflow's header: `{type, text}` or `{type, image|video|document: "<url>"}`, a bare URL string. */
function headerOf(header: Header): Record<string, string> {
  if (header.type === "text") return { type: "text", text: header.text };
  return { type: header.type, [header.type]: link(header.media, `${header.type} headers`) };
}

const VARIABLES_HINT =
  "Pass it in the template's variables under the key name Zixflow's Get Template Variables API lists for it.";

/**
 * The template `variables`: positional body parameters as `body_1`, `body_2`, … and a media
 * header as `image` / `video` / `document`, then the caller's named `variables`.
 * Key names: Zixflow's docs show `image` ("Header Image"), `video` and `body_1` ("Body 1");
 * `body_<n>` for later parameters follows that pattern.
 */
function variablesOf(m: MessageOf<"template">): Record<string, string | number | boolean> {
  const t = m.template;
  const out: Record<string, string | number | boolean> = {};
  for (const p of t.header ?? []) {
    if (p.type === "image" || p.type === "video" || p.type === "document")
      out[p.type] = link(p.media, "template headers");
    else throw new UnsupportedError(NAME, `${p.type} template header parameters`, VARIABLES_HINT);
  }
  t.body?.forEach((p, i) => (out[`body_${i + 1}`] = bodyText(p)));
  if (t.buttons?.length) throw new UnsupportedError(NAME, "template button parameters", VARIABLES_HINT);
  for (const [key, value] of Object.entries(t.variables ?? {})) {
    // Own keys only: `toString` or `constructor` is a variable name, not something `out` inherits.
    if (Object.hasOwn(out, key) && out[key] !== value)
      throw new ValidationError([
        {
          path: `template.variables.${key}`,
          message: `\`template.variables.${key}\` is also set by the template's ${key.startsWith("body_") ? "body parameters" : "header"} with another value. Give it once.`,
        },
      ]);
    setOwn(out, key, value);
  }
  return out;
}

function bodyText(p: TemplateParam): string {
  if (p.type === "text") return p.text;
  throw new UnsupportedError(
    NAME,
    `${p.type} template body parameters`,
    'Zixflow takes template variables as plain text: pass the formatted value as text, e.g. "€12.50".',
  );
}

/** Reads `{status:false, message}`; `AUTH` when the message says the key was refused. */
function errorOf(body: unknown, fallback: string): ProviderErrorInfo {
  const said = pick(body, "message");
  if (typeof said !== "string" || said === "") return { message: unreadable(body, fallback) };
  // Zixflow's documented refusals of a key: "Unauthorised", "No token provided".
  if (/unauthori[sz]ed|no token/i.test(said))
    return { code: "AUTH", message: `${sentence(said)} Check the API key given to zixflow().` };
  return { message: said };
}
