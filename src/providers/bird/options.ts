/**
 * `options.bird`: Bird's per-message options, checked against Bird's published limits.
 * @module
 */
import { type Issue, ValidationError } from "../../core/errors.ts";
import type { Message } from "../../core/message.ts";
import { pick } from "../../send/provider.ts";
import { closest } from "../../send/config.ts";

/** One more file for the same Bird body (Bird sends several images or files in one message). */
export type BirdMedia = {
  /** Public https URL of the file. */
  url: string;
  /** Accessibility text. */
  altText?: string;
  /** MIME type of a file; guessed from the URL's extension when absent. Ignored for images. */
  contentType?: string;
  /** File name shown for documents. Ignored for images. */
  filename?: string;
};

/**
 * Bird-only options: `.options({ bird: { … } })`. Limits are Bird's published ones (its
 * OpenAPI `CreateMessage`); anything else is refused with a `ValidationError` so typos surface.
 */
export type BirdOptions = {
  /** Template: the Studio project id of the template. Defaults to the template name when that is a UUID. */
  projectId?: string;
  /** Template: `"latest"` (default) or a version UUID. */
  version?: string;
  /** Template: BCP 47 locale, e.g. `en` or `pt-BR`. Defaults to the template language with `_` as `-`. */
  locale?: string;
  /** Send later: an RFC 3339 date-time at most 35 days ahead. */
  scheduledFor?: string;
  /** Seconds Bird keeps trying to deliver (an integer ≥ 0; Bird's default is 36 hours). */
  validity?: number;
  /** Up to 10 tags, each 1–50 of `a-z A-Z 0-9 - _` and space. */
  tags?: string[];
  /** Where Bird posts status updates of this message. */
  notification?: { url: string };
  /** List only: the list's alternative text. */
  altText?: string;
  /** List only: `false` sends no button label, so Bird uses its default one. */
  listButton?: boolean;
  /** Buttons only: the Bird action type of each button, in order (`"reply"` or `"postback"`). */
  actions?: ("reply" | "postback")[];
  /** Image, sticker, audio, video, document, or buttons/link with a media header: more files for the same body. */
  media?: BirdMedia[];
  /**
   * Media from bytes (`withMedia()`, docs/media.md): the UUID of the conversation with this
   * contact, which Bird's pre-signed upload belongs to. Not sent in the message.
   */
  conversationId?: string;
};

// messages" page, https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/sending-whatsapp-messages).
/** Bird's limits on its own options and bodies. @internal */
export const BIRD = {
  tags: 10,
  tagLength: 50,
  tagPattern: /^[a-zA-Z0-9_ -]+$/,
  scheduleDays: 35,
  images: 10, // WhatsApp's album size, as in core/schemas/limits.ts; Bird documents none.
  listButton: 20,
  rowDescription: 72,
} as const;

