/**
 * Bird (bird.com) Channels API provider: compiles a neutral message to
 * `POST /workspaces/{workspaceId}/channels/{channelId}/messages`, reads the 202 `ChannelMessage`
 * and Bird's `{code, message, details}` errors, and asks Bird whether a contact's customer
 * service window is open.
 *
 * Mapping (Bird's WhatsApp table, https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/sending-whatsapp-messages):
 * - text → `text` (`metadata.whatsapp.previewUrl`); image and sticker → `image`; video, audio and
 *   document → `file` (with a `contentType`); location → `location` (name becomes `label`).
 * - buttons → `actions` on the body: a button whose id equals its title is a `reply` action, any
 *   other a `postback` whose `payload` is the id. An image header turns the body into `image`, a
 *   video or document header into `file`, with the message text as the body text.
 * - list → `list`: a section per item, each row a `postback` (payload = row id, description in
 *   `postback.metadata.description.label`), the header as `title`, the button label as
 *   `metadata.button.label`. link → a `link` action; locationRequest → a `locationRequest` action.
 * - template → `template` with `projectId`, `version`, `locale` and named `parameters`.
 * - reaction, contacts (and products) are not available on Bird's WhatsApp channel.
 * @see https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/sending-whatsapp-messages
 * @module
 */
import { type Issue, type ProviderErrorInfo, ProviderError, UnsupportedError, ValidationError, WaError } from "../../errors.ts";
import type { Header, Json, Kind, Media, Message } from "../../message.ts";
import { describeBody, type HttpRequest, pick, type Provider, type SendStatus } from "../../provider.ts";
import { isBsuid } from "../../recipient.ts";
import { validateMessage } from "../../validate.ts";
import { checkBaseUrl, checkSecret, checkString, readOptions } from "../../config.ts";
import { withSecrets } from "../../secrets.ts";
import { type TransportOptions, transportFor } from "../../transport.ts";

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
};

declare module "../../message.ts" {
  interface ProviderOptions {
    /** Options of the Bird provider: see {@link BirdOptions}. */
    bird?: BirdOptions;
  }
}

/** Settings of {@link bird}. */
export interface BirdConfig {
  /** An access key of the Bird workspace (sent as `Authorization: AccessKey <key>`). */
  accessKey: string;
  /** The workspace id (a UUID). */
  workspaceId: string;
  /** The WhatsApp channel id (a UUID). */
  channelId: string;
  /** API base URL. Default `https://api.bird.com`. */
  baseUrl?: string;
}

/** Whether a contact's customer service window is open, and until when. */
export interface ServiceWindow {
  /** True when non-template messages can be sent now. */
  open: boolean;
  /** When the window closes; `null` when it is closed, or permanent. */
  expiresAt: Date | null;
}

/**
 * Options of `provider.serviceWindow()`. The query goes through the same transport as sends:
 * by default with the `fetch`, `timeout`, `retry`, `hooks` and `ky` of the client this provider
 * was last given to (`whatsapp({ provider, fetch })`), else the defaults (global fetch, 30 s);
 * the transport options given here override those.
 */
export interface ServiceWindowOptions extends TransportOptions {
  /** Bird's contact id, when you know it (see {@link BirdProvider.serviceWindowRequest}). */
  contactId?: string;
  /** Aborts the request (rejects with `ABORTED`, or `TIMEOUT` for `AbortSignal.timeout()`). */
  signal?: AbortSignal;
}

