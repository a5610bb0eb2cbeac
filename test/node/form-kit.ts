// A provider wafluent does not ship, written with the public provider kit only (the
// `wafluent/provider-kit` entry, whose source is src/providers/_kit/index.ts: jsr.json maps it
// there): form-encoded requests (`postForm`), HTTP Basic auth registered with the redactor, `{ sid }`
// on success and `{ code, message }` on failure, and form-encoded webhooks signed Twilio's way
// (HMAC-SHA1, base64, over the URL followed by the sorted fields), described with the kit's
// `defineWebhooks` (`hmacSignature`, `formReader`) so that verifyWebhook, parseWebhook and
// createWebhookHandler take them as they take a built-in name. test/node/form-kit.test.ts pins
// that this file imports nothing else.
import * as kit from "../../src/providers/_kit/index.ts";

/** The form-encoded provider: `user-1` and `secret` in Basic auth, sending to `base`. */
export function formKitProvider(base: string, secret: string): kit.Provider {
  const auth = `Basic ${kit.toBase64(new TextEncoder().encode(`user-1:${secret}`))}`;
  return kit.defineProvider(
    {
      name: "formKit",
      compile: (m) =>
        kit.postForm(
          `${base}/Messages.json`,
          { authorization: auth },
          { To: m.to, Body: m.type === "text" ? m.body : "" },
        ),
      parseSuccess: (a) => {
        const id = kit.pick(a.body, "sid");
        return typeof id === "string"
          ? { id, status: "queued" }
          : { failed: true, message: kit.unreadable(a.body, "formKit answered without a sid") };
      },
      parseError: (a) => {
        const code = kit.pick(a.body, "code");
        const text = kit.pick(a.body, "message");
        return {
          message:
            typeof text === "string" ? kit.sentence(text) : kit.unreadable(a.body, `formKit answered ${a.status}`),
          ...(typeof code === "number" ? { providerCode: code } : {}),
        };
      },
    },
    {
      support: kit.supportTable(["text"], {
        image: "formKit sends text only.",
        video: "formKit sends text only.",
        audio: "formKit sends text only.",
        document: "formKit sends text only.",
        sticker: "formKit sends text only.",
        location: "formKit sends text only.",
        contacts: "formKit sends text only.",
        reaction: "formKit sends text only.",
        buttons: "formKit sends text only.",
        list: "formKit sends text only.",
        link: "formKit sends text only.",
        locationRequest: "formKit sends text only.",
        template: "formKit sends text only.",
        product: "formKit sends text only.",
        productList: "formKit sends text only.",
        catalog: "formKit sends text only.",
        flow: "formKit sends text only.",
      }),
      gaps: { replyTo: "formKit has no reply context.", bsuid: "formKit takes phone numbers only." },
      secrets: [secret, auth],
    },
  );
}

/** The text formKit signs: the full URL, then each field's name and value, sorted by name. */
function signedText(url: string, fields: Record<string, string | string[]>): string {
  let text = url;
  for (const name of Object.keys(fields).sort())
    for (const value of ([] as string[]).concat(fields[name]!)) text += name + value;
  return text;
}

/** The `X-FormKit-Signature` formKit sends with a webhook of `fields` posted to `url`. */
export async function formKitSignature(secret: string, url: string, fields: Record<string, string>): Promise<string> {
  return kit.toBase64(await kit.hmac(secret, signedText(url, fields), "SHA-1"));
}

/** formKit's status words, neutral. */
const STATUSES: Readonly<Record<string, kit.DeliveryStatus>> = {
  queued: "accepted",
  sent: "sent",
  delivered: "delivered",
  read: "read",
  failed: "failed",
};

/** One field's value, when it was sent once and is not empty. */
const one = (f: kit.FormFields, name: string) => {
  const value = f[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};

/**
 * Reads one formKit webhook's fields: a status (`MessageSid`, `MessageStatus`, `ErrorMessage`), an
 * incoming text (`MessageSid`, `From`, `Timestamp` in unix seconds, `Body`), or an unknown item.
 */
function formKitEvent(f: kit.FormFields): kit.WebhookEvent<"formKit"> {
  const provider = "formKit";
  const id = one(f, "MessageSid");
  const word = one(f, "MessageStatus");
  const status = word !== undefined && Object.hasOwn(STATUSES, word) ? STATUSES[word] : undefined;
  if (id && status && word)
    return {
      type: "status",
      provider,
      id,
      status,
      providerStatus: word,
      ...(status === "failed" ? { error: { message: one(f, "ErrorMessage") ?? "formKit gave no reason" } } : {}),
      raw: f,
    };
  const from = one(f, "From");
  const seconds = Number(one(f, "Timestamp"));
  const body = one(f, "Body");
  if (id && from && body !== undefined && Number.isSafeInteger(seconds) && seconds > 0)
    return {
      type: "message",
      provider,
      id,
      from,
      timestamp: new Date(seconds * 1000).toISOString(),
      message: { type: "text", body },
      raw: f,
    };
  return { type: "unknown", provider, raw: f };
}

/**
 * formKit's webhooks, defined with the kit: form bodies signed with HMAC-SHA1 (base64, in
 * `X-FormKit-Signature`) over the URL called followed by the sorted fields, read one event per
 * request. `verifyWebhook`, `parseWebhook` and `createWebhookHandler` take it as `provider`.
 */
export const formKitWebhooks = kit.defineWebhooks({
  name: "formKit",
  secretHint: "the formKit account's webhook key",
  verify: kit.hmacSignature({
    header: "x-formkit-signature",
    hash: "SHA-1",
    encoding: "base64",
    signed: (body, url) => signedText(url, kit.readForm(new TextDecoder().decode(body))),
  }),
  read: kit.formReader((fields) => [formKitEvent(fields)]),
});

/** The same webhooks authenticated by a shared secret instead (Basic auth by default): no `verify`. */
export const formKitSharedWebhooks = kit.defineWebhooks({
  name: "formKit",
  secretHint: "the user:password set on formKit's webhook",
  auth: "basic",
  read: kit.formReader((fields) => [formKitEvent(fields)]),
});