const OPTION_KEYS = new Set([
  "projectId",
  "version",
  "locale",
  "scheduledFor",
  "validity",
  "tags",
  "notification",
  "altText",
  "listButton",
  "actions",
  "media",
  "conversationId",
]);
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
export const BCP47 = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/** Checks `options.bird` against Bird's limits, reporting every issue. @internal */
export function checkOptions(m: Message, issues: Issue[]): BirdOptions {
  const raw = m.options?.bird as Record<string, unknown> | undefined;
  if (raw === undefined) return {};
  const bad = (key: string, message: string, extra?: { limit: number; received: number }) =>
    issues.push({ path: `options.bird.${key}`, message: `\`options.bird.${key}\` ${message}`, ...extra });
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !OPTION_KEYS.has(key)) {
      const near = closest(key, [...OPTION_KEYS]);
      bad(
        key,
        `is not a Bird option; ${near ? `did you mean \`${near}\`?` : `known options: ${[...OPTION_KEYS].join(", ")}.`}`,
      );
    }
  }
  /** The option as a non-empty string, or undefined (reporting anything else). */
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value === "string" && value !== "") return value;
    bad(key, `must be a non-empty string; received ${JSON.stringify(value)?.slice(0, 40)}.`);
    return undefined;
  };
  const projectId = text("projectId");
  if (projectId !== undefined && !UUID.test(projectId))
    bad("projectId", `is "${projectId.slice(0, 60)}"; expected the project's UUID.`);
  const version = text("version");
  if (version !== undefined && version !== "latest" && !UUID.test(version))
    bad("version", `is "${version.slice(0, 60)}"; expected "latest" or a version UUID.`);
  const locale = text("locale");
  if (locale !== undefined && !BCP47.test(locale))
    bad("locale", `is "${locale.slice(0, 40)}"; expected a BCP 47 locale like "en" or "pt-BR".`);
  text("altText");
  const conversation = text("conversationId");
  if (conversation !== undefined && !UUID.test(conversation))
    bad("conversationId", `is "${conversation.slice(0, 60)}"; expected the conversation's UUID.`);
  const scheduledFor = text("scheduledFor");
  if (scheduledFor !== undefined) {
    const at = Date.parse(scheduledFor);
    if (!RFC3339.test(scheduledFor) || Number.isNaN(at))
      bad(
        "scheduledFor",
        `is "${scheduledFor.slice(0, 40)}"; expected an RFC 3339 date-time like 2030-05-09T05:54:25Z.`,
      );
    // Checked against this machine's clock; Bird checks again against its own.
    else if (at - Date.now() > BIRD.scheduleDays * 86_400_000)
      bad(
        "scheduledFor",
        `is more than ${BIRD.scheduleDays} days ahead; Bird schedules at most ${BIRD.scheduleDays} days ahead.`,
      );
  }
  if (raw.validity !== undefined && !(Number.isInteger(raw.validity) && (raw.validity as number) >= 0))
    bad("validity", `must be a whole number of seconds ≥ 0; received ${JSON.stringify(raw.validity)}.`);
  if (raw.tags !== undefined) {
    if (!Array.isArray(raw.tags)) bad("tags", "must be an array of strings.");
    else {
      if (raw.tags.length > BIRD.tags)
        bad("tags", `has ${raw.tags.length} tags; Bird allows at most ${BIRD.tags}.`, {
          limit: BIRD.tags,
          received: raw.tags.length,
        });
      raw.tags.forEach((tag, i) => {
        const length = typeof tag === "string" ? [...tag].length : 0;
        if (typeof tag !== "string" || length === 0 || length > BIRD.tagLength || !BIRD.tagPattern.test(tag))
          bad(
            `tags[${i}]`,
            `is ${JSON.stringify(tag)?.slice(0, 60)}; Bird tags are 1–${BIRD.tagLength} characters of letters, digits, "-", "_" and spaces.`,
          );
      });
    }
  }
  if (raw.notification !== undefined) {
    const url = pick(raw.notification, "url");
    if (typeof url !== "string" || !/^https?:\/\/[^/\s]+/.test(url))
      bad("notification.url", "must be an absolute http(s) URL Bird can post status updates to.");
  }
  if (raw.listButton !== undefined && typeof raw.listButton !== "boolean") bad("listButton", "must be true or false.");
  if (raw.actions !== undefined) {
    if (!Array.isArray(raw.actions)) bad("actions", 'must be an array of "reply" or "postback".');
    else
      raw.actions.forEach(
        (a, i) =>
          a === "reply" ||
          a === "postback" ||
          bad(`actions[${i}]`, `is ${JSON.stringify(a)}; expected "reply" or "postback".`),
      );
  }
  if (raw.media !== undefined) {
    if (!Array.isArray(raw.media)) bad("media", "must be an array of { url, altText?, contentType?, filename? }.");
    else
      raw.media.forEach((item, i) => {
        const url = pick(item, "url");
        if (typeof url !== "string" || !/^https:\/\/[^/\s]+/.test(url))
          bad(`media[${i}].url`, "must be a public https URL.");
        for (const key of ["altText", "contentType", "filename"]) {
          const value = pick(item, key);
          if (value !== undefined && typeof value !== "string") bad(`media[${i}].${key}`, "must be text.");
        }
      });
  }
  // Stop here when the options are malformed: the body builders rely on their shapes.
  if (issues.length > 0) throw new ValidationError(issues);
  return raw as BirdOptions;
}
