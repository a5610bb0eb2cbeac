/**
 * Bird's error answers.
 * @see https://docs.bird.com/api/channels-api/api-reference/messaging
 * @module
 */
import type { ProviderErrorInfo } from "../../core/errors.ts";
import { describeBody, pick } from "../../send/provider.ts";
import { sentence } from "../_kit/http.ts";

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
  message = sentence(message);
  const hint = ERROR_HINTS[answer.status];
  return {
    message: hint ? `${message} ${hint}` : message,
    ...(typeof code === "string" || typeof code === "number" ? { providerCode: code } : {}),
  };
}
