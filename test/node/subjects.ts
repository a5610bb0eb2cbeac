// Providers the fault-injection suites run against. Each subject builds a provider that talks to
// a local base URL with a given credential, and says what its success, error and "failed on 200"
// answers look like. The real providers (bird, cloudApi, kaleyra, bik, zixflow, dialog360, twilio, infobip) are here too, with
// their own answer shapes: every fault, secret and bulk case runs for each of them.
import { describeBody, pick, type Provider } from "../../src/send/provider.ts";
import { formKitProvider } from "./form-kit.ts";
import { bik, bird, cloudApi, dialog360, infobip, kaleyra, twilio, zixflow } from "../../src/index.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

/**
 * Whether a request's headers carry `secret`: as itself, or inside HTTP Basic auth (Twilio sends
 * base64 of AccountSid:AuthToken).
 */
export function carriesSecret(headers: Record<string, unknown>, secret: string): boolean {
  if (JSON.stringify(headers).includes(secret)) return true;
  const basic = /^Basic\s+(\S+)$/i.exec(String(headers.authorization ?? ""));
  return basic !== null && atob(basic[1]!).includes(secret);
}

/**
 * A request body as sent, read through the encoding its content type declares: a form's fields
 * (Twilio) as an object, else JSON.
 */
export function sentBody(seen: { headers: Record<string, unknown>; body: string }): unknown {
  return String(seen.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    ? Object.fromEntries(new URLSearchParams(seen.body))
    : JSON.parse(seen.body);
}

export interface Subject {
  name: string;
  /** The provider, sending to `base`, authenticated with `secret` (a header and/or query value). */
  make(base: string, secret: string): Provider;
  /** Body of a success answer carrying message id `id`. */
  accepted(id: string): unknown;
  /** Body of an error answer with `message` in the provider's format. */
  error(message: string): unknown;
  /** Body of a 200 answer that reports a failure (Zixflow's `status: false`), when the provider has one. */
  refused?: (message: string) => unknown;
  /** The recipient a request body was addressed to (to count sends per recipient). */
  recipient(body: unknown): string;
}

const errorText = (body: unknown): string => {
  const m = pick(body, "error", "message") ?? pick(body, "message") ?? pick(body, "error");
  return typeof m === "string" ? m : describeBody(body);
};

/** Bearer token in Authorization, JSON `{ id }` on success, `{ error: { message, code } }` on failure. */
export const bearer: Subject = {
  name: "bearer (Meta/Bird-like)",
  make: (base, secret) =>
    httpProvider({
      name: "bearer",
      kinds: ["text", "buttons"],
      compile: (m) => ({
        url: `${base}/v1/messages`,
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: { to: m.to, text: m.type === "text" ? m.body : "" },
      }),
      parseSuccess: (a) => {
        const id = pick(a.body, "id");
        return typeof id === "string"
          ? { id, status: "accepted" }
          : { failed: true, message: `No message id in ${describeBody(a.body)}.` };
      },
      parseError: (a) => ({
        message: errorText(a.body),
        providerCode: pick(a.body, "error", "code") as string | undefined,
      }),
    }),
  accepted: (id) => ({ id }),
  error: (message) => ({ error: { message, code: "E42" } }),
  recipient: (body) => String(pick(body, "to")),
};

/** api-key header plus the key in the query string; a 200 with `status: false` is a failure (Zixflow-like). */
export const statusFlag: Subject = {
  name: "statusFlag (Zixflow-like)",
  make: (base, secret) =>
    httpProvider({
      name: "statusFlag",
      kinds: ["text", "buttons"],
      compile: (m) => ({
        url: `${base}/api/send?key=${encodeURIComponent(secret)}`,
        method: "POST",
        headers: { "api-key": secret, "content-type": "application/json" },
        body: { phone: m.to, message: m.type === "text" ? m.body : "" },
      }),
      parseSuccess: (a) => {
        if (pick(a.body, "status") === false) return { failed: true, message: errorText(a.body) };
        const id = pick(a.body, "data", "messageId");
        return typeof id === "string"
          ? { id, status: "queued" }
          : { failed: true, message: `No message id in ${describeBody(a.body)}.` };
      },
      parseError: (a) => ({ message: errorText(a.body) }),
    }),
  accepted: (id) => ({ status: true, data: { messageId: id } }),
  error: (message) => ({ status: false, message }),
  refused: (message) => ({ status: false, message }),
  recipient: (body) => String(pick(body, "phone")),
};

/**
 * A provider wafluent does not ship, written with the public provider kit only (test/node/form-kit.ts):
 * a form-encoded body, HTTP Basic auth, `{ sid }` on success and `{ code, message }` on failure. It
 * runs through every fault, secret and bulk case: the contract serves a form-encoded provider as
 * it serves the JSON ones.
 */
export const formKit: Subject = {
  name: "formKit (provider-kit, form-encoded)",
  make: formKitProvider,
  accepted: (id) => ({ sid: id, status: "queued" }),
  error: (message) => ({ code: 21211, message, status: 400 }),
  recipient: (body) => String(pick(body, "To")),
};

/** Meta's answers and message object, which the Cloud API and 360dialog share. */
const META_ANSWERS: Pick<Subject, "accepted" | "error" | "recipient"> = {
  accepted: (id) => ({
    messaging_product: "whatsapp",
    contacts: [{ input: "+31612345678", wa_id: "31612345678" }],
    messages: [{ id }],
  }),
  error: (message) => ({ error: { message, type: "OAuthException", code: 100, fbtrace_id: "AbC" } }),
  recipient: (body) => String(pick(body, "to")),
};

/** The real providers, each pointed at the local server with its own answer formats. */
export const real: Subject[] = [
  {
    name: "bird",
    make: (base, secret) =>
      bird({
        accessKey: secret,
        workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        baseUrl: base,
      }),
    accepted: (id) => ({ id, status: "accepted" }),
    error: (message) => ({ code: "InvalidPayload", message }),
    recipient: (body) => String(pick(body, "receiver", "contacts", 0, "identifierValue")),
  },
  {
    name: "cloudApi",
    make: (base, secret) => cloudApi({ accessToken: secret, phoneNumberId: "106540352242922", baseUrl: base }),
    ...META_ANSWERS,
  },
  {
    name: "kaleyra",
    make: (base, secret) =>
      kaleyra({ apiKey: secret, sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in", baseUrl: base }),
    accepted: (id) => ({ code: "WA202", message: "accepted", data: { message_id: id }, error: {} }),
    error: (message) => ({ code: "WA400", message, data: {}, error: { message } }),
    recipient: (body) => String(pick(body, "messaging_object", "to")),
  },
  {
    name: "bik",
    make: (base, secret) => bik({ authToken: secret, baseUrl: base }),
    accepted: (id) => ({ status: 200, success: true, data: { id } }),
    error: (message) => ({ status: 400, errors: [{ message }] }),
    recipient: (body) => String(pick(body, "contactIdentifier")),
  },
  {
    name: "zixflow",
    make: (base, secret) => zixflow({ apiKey: secret, phoneId: "phone-1", baseUrl: base }),
    accepted: (id) => ({ status: true, message: "Message sent", messageId: id }),
    error: (message) => ({ status: false, message }),
    refused: (message) => ({ status: false, message }),
    // Zixflow takes the number without its "+".
    recipient: (body) => `+${String(pick(body, "to"))}`,
  },
  {
    // 360dialog relays Meta's answers (test/fixtures/360dialog/).
    name: "dialog360",
    make: (base, secret) => dialog360({ apiKey: secret, baseUrl: base }),
    ...META_ANSWERS,
  },
  {
    name: "twilio",
    // The secret is the Auth Token, sent inside Basic auth (base64 of AccountSid:AuthToken).
    make: (base, secret) =>
      twilio({
        accountSid: "AC0123456789abcdef0123456789abcdef",
        authToken: secret,
        from: "+14155238886",
        baseUrl: base,
      }),
    accepted: (id) => ({ sid: id, status: "queued" }),
    error: (message) => ({ code: 21211, message, more_info: "https://www.twilio.com/docs/errors/21211", status: 400 }),
    // A form: To=whatsapp:+E164.
    recipient: (body) => String(pick(body, "To")).replace(/^whatsapp:/, ""),
  },
  {
    name: "infobip",
    make: (base, secret) => infobip({ baseUrl: base, apiKey: secret, from: "+441134960000" }),
    accepted: (id) => ({
      to: "31612345678",
      messageCount: 1,
      messageId: id,
      status: {
        groupId: 1,
        groupName: "PENDING",
        id: 7,
        name: "PENDING_ENROUTE",
        description: "Message sent to next instance",
      },
    }),
    error: (message) => ({ requestError: { serviceException: { messageId: "BAD_REQUEST", text: message } } }),
    refused: (message) => ({
      to: "31612345678",
      messageCount: 1,
      messageId: "m-rejected",
      status: { groupId: 5, groupName: "REJECTED", id: 12, name: "REJECTED_NOT_ENOUGH_CREDITS", description: message },
    }),
    // Infobip takes the number without its "+"; templates go in `messages[]`.
    recipient: (body) => `+${String(pick(body, "to") ?? pick(body, "messages", 0, "to"))}`,
  },
];

export const subjects: Subject[] = [bearer, statusFlag, formKit, ...real];
