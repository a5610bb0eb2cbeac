// A provider wafluent does not ship, written with the public provider kit only (the
// `wafluent/provider-kit` entry, whose source is src/providers/_kit/index.ts: jsr.json maps it
// there): form-encoded requests (`postForm`), HTTP Basic auth registered with the redactor, `{ sid }`
// on success and `{ code, message }` on failure, and form-encoded webhooks signed Twilio's way
// (HMAC-SHA1, base64, over the URL followed by the sorted fields), checked and read with the kit's
// signing helpers. test/node/form-kit.test.ts pins that this file imports nothing else.
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

/** Whether a formKit webhook request (form body, `X-FormKit-Signature`) was signed with `secret`; reads the body. */
export async function verifyFormKit(request: Request, secret: string): Promise<boolean> {
  const received = kit.fromBase64(request.headers.get("x-formkit-signature") ?? "");
  if (!received) return false;
  const fields = kit.readForm(await request.text());
  return kit.timingSafeEqual(await kit.hmac(secret, signedText(request.url, fields), "SHA-1"), received);
}

/** A formKit webhook event: an incoming text or a status. */
export type FormKitEvent =
  | { type: "message"; id: string; from: string; body: string }
  | { type: "status"; id: string; status: string }
  | { type: "unknown"; raw: unknown };

/** Reads a formKit webhook's raw form body (`MessageSid`, `From`, `Body` or `MessageStatus`). */
export function parseFormKit(body: string): FormKitEvent {
  const f = kit.readForm(body);
  const one = (name: string) => (typeof f[name] === "string" ? (f[name] as string) : undefined);
  const id = one("MessageSid");
  const status = one("MessageStatus");
  const from = one("From");
  if (id && status) return { type: "status", id, status };
  if (id && from) return { type: "message", id, from, body: one("Body") ?? "" };
  return { type: "unknown", raw: f };
}