/** The Bird provider: a {@link Provider} plus the customer service window query. */
export interface BirdProvider extends Provider {
  readonly name: "bird";
  /**
   * The request that asks Bird about a contact's service window, with no I/O:
   * `GET /workspaces/{ws}/channels/{ch}/contacts/{contactId}?contactIdentifierValue={phone}`.
   * @throws {ValidationError} `VALIDATION` when `phone` is not E.164.
   */
  serviceWindowRequest(phone: string, contactId?: string): HttpRequest;
  /**
   * Asks Bird whether the 24-hour customer service window with `phone` is open, so you can
   * choose a template when it is closed.
   * @throws {ValidationError} `VALIDATION` for a bad phone number; {@link ProviderError} when Bird
   *   refuses (e.g. 404 for an unknown contact); {@link WaError} `NETWORK` or `ABORTED`.
   * @example
   * const { open } = await provider.serviceWindow("+31612345678");
   * const draft = open ? wa.text("Hi again") : wa.template(projectId, { language: "en" });
   */
  serviceWindow(phone: string, options?: ServiceWindowOptions): Promise<ServiceWindow>;
}

const NAME = "bird";
const KINDS: readonly Kind[] = /* @__PURE__ */ Object.freeze([
  "text", "image", "video", "audio", "document", "sticker", "location", "buttons", "list", "link",
  "locationRequest", "template",
] as const);
const NOT_ON_BIRD: Record<string, string> = {
  reaction: "Bird's WhatsApp channel has no reactions; send a short text reply instead.",
  contacts: "Bird's WhatsApp channel has no contact cards; send the details as text instead.",
  product: "Bird's WhatsApp channel has no product messages; send a link to the product instead.",
  productList: "Bird's WhatsApp channel has no multi-product messages; send a list or links to the products instead.",
  catalog: "Bird's WhatsApp channel has no catalog messages; send a link to the shop instead.",
  flow: "Bird's channel API has no WhatsApp Flow messages; start the Flow from a Bird template that has a Flow button.",
};

// Bird's published limits (the CreateMessage schema of the OpenAPI in Bird's "Sending WhatsApp
// messages" page, https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/sending-whatsapp-messages).
const BIRD = {
  tags: 10,
  tagLength: 50,
  tagPattern: /^[a-zA-Z0-9_ \-]+$/,
  scheduleDays: 35,
  images: 10, // WhatsApp's album size, as in schemas/limits.ts; Bird documents none.
  listButton: 20,
  rowDescription: 72,
} as const;

