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
import { ProviderError, ValidationError, WaError } from "../../core/errors.ts";
import {
  describeBody,
  guardCompile,
  type HttpRequest,
  kindsOf,
  pick,
  type Provider,
  type SendStatus,
} from "../../send/provider.ts";
import { isE164 } from "../../core/recipient.ts";
import { validateMessage } from "../../core/validate.ts";
import { readOptions, refuseUnknown } from "../../send/config.ts";
import { checkBaseUrl, checkSecret } from "../../send/setting-values.ts";
import { readSettings } from "../_kit/factory.ts";
import { type TransportOptions, transportFor, httpProvider } from "../../send/transport.ts";
import { refuseUnsupported } from "../_kit/support.ts";
import { checkId, UUID_SHAPE } from "../_kit/id.ts";
import { compileBody } from "./compile.ts";
import type { BirdMedia, BirdOptions } from "./options.ts";
import { parseBirdError } from "./errors.ts";
import { NAME, SUPPORT } from "./support.ts";

export { parseBirdError } from "./errors.ts";
export { guessContentType } from "./media.ts";

export type { BirdMedia, BirdOptions };

declare module "../../core/message.ts" {
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
  const keys = ["accessKey", "workspaceId", "channelId", "baseUrl"] as const;
  const s = readSettings("bird()", config, keys, ["accessKey", "workspaceId", "channelId"]);
  const accessKey = s.check(checkSecret, "accessKey", "Copy an access key from your Bird workspace settings.");
  const fix = "Copy it from your Bird workspace settings (Bird ids are UUIDs).";
  const workspaceId = s.check(checkId, "workspaceId", { shape: UUID_SHAPE, fix });
  const channelId = s.check(checkId, "channelId", { shape: UUID_SHAPE, fix });
  const base = s.check(checkBaseUrl, "baseUrl", "https://api.bird.com");
  const channel = `${base}/workspaces/${encodeURIComponent(workspaceId)}/channels/${encodeURIComponent(channelId)}`;
  const auth = `AccessKey ${accessKey}`;

  const serviceWindowRequest = (phone: string, contactId?: string): HttpRequest => {
    if (typeof phone !== "string" || !isE164(phone))
      throw new ValidationError([
        { path: "phone", message: "`phone` is not an international number in E.164; pass one like +31612345678." },
      ]);
    if (contactId !== undefined)
      checkId("serviceWindow()", "contactId", contactId, {
        shape: UUID_SHAPE,
        fix: "Pass Bird's contact id, or leave it out to address the contact by phone number.",
        call: true,
      });
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

  // Assembled by hand, not with defineProvider (../_kit/factory.ts), on purpose: moving it there
  // changes no behaviour (the node suite passes with it) but adds 147 B (min+gzip) to a bird()
  // text worker: defineProvider itself (about 70 B) and the envelope-gap refusal it carries
  // (refuseGaps, about 100 B), which this provider never uses: Bird's compile expresses every
  // envelope feature. Its re-validating compile is no obstacle: defineProvider reads no envelope
  // without gaps, and passes a message that is no object on to validateMessage.
  const provider: BirdProvider = {
    name: NAME,
    kinds: kindsOf(SUPPORT),
    compile(input) {
      refuseUnsupported(NAME, SUPPORT, (input as { type?: unknown } | null)?.type);
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
        return {
          failed: true,
          message: `Bird accepted the request but sent no message id (received ${describeBody(answer.body)}).`,
        };
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
      const answer = await transportFor(provider, transport, "serviceWindow()").request(
        provider,
        request,
        signal ? { signal } : {},
      );
      return parseServiceWindow(answer.body);
    },
  };
  httpProvider(guardCompile(provider), accessKey, auth);
  return Object.freeze(provider);
}

/** The options of one service window query, read once (a throwing getter is a `CONFIG` error). */
function readServiceWindowOptions(options: unknown): ServiceWindowOptions {
  const keys = ["contactId", "signal", "fetch", "timeout", "retry", "hooks", "ky"] as const;
  refuseUnknown("serviceWindow()", options, keys);
  const o = readOptions("serviceWindow()", options, keys);
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
