/**
 * Twilio's WhatsApp webhooks, form-encoded: incoming messages (`MessageSid`, `From=whatsapp:+…`,
 * `Body`, `NumMedia`, `MediaUrl0`, `MediaContentType0`, `ProfileName`, `WaId`, `ButtonPayload`,
 * `ButtonText`, `Latitude`, `Longitude`, `OriginalRepliedMessageSid`) and status callbacks
 * (`MessageSid`, `MessageStatus`, `ErrorCode`, `To`).
 * @see https://www.twilio.com/docs/messaging/guides/webhook-request
 * @see https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 * @module
 */
import type { InboundContent, WebhookEvent } from "../../inbound/events.ts";
import { businessNumber, messageOrUnknown, statusOrUnknown, statusWords } from "../../inbound/found-events.ts";
import { clean, e164, isObj, num, str } from "../../inbound/fields.ts";
import { TWILIO_TEMPLATE_CODES } from "./template-codes.ts";

const provider = "twilio" as const;

/** Twilio's message statuses, neutral. */
const statusOf = /* @__PURE__ */ statusWords({
  accepted: ["queued", "accepted", "scheduled", "sending"],
  sent: ["sent"],
  delivered: ["delivered"],
  read: ["read"],
  failed: ["failed", "undelivered"],
});

/** `whatsapp:+14155238886` as `+14155238886`. */
const address = (x: unknown) => e164(str(x)?.replace(/^whatsapp:/, ""));

function content(f: Record<string, unknown>): InboundContent {
  const payload = str(f.ButtonPayload);
  if (payload) return { type: "buttonReply", id: payload, title: str(f.ButtonText) ?? str(f.Body) ?? "" };
  const latitude = num(f.Latitude),
    longitude = num(f.Longitude);
  if (latitude !== undefined && longitude !== undefined)
    return clean({
      type: "location" as const,
      location: { latitude, longitude, name: str(f.Label), address: str(f.Address) },
    });
  const body = str(f.Body);
  if ((num(f.NumMedia) ?? 0) > 0) {
    const url = str(f.MediaUrl0),
      type = str(f.MediaContentType0);
    if (url) {
      const kind = type?.startsWith("image/")
        ? "image"
        : type?.startsWith("video/")
          ? "video"
          : type?.startsWith("audio/")
            ? "audio"
            : "document";
      return clean({ type: kind, media: { url, contentType: type, caption: body } });
    }
  }
  if (body) return { type: "text", body };
  return { type: "other", providerType: str(f.MessageType) ?? "unknown" };
}

/**
 * Reads a Twilio webhook's fields (one message or one status per request). Twilio's incoming
 * message carries no time: the event's `timestamp` is when it was read. @internal
 */
export function parseTwilio(body: unknown): WebhookEvent[] {
  if (!isObj(body)) return [{ type: "unknown", provider, raw: body }];
  const id = str(body.MessageSid);
  const providerStatus = str(body.MessageStatus);
  if (id && providerStatus) {
    const code = str(body.ErrorCode);
    return [
      statusOrUnknown(provider, body, {
        id,
        status: statusOf(providerStatus),
        providerStatus,
        recipient: address(body.To),
        failure: () =>
          clean({
            message:
              str(body.ErrorMessage) ??
              (code
                ? `Twilio error ${code}: see https://www.twilio.com/docs/api/errors/${code}`
                : "Twilio reported the message as " + providerStatus),
            providerCode: code,
            code: TWILIO_TEMPLATE_CODES.has(Number(code)) ? ("TEMPLATE" as const) : undefined,
          }),
      }),
    ];
  }
  const from = address(body.From) ?? e164(body.WaId);
  return [
    messageOrUnknown(provider, body, {
      id,
      from,
      phone: from,
      name: str(body.ProfileName),
      timestamp: new Date().toISOString(),
      message: content(body),
      replyTo: str(body.OriginalRepliedMessageSid),
      business: businessNumber(undefined, address(body.To)),
    }),
  ];
}