const OPTION_KEYS = new Set([
  "projectId", "version", "locale", "scheduledFor", "validity", "tags", "notification", "altText",
  "listButton", "actions", "media",
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BCP47 = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/**
 * Creates the Bird provider. Its `compile` enforces, besides WhatsApp's limits: one caption per
 * body (several images share it), a MIME type for every file, media by URL (not id), a project
 * id and BCP 47 locale for templates, and Bird's limits on `options.bird` (tags ≤ 10 of 1–50
 * characters, `scheduledFor` RFC 3339 ≤ 35 days ahead, `validity` whole seconds ≥ 0).
 * It throws `UnsupportedError` (`UNSUPPORTED`) before any I/O for reactions, contacts, products,
 * text headers, footers and positional template parameters, and `ValidationError`
 * (`VALIDATION`) for the limits above.
 * @throws {WaError} `CONFIG` naming the missing or malformed setting.
 * @example
 * import { whatsapp } from "wafluent";
 * import { bird } from "wafluent/providers/bird";
 * const wa = whatsapp({ provider: bird({ accessKey, workspaceId, channelId }) });
 * await wa.text("Your order shipped").to("+31612345678");
 * @see https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/sending-whatsapp-messages
 */
export function bird(config: BirdConfig): BirdProvider {
  const where = "bird()";
  const o = readOptions(where, config, ["accessKey", "workspaceId", "channelId", "baseUrl"], true);
  const accessKey = checkSecret(where, "accessKey", o.accessKey, "Copy an access key from your Bird workspace settings.");
  const fix = "Copy it from your Bird workspace settings (a UUID).";
  const workspaceId = checkString(where, "workspaceId", o.workspaceId, { fix })!;
  const channelId = checkString(where, "channelId", o.channelId, { fix })!;
  const base = checkBaseUrl(where, "baseUrl", o.baseUrl, "https://api.bird.com");
  const channel = `${base}/workspaces/${encodeURIComponent(workspaceId)}/channels/${encodeURIComponent(channelId)}`;
  const auth = `AccessKey ${accessKey}`;

  const serviceWindowRequest = (phone: string, contactId?: string): HttpRequest => {
    if (typeof phone !== "string" || !/^\+[1-9]\d{7,14}$/.test(phone))
      throw new ValidationError([{ path: "phone", message: "`phone` is not an international number in E.164; pass one like +31612345678." }]);
    if (contactId !== undefined && (typeof contactId !== "string" || contactId === "" || contactId.length > 1024 || LONE_SURROGATE.test(contactId)))
      throw new ValidationError([{ path: "contactId", message: "`contactId` must be Bird's contact id: a non-empty string of well-formed text, at most 1024 characters." }]);
    // GUESS (Bird documents `GET …/contacts/{contactId}?contactIdentifierValue=…` only with an id):
    // Bird addresses the contact by id and the identifier in the query;
    // with no id known we put the phone number in the id's place too. Pass `contactId` to avoid it.
    const id = contactId ?? phone;
    return {
      url: `${channel}/contacts/${encodeURIComponent(id)}?contactIdentifierValue=${encodeURIComponent(phone)}`,
      method: "GET",
      headers: { authorization: auth, accept: "application/json" },
    };
  };

  const provider: BirdProvider = {
    name: NAME,
    kinds: KINDS,
    compile(input) {
      const kind = (input as { type?: unknown } | null)?.type;
      if (typeof kind === "string" && Object.hasOwn(NOT_ON_BIRD, kind)) throw new UnsupportedError(NAME, `${kind} messages`, NOT_ON_BIRD[kind]);
      // Re-validate: messages may come from a queue or a proxy, not only from the builder.
      const message = validateMessage(input);
      return {
        url: `${channel}/messages`,
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json", accept: "application/json" },
        body: compileBody(message),
      };
    },
    parseSuccess(answer) {
      const id = pick(answer.body, "id");
      const status = pick(answer.body, "status");
      if (typeof id !== "string" || id === "")
        return { failed: true, message: `Bird accepted the request but sent no message id (received ${describeBody(answer.body)}).` };
      if (status === "rejected" || status === "sending_failed" || status === "delivery_failed") {
        const reason = pick(answer.body, "failure", "description") ?? pick(answer.body, "reason");
        const code = pick(answer.body, "failure", "code");
        return {
          failed: true,
          ...(typeof code === "string" || typeof code === "number" ? { providerCode: code } : {}),
          message: `message ${id} is ${status}${typeof reason === "string" ? `: ${reason}` : ""}.`,
        };
      }
      return { id, status: typeof status === "string" && Object.hasOwn(STATUS, status) ? STATUS[status]! : "accepted" };
    },
    parseError: parseBirdError,
    serviceWindowRequest,
    async serviceWindow(phone, options = {}) {
      const { contactId, signal, ...transport } = readServiceWindowOptions(options);
      const request = serviceWindowRequest(phone, contactId);
      // The one transport: the client's fetch, timeout and retries, no redirects, credentials redacted.
      const answer = await transportFor(provider, transport, "serviceWindow()").request(provider, request, signal ? { signal } : {});
      return parseServiceWindow(answer.body);
    },
  };
  withSecrets(provider, accessKey, auth);
  return Object.freeze(provider);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The options of one service window query, read once (a throwing getter is a `CONFIG` error). */
function readServiceWindowOptions(options: unknown): ServiceWindowOptions {
  const o = readOptions("serviceWindow()", options, ["contactId", "signal", "fetch", "timeout", "retry", "hooks", "ky"]);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal))
    throw new WaError("CONFIG", "serviceWindow() `signal` must be an AbortSignal, e.g. AbortSignal.timeout(5000).");
  return o as ServiceWindowOptions;
}

const STATUS: Record<string, SendStatus> = {
  accepted: "accepted",
  processing: "queued",
  scheduled: "scheduled",
  sent: "sent",
  delivered: "sent",
};

/**
 * Reads Bird's answer to the service window query (`{serviceWindowExpireAt, isPermanentSession?}`).
 * The window is open when its expiry is after `now`, or when Bird reports a permanent session.
 * Never throws: an unreadable body means a closed window.
 * @example parseServiceWindow({ serviceWindowExpireAt: "2030-01-01T00:00:00Z" }) // { open: true, expiresAt: Date }
 * @see https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/customer-service-window
 */
export function parseServiceWindow(body: unknown, now: number = Date.now()): ServiceWindow {
  const raw = pick(body, "serviceWindowExpireAt");
  const at = typeof raw === "string" ? new Date(raw) : null;
  const expiresAt = at && !Number.isNaN(at.getTime()) ? at : null;
  if (pick(body, "isPermanentSession") === true) return { open: true, expiresAt };
  return expiresAt && expiresAt.getTime() > now ? { open: true, expiresAt } : { open: false, expiresAt: null };
}

const ERROR_HINTS: Record<number, string> = {
  401: "Check the access key (sent as `AccessKey <key>`).",
  403: "Check that the access key's role allows sending on this channel.",
  404: "Check workspaceId and channelId, and that the channel is a WhatsApp channel.",
  409: "Bird could not create the message in the current state (e.g. a closed service window: send a template).",
  422: "Fix the fields named above.",
};

/**
 * Reads a Bird error answer (`{code, message, details?: {field: [reason]}}`, as 400/404/409/422
 * return it) into a description with the field details in the message. Never throws.
 * 401/403 become `AUTH` and 429 `RATE_LIMITED` (the core's defaults by status).
 * @example parseBirdError({ status: 422, body: { code: "InvalidPayload", message: "Invalid", details: { "body.text.text": ["is blank"] } } })
 * // { providerCode: "InvalidPayload", message: "Invalid (body.text.text: is blank). Fix the fields named above." }
 * @see https://docs.bird.com/api/channels-api/api-reference/messaging
 */
export function parseBirdError(answer: { status: number; body: unknown; headers?: Headers }): ProviderErrorInfo {
  const code = pick(answer.body, "code");
  const text = pick(answer.body, "message");
  const details = pick(answer.body, "details");
  let message = typeof text === "string" && text !== "" ? text : describeBody(answer.body);
  if (details !== null && typeof details === "object" && !Array.isArray(details)) {
    const parts = Object.entries(details as Record<string, unknown>).map(
      ([field, reasons]) => `${field}: ${Array.isArray(reasons) ? reasons.map(String).join("; ") : String(reasons)}`,
    );
    if (parts.length > 0) message += ` (${parts.join(". ")})`;
  }
  if (!/[.!?]$/.test(message)) message += ".";
  const hint = ERROR_HINTS[answer.status];
  return {
    message: hint ? `${message} ${hint}` : message,
    ...(typeof code === "string" || typeof code === "number" ? { providerCode: code } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// compile

type Obj = { [key: string]: Json };

/** Compiles a validated message to Bird's `CreateMessage` body. @internal */
function compileBody(m: Message): Obj {
  const issues: Issue[] = [];
  const opts = checkOptions(m, issues);
  // A BSUID is Bird's `whatsappbsuid` identifier (Bird's "Business-scoped user IDs" page).
  const identifierKey = isBsuid(m.to) ? "whatsappbsuid" : "phonenumber";
  const out: Obj = { receiver: { contacts: [{ identifierKey, identifierValue: m.to }] } };
  if (m.type === "template") out.template = template(m, opts, issues);
  else out.body = body(m, opts, issues);
  if (m.replyTo !== undefined) out.replyTo = { id: m.replyTo, type: "message" };
  // A string ref is Bird's `reference`; an object goes to `meta.extraInformation`, the place Bird
  // keeps caller data; any other JSON value is sent as its JSON text in `reference`.
  if (m.ref !== undefined) {
    if (typeof m.ref === "string") out.reference = m.ref;
    else if (m.ref !== null && typeof m.ref === "object" && !Array.isArray(m.ref)) out.meta = { extraInformation: m.ref };
    else out.reference = JSON.stringify(m.ref);
  }
  if (opts.scheduledFor !== undefined) out.scheduledFor = opts.scheduledFor;
  if (opts.validity !== undefined) out.validity = opts.validity;
  if (opts.tags !== undefined) out.tags = opts.tags;
  if (opts.notification !== undefined) out.notification = { url: opts.notification.url };
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

function unsupportedMedia(path: string): never {
  throw new UnsupportedError(NAME, `media by id (\`${path}\`)`, "Bird fetches media from a URL: pass a public https URL instead of an id.");
}

function image(media: Media | BirdMedia, path: string): Obj {
  if (!media.url) unsupportedMedia(path);
  return media.altText === undefined ? { mediaUrl: media.url } : { mediaUrl: media.url, altText: media.altText };
}

function file(media: Media | BirdMedia, kind: string, path: string, issues: Issue[]): Obj {
  if (!media.url) unsupportedMedia(path);
  const contentType = media.contentType ?? guessContentType(media.url, kind);
  const out: Obj = { mediaUrl: media.url, contentType: contentType ?? "" };
  if (contentType === undefined)
    issues.push({
      path: `${path}.contentType`,
      message: `\`${path}.contentType\` is missing and cannot be guessed from the URL; Bird needs the file's MIME type. Pass it, e.g. { url, contentType: "application/pdf" }.`,
    });
  if (media.filename !== undefined) out.filename = media.filename;
  if (media.altText !== undefined) out.altText = media.altText;
  return out;
}

// Bird's `file` body needs a MIME type; WhatsApp's accepted formats by extension.
const TYPES: Record<string, string> = {
  mp4: "video/mp4", "3gp": "video/3gpp", mp3: "audio/mpeg", ogg: "audio/ogg", opus: "audio/ogg",
  aac: "audio/aac", amr: "audio/amr", m4a: "audio/mp4", pdf: "application/pdf", txt: "text/plain",
  doc: "application/msword", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint", pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  csv: "text/csv", zip: "application/zip", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp",
};

/** MIME type from a URL's extension (`…/video.mp4?alt=media` → `video/mp4`). @internal */
export function guessContentType(url: string, kind = "document"): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === undefined) return undefined;
  if (kind === "audio" && ext === "mp4") return "audio/mp4";
  return TYPES[ext];
}

/** One caption for the whole body: the same on every item, or on the first only. */
function sharedCaption(media: readonly Media[], issues: Issue[]): string | undefined {
  let caption: string | undefined;
  media.forEach((item, i) => {
    if (item.caption === undefined) return;
    if (caption === undefined && i === 0) caption = item.caption;
    else if (item.caption !== caption)
      issues.push({
        path: `media[${i}].caption`,
        message: `\`media[${i}].caption\` differs from the first image's caption; Bird sends one text for all the images of a message. Use the same caption on every image, put it on the first image only, or send the images separately.`,
      });
  });
  return caption;
}

function extraMedia(opts: BirdOptions, body: "image" | "file", issues: Issue[]): Obj[] {
  return (opts.media ?? []).map((item, i) =>
    body === "image" ? image(item, `options.bird.media[${i}]`) : file(item, "document", `options.bird.media[${i}]`, issues),
  );
}

function noExtra(opts: BirdOptions, key: keyof BirdOptions, where: string, issues: Issue[]): void {
  if (opts[key] !== undefined)
    issues.push({ path: `options.bird.${key}`, message: `\`options.bird.${key}\` applies to ${where} only. Remove it from this message.` });
}

function body(m: Exclude<Message, { type: "template" }>, opts: BirdOptions, issues: Issue[]): Obj {
  if (m.type !== "list") {
    noExtra(opts, "altText", "lists", issues);
    noExtra(opts, "listButton", "lists", issues);
  }
  if (m.type !== "buttons") noExtra(opts, "actions", "reply buttons", issues);
  switch (m.type) {
    case "text": {
      noExtra(opts, "media", "media messages and media headers", issues);
      const text: Obj = { text: m.body };
      if (m.previewUrl !== undefined) text.metadata = { whatsapp: { previewUrl: m.previewUrl } };
      return { type: "text", text };
    }
    case "image":
    case "sticker": {
      const images = [...m.media.map((x, i) => image(x, `media[${i}]`)), ...extraMedia(opts, "image", issues)];
      tooManyImages(images.length, issues);
      const caption = sharedCaption(m.media, issues);
      return { type: "image", image: caption === undefined ? { images } : { images, text: caption } };
    }
    case "video":
    case "audio":
    case "document": {
      const files = [...m.media.map((x, i) => file(x, m.type, `media[${i}]`, issues)), ...extraMedia(opts, "file", issues)];
      const caption = sharedCaption(m.media, issues);
      return { type: "file", file: caption === undefined ? { files } : { files, text: caption } };
    }
    case "location": {
      noExtra(opts, "media", "media messages and media headers", issues);
      const { latitude, longitude, name, address } = m.location;
      const location: Obj = { coordinates: { latitude, longitude } };
      if (name !== undefined || address !== undefined) {
        const place: Obj = {};
        if (address !== undefined) place.address = address;
        if (name !== undefined) place.label = name;
        location.location = place;
      }
      return { type: "location", location };
    }
    case "buttons": {
      noFooter(m.footer);
      const types = opts.actions;
      if (types !== undefined && types.length !== m.buttons.length)
        issues.push({
          path: "options.bird.actions",
          message: `\`options.bird.actions\` lists ${types.length} action types for ${m.buttons.length} buttons; give one per button, in order.`,
        });
      const actions = m.buttons.map((b, i): Obj => {
        const type = types?.[i] ?? (b.id === b.title ? "reply" : "postback");
        if (type === "reply") {
          if (b.id !== b.title)
            issues.push({
              path: `buttons[${i}].id`,
              message: `\`buttons[${i}].id\` is "${b.id}", but a Bird reply action carries no id. Use "postback" for this button in options.bird.actions, or drop the id.`,
            });
          return { type: "reply", reply: { text: b.title } };
        }
        return { type: "postback", postback: b.id === b.title ? { text: b.title } : { text: b.title, payload: b.id } };
      });
      return interactive(m.body, m.header, actions, opts, issues);
    }
    case "link":
      noFooter(m.footer);
      return interactive(m.body, m.header, [{ type: "link", link: { text: m.link.text, url: m.link.url } }], opts, issues);
    case "locationRequest":
      noExtra(opts, "media", "media messages and media headers", issues);
      return { type: "text", text: { text: m.body, actions: [{ type: "locationRequest" }] } };
    case "list": {
      noFooter(m.footer);
      noExtra(opts, "media", "media messages and media headers", issues);
      const list: Obj = {
        text: m.body,
        items: m.sections.map((s): Obj => {
          const actions = s.rows.map((r): Obj => {
            const postback: Obj = { text: r.title, payload: r.id };
            if (r.description !== undefined) postback.metadata = { description: { label: r.description } };
            return { type: "postback", postback };
          });
          return s.title === undefined ? { actions } : { title: s.title, actions };
        }),
      };
      if (m.header !== undefined) {
        if (m.header.type !== "text")
          throw new UnsupportedError(NAME, "a media header on lists", "WhatsApp lists take a text header only.");
        list.title = m.header.text;
      }
      if (opts.altText !== undefined) list.altText = opts.altText;
      if (opts.listButton !== false) list.metadata = { button: { label: m.button } };
      return { type: "list", list };
    }
    default:
      // Kinds Bird cannot send were refused in compile(); this keeps the switch exhaustive.
      throw new UnsupportedError(NAME, `${(m as { type: string }).type} messages`);
  }
}

function tooManyImages(count: number, issues: Issue[]): void {
  if (count > BIRD.images)
    issues.push({
      path: "options.bird.media",
      message: `The message has ${count} images; WhatsApp shows at most ${BIRD.images} together. Send the others in another message.`,
      limit: BIRD.images,
      received: count,
    });
}

function noFooter(footer: string | undefined): void {
  if (footer !== undefined)
    throw new UnsupportedError(NAME, "a footer", "Bird's WhatsApp bodies have no footer: append the footer line to the body text.");
}

/** A body with actions: text, or image/file when the header is media (Bird's interactive header). */
function interactive(text: string, header: Header | undefined, actions: Obj[], opts: BirdOptions, issues: Issue[]): Obj {
  if (header === undefined) {
    noExtra(opts, "media", "media messages and media headers", issues);
    return { type: "text", text: { text, actions } };
  }
  if (header.type === "text")
    throw new UnsupportedError(NAME, "a text header", "Bird's WhatsApp text body has no header: put the header line into the body, or use an image header.");
  if (header.media.caption !== undefined)
    issues.push({
      path: "header.media.caption",
      message: "`header.media.caption` is set, but Bird shows the message body under a header image or file. Remove the caption.",
    });
  if (header.type === "image") {
    const images = [image(header.media, "header.media"), ...extraMedia(opts, "image", issues)];
    tooManyImages(images.length, issues);
    return { type: "image", image: { images, text, actions } };
  }
  const files = [file(header.media, header.type, "header.media", issues), ...extraMedia(opts, "file", issues)];
  return { type: "file", file: { files, text, actions } };
}

/**
 * A neutral template as Bird's: Bird addresses templates by Studio project id and takes named,
 * typed `parameters`; WhatsApp's positional `{{1}}` parameters have no Bird form.
 */
function template(m: Extract<Message, { type: "template" }>, opts: BirdOptions, issues: Issue[]): Obj {
  noExtra(opts, "altText", "lists", issues);
  noExtra(opts, "listButton", "lists", issues);
  noExtra(opts, "actions", "reply buttons", issues);
  noExtra(opts, "media", "media messages and media headers", issues);
  const t = m.template;
  for (const part of ["header", "body", "buttons"] as const) {
    if (t[part] !== undefined)
      throw new UnsupportedError(
        NAME,
        `positional template parameters (\`template.${part}\`)`,
        "Bird templates take named variables: .template(projectId, { language, variables: { name: \"Robert\" } }).",
      );
  }
  const projectId = opts.projectId ?? (UUID.test(t.name) ? t.name : undefined);
  if (projectId === undefined)
    issues.push({
      path: "options.bird.projectId",
      message: `\`options.bird.projectId\` is missing: Bird addresses templates by their Studio project id, and the template name "${t.name.slice(0, 60)}" is not one. Pass .options({ bird: { projectId } }) or use the project id as the name.`,
    });
  const locale = opts.locale ?? t.language.replace(/_/g, "-");
  if (opts.locale === undefined && !BCP47.test(locale))
    issues.push({ path: "template.language", message: `\`template.language\` is "${t.language}"; Bird needs a BCP 47 locale like "en" or "pt-BR".` });
  const out: Obj = { projectId: projectId ?? "", version: opts.version ?? "latest", locale };
  if (t.variables !== undefined) {
    out.parameters = Object.entries(t.variables).map(([key, value]): Obj => ({
      type: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string",
      key,
      value,
    }));
  }
  return out;
}

/** Checks `options.bird` against Bird's limits, reporting every issue. @internal */
function checkOptions(m: Message, issues: Issue[]): BirdOptions {
  const raw = m.options?.bird as Record<string, unknown> | undefined;
  if (raw === undefined) return {};
  const bad = (key: string, message: string, extra?: { limit: number; received: number }) =>
    issues.push({ path: `options.bird.${key}`, message: `\`options.bird.${key}\` ${message}`, ...extra });
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !OPTION_KEYS.has(key)) bad(key, `is not a Bird option. Known options: ${[...OPTION_KEYS].join(", ")}.`);
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
  if (projectId !== undefined && !UUID.test(projectId)) bad("projectId", `is "${projectId.slice(0, 60)}"; expected the project's UUID.`);
  const version = text("version");
  if (version !== undefined && version !== "latest" && !UUID.test(version)) bad("version", `is "${version.slice(0, 60)}"; expected "latest" or a version UUID.`);
  const locale = text("locale");
  if (locale !== undefined && !BCP47.test(locale)) bad("locale", `is "${locale.slice(0, 40)}"; expected a BCP 47 locale like "en" or "pt-BR".`);
  text("altText");
  const scheduledFor = text("scheduledFor");
  if (scheduledFor !== undefined) {
    const at = Date.parse(scheduledFor);
    if (!RFC3339.test(scheduledFor) || Number.isNaN(at)) bad("scheduledFor", `is "${scheduledFor.slice(0, 40)}"; expected an RFC 3339 date-time like 2030-05-09T05:54:25Z.`);
    // Checked against this machine's clock; Bird checks again against its own.
    else if (at - Date.now() > BIRD.scheduleDays * 86_400_000) bad("scheduledFor", `is more than ${BIRD.scheduleDays} days ahead; Bird schedules at most ${BIRD.scheduleDays} days ahead.`);
  }
  if (raw.validity !== undefined && !(Number.isInteger(raw.validity) && (raw.validity as number) >= 0))
    bad("validity", `must be a whole number of seconds ≥ 0; received ${JSON.stringify(raw.validity)}.`);
  if (raw.tags !== undefined) {
    if (!Array.isArray(raw.tags)) bad("tags", "must be an array of strings.");
    else {
      if (raw.tags.length > BIRD.tags) bad("tags", `has ${raw.tags.length} tags; Bird allows at most ${BIRD.tags}.`, { limit: BIRD.tags, received: raw.tags.length });
      raw.tags.forEach((tag, i) => {
        const length = typeof tag === "string" ? [...tag].length : 0;
        if (typeof tag !== "string" || length === 0 || length > BIRD.tagLength || !BIRD.tagPattern.test(tag))
          bad(`tags[${i}]`, `is ${JSON.stringify(tag)?.slice(0, 60)}; Bird tags are 1–${BIRD.tagLength} characters of letters, digits, "-", "_" and spaces.`);
      });
    }
  }
  if (raw.notification !== undefined) {
    const url = pick(raw.notification, "url");
    if (typeof url !== "string" || !/^https?:\/\/[^/\s]+/.test(url)) bad("notification.url", "must be an absolute http(s) URL Bird can post status updates to.");
  }
  if (raw.listButton !== undefined && typeof raw.listButton !== "boolean") bad("listButton", "must be true or false.");
  if (raw.actions !== undefined) {
    if (!Array.isArray(raw.actions)) bad("actions", "must be an array of \"reply\" or \"postback\".");
    else raw.actions.forEach((a, i) => a === "reply" || a === "postback" || bad(`actions[${i}]`, `is ${JSON.stringify(a)}; expected "reply" or "postback".`));
  }
  if (raw.media !== undefined) {
    if (!Array.isArray(raw.media)) bad("media", "must be an array of { url, altText?, contentType?, filename? }.");
    else
      raw.media.forEach((item, i) => {
        const url = pick(item, "url");
        if (typeof url !== "string" || !/^https:\/\/[^/\s]+/.test(url)) bad(`media[${i}].url`, "must be a public https URL.");
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
