// Twilio: the form bodies of Twilio's Messages API rebuilt with the builder (URL, Basic auth,
// whatsapp: addresses, MediaUrl, ContentSid + ContentVariables, StatusCallback), the kinds Twilio
// only sends as Content templates, its settings, its error answers, and its webhooks: the
// signature (Twilio's published example as a test vector, and near misses), incoming messages
// and status callbacks read from form fields.
import {
  createWebhookHandler,
  message,
  parseWebhook,
  twilio,
  verifyWebhook,
  type Kind,
  type Outgoing,
  type WebhookMessageEvent,
  type WebhookStatusEvent,
} from "../src/index.ts";
import { hmac, toBase64 } from "../src/providers/_kit/index.ts";
import { signedText } from "../src/providers/twilio/signature.ts";
import * as fx from "./fixtures/twilio/webhooks.ts";
import { samplesTo, unsupportedBy } from "./provider-samples.ts";
import { deepEqual, describe, equal, hasCode, it, match, ok, rejects, throws } from "./harness.ts";

const TO = "+31612345678";
const SID = "AC0123456789abcdef0123456789abcdef";
const URL_ = `https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages.json`;
const HX = "HXb5b62575e6e4ff6129ad7c8efe1f983e";
const provider = twilio({ accountSid: SID, authToken: "tok-123456", from: "+14155238886" });
const req = (out: Outgoing) => out.compile(provider);

const samples = samplesTo(TO, HX);

const unsupported = unsupportedBy("twilio");

describe("twilio: Twilio's Messages API requests, rebuilt", () => {
  it("a text is a form POST to Messages.json with Basic auth and whatsapp: addresses", () => {
    const r = req(message.text("Hello from Twilio").to(TO));
    equal(r.url, URL_);
    equal(r.method, "POST");
    equal(r.encoding, "form");
    deepEqual(r.headers, { authorization: `Basic ${btoa(`${SID}:tok-123456`)}`, accept: "application/json" });
    deepEqual(r.body, { To: `whatsapp:${TO}`, From: "whatsapp:+14155238886", Body: "Hello from Twilio" });
  });

  it("media is one MediaUrl with its caption as Body", () => {
    deepEqual(req(message.image({ url: "https://e.com/a.png", caption: "Look" }).to(TO)).body, {
      To: `whatsapp:${TO}`,
      From: "whatsapp:+14155238886",
      Body: "Look",
      MediaUrl: ["https://e.com/a.png"],
    });
    deepEqual(req(samples.document()).body, {
      To: `whatsapp:${TO}`,
      From: "whatsapp:+14155238886",
      MediaUrl: ["https://e.com/a.pdf"],
    });
  });

  it("a template is ContentSid + ContentVariables (body params as 1, 2, … and named variables)", () => {
    deepEqual(req(message.template(HX, { language: "en", params: ["12/1", "3pm"] }).to(TO)).body, {
      To: `whatsapp:${TO}`,
      From: "whatsapp:+14155238886",
      ContentSid: HX,
      ContentVariables: '{"1":"12/1","2":"3pm"}',
    });
    deepEqual(req(message.template(HX, { language: "en", variables: { name: "Ada", vip: true } }).to(TO)).body, {
      To: `whatsapp:${TO}`,
      From: "whatsapp:+14155238886",
      ContentSid: HX,
      ContentVariables: '{"name":"Ada","vip":"true"}',
    });
    deepEqual(req(samples.template()).body, { To: `whatsapp:${TO}`, From: "whatsapp:+14155238886", ContentSid: HX });
  });

  it("a template by name is refused with the ContentSid hint", () => {
    unsupported(
      () => req(message.template("order_update", { language: "en" }).to(TO)),
      /templates by name/,
      /ContentSid/,
    );
  });

  it("StatusCallback from the factory, a message's own option winning", () => {
    const p = twilio({
      accountSid: SID,
      authToken: "t",
      from: "+14155238886",
      statusCallback: "https://me.example/status",
    });
    equal(
      (message.text("hi").to(TO).compile(p).body as Record<string, unknown>).StatusCallback,
      "https://me.example/status",
    );
    const own = message
      .text("hi")
      .options({ twilio: { statusCallback: "https://me.example/other" } })
      .to(TO)
      .compile(p);
    equal((own.body as Record<string, unknown>).StatusCallback, "https://me.example/other");
    throws(
      () =>
        message
          .text("hi")
          .options({ twilio: { statusCallback: "ftp://x" } })
          .to(TO)
          .compile(p),
      hasCode("VALIDATION", /statusCallback/),
    );
    throws(
      () =>
        message
          .text("hi")
          // @ts-expect-error: mistyped on purpose, for the runtime check
          .options({ twilio: { statusCalback: "https://x" } })
          .to(TO)
          .compile(p),
      hasCode("VALIDATION", /statusCalback.*statusCallback/),
    );
  });

  it("an API key authenticates as apiKeySid:apiKeySecret, the account still in the URL", () => {
    const p = twilio({
      accountSid: SID,
      apiKeySid: "SK0123456789abcdef0123456789abcdef",
      apiKeySecret: "key-secret",
      from: "+14155238886",
    });
    const r = message.text("hi").to(TO).compile(p);
    equal(r.url, URL_);
    equal(r.headers.authorization, `Basic ${btoa("SK0123456789abcdef0123456789abcdef:key-secret")}`);
  });

  it("buttons, lists and the other interactive kinds are refused with a hint naming ContentSid", () => {
    for (const kind of ["buttons", "list", "link", "location", "flow", "catalog"] as const)
      unsupported(() => req(samples[kind]()), new RegExp(`^${kind} messages$`), /ContentSid/);
    equal(provider.kinds.join(","), "text,image,video,audio,document,template");
    for (const kind of Object.keys(samples) as Kind[])
      if (!provider.kinds.includes(kind)) unsupported(() => req(samples[kind]()), new RegExp(`^${kind} messages$`));
  });

  it("refuses media by id, several files, file names, replies, BSUIDs and ref", () => {
    unsupported(() => req(message.image({ id: "123" }).to(TO)), /image by media id/);
    unsupported(() => req(message.image(["https://e.com/a.png", "https://e.com/b.png"]).to(TO)), /several image files/);
    unsupported(() => req(message.document({ url: "https://e.com/a.pdf", filename: "a.pdf" }).to(TO)), /file names/);
    unsupported(() => req(message.text("hi").replyTo("SM1").to(TO)), /replies/);
    unsupported(() => req(message.text("hi").to("US.13491208655302741918")), /BSUID/);
    unsupported(() => req(message.text("hi").ref("x").to(TO)), /ref/);
  });
});

describe("twilio: settings", () => {
  const base = { accountSid: SID, authToken: "t", from: "+14155238886" };
  it("checks accountSid's shape (AC + 32 hex) without echoing it", () => {
    const e = throws<Error>(
      () => twilio({ ...base, accountSid: "AC123" }),
      hasCode("CONFIG", /`accountSid` is not an Account SID/),
    );
    ok(!e.message.includes("AC123"));
    throws(
      () => twilio({ ...base, accountSid: "../AC0123456789abcdef0123456789abcdef" }),
      hasCode("CONFIG", /accountSid/),
    );
  });
  it("checks from, the credentials and statusCallback, and refuses unknown settings", () => {
    throws(
      () => twilio({ ...base, from: "whatsapp:+14155238886" }),
      hasCode("CONFIG", /`from` is not a phone number in E\.164/),
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => twilio({ accountSid: SID, from: "+14155238886" }),
      hasCode("CONFIG", /`authToken` is missing/),
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => twilio({ ...base, apiKeySid: "SK0123456789abcdef0123456789abcdef", apiKeySecret: "s" }),
      hasCode("CONFIG", /`authToken` is given together with an API key/),
    );
    throws(
      () => twilio({ accountSid: SID, from: "+14155238886", apiKeySid: "SK1", apiKeySecret: "s" }),
      hasCode("CONFIG", /apiKeySid/),
    );
    throws(
      () => twilio({ ...base, statusCallback: "not a url" }),
      hasCode("CONFIG", /`statusCallback` must be an absolute http\(s\) URL/),
    );
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => twilio({ ...base, authTokn: "x" }), hasCode("CONFIG", /did you mean `authToken`/));
  });
});

describe("twilio: answers", () => {
  const headers = new Headers();
  it("reads the sid and status of a 201", () => {
    deepEqual(provider.parseSuccess({ status: 201, headers, body: { sid: "SM1", status: "queued" } }), {
      id: "SM1",
      status: "queued",
    });
    deepEqual(provider.parseSuccess({ status: 201, headers, body: { sid: "SM1", status: "accepted" } }), {
      id: "SM1",
      status: "accepted",
    });
  });
  it("maps Twilio's error codes", () => {
    const err = (status: number, code: number, message = "m") =>
      provider.parseError({
        status,
        headers,
        body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
      }) as { code?: string; retryable?: boolean; providerCode?: unknown; message: string };
    const auth = err(401, 20003, "Authenticate");
    equal(auth.code, "AUTH");
    equal(auth.providerCode, 20003);
    match(auth.message, /Authenticate\. See https:\/\/www\.twilio\.com\/docs\/errors\/20003 Check the accountSid/);
    equal(err(400, 63016).code, "WINDOW_CLOSED");
    deepEqual([err(429, 20429).code, err(429, 20429).retryable], ["RATE_LIMITED", true]);
    deepEqual([err(400, 63018).code, err(400, 63018).retryable], ["RATE_LIMITED", true]);
    // 5xx: the client's rule decides (503 retryable, 500 may have been accepted).
    deepEqual([err(503, 20503).code, err(503, 20503).retryable], [undefined, undefined]);
    deepEqual([err(400, 21211).code, err(400, 21211).retryable], [undefined, undefined]);
    match(
      (provider.parseError({ status: 502, headers, body: "<h1>Bad</h1>" }) as { message: string }).message,
      /Twilio answered 502/,
    );
  });
});

/** A form POST as Twilio sends it, signed with `token` over `url`. */
async function signedRequest(
  url: string,
  fields: Record<string, string>,
  token: string,
  tamper?: (s: string) => string,
) {
  const body = new URLSearchParams(fields).toString();
  let signature = toBase64(await hmac(token, signedText(url, body), "SHA-1"));
  if (tamper) signature = tamper(signature);
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body,
  });
}

/** `s` with the base64 character at `i` changed (the decoded bytes change). */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);

describe("twilio: webhook signature", () => {
  const ex = fx.signatureExample;
  const form = new URLSearchParams(ex.params).toString();
  const request = (signature: string, body = form, url: string = ex.url) =>
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body,
    });

  it("reproduces Twilio's published example", async () => {
    equal(
      signedText(ex.url, form),
      "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212",
    );
    equal(toBase64(await hmac(ex.authToken, signedText(ex.url, form), "SHA-1")), ex.signature);
    equal(await verifyWebhook(request(ex.signature), { provider: "twilio", secret: ex.authToken }), true);
  });

  it("sorts the parameters by name whatever order they arrive in", async () => {
    const shuffled = new URLSearchParams(Object.entries(ex.params).reverse()).toString();
    equal(await verifyWebhook(request(ex.signature, shuffled), { provider: "twilio", secret: ex.authToken }), true);
  });

  it("refuses near misses: last byte, middle byte, a changed parameter, another URL or token", async () => {
    const no = async (r: Request, secret: string = ex.authToken) =>
      equal(await verifyWebhook(r, { provider: "twilio", secret }), false);
    // "…nDgQ=": index 26 is the last character carrying the last byte's bits; 13 a middle byte.
    await no(request(flip(ex.signature, 26)));
    await no(request(flip(ex.signature, 13)));
    await no(request(ex.signature, form.replace("Digits=1234", "Digits=1235")));
    await no(request(ex.signature, `${form}&Extra=1`));
    await no(request(ex.signature, form, "https://mycompany.com/myapp.php?foo=1&bar=3"));
    await no(request(ex.signature), "12346");
    await no(request(""));
    await no(request("not base64!"));
    await no(request(ex.signature.slice(0, -4)));
  });

  it("checks the public URL given as `url` when a proxy changed request.url", async () => {
    const r = request(ex.signature, form, "http://127.0.0.1:8787/myapp.php?foo=1&bar=2");
    equal(await verifyWebhook(r.clone(), { provider: "twilio", secret: ex.authToken }), false);
    equal(await verifyWebhook(r, { provider: "twilio", secret: ex.authToken, url: ex.url }), true);
  });
});

describe("twilio: webhook bodies", () => {
  const one = <T>(fields: Record<string, string>) => {
    const events = parseWebhook(new URLSearchParams(fields).toString(), { provider: "twilio" });
    equal(events.length, 1);
    return events[0] as T;
  };

  it("reads an incoming text from the raw form text, its fields or URLSearchParams alike", () => {
    const e = one<WebhookMessageEvent>(fx.inboundText);
    equal(e.type, "message");
    equal(e.provider, "twilio");
    equal(e.id, fx.inboundText.MessageSid);
    equal(e.from, "+14017122661");
    equal(e.phone, "+14017122661");
    equal(e.name, "Ada");
    deepEqual(e.message, { type: "text", body: "Hello! 👋" });
    match(e.timestamp, /^\d{4}-\d\d-\d\dT/);
    deepEqual(parseWebhook(fx.inboundText, { provider: "twilio" })[0]!.type, "message");
    deepEqual(
      (parseWebhook(new URLSearchParams(fx.inboundText), { provider: "twilio" })[0] as WebhookMessageEvent).message,
      e.message,
    );
  });

  it("reads media, a button tap, a location and a reply", () => {
    deepEqual(one<WebhookMessageEvent>(fx.inboundImage).message, {
      type: "image",
      media: { url: fx.inboundImage.MediaUrl0, contentType: "image/jpeg", caption: "the receipt" },
    });
    deepEqual(one<WebhookMessageEvent>(fx.inboundButton).message, {
      type: "buttonReply",
      id: "confirm-42",
      title: "Yes",
    });
    deepEqual(one<WebhookMessageEvent>(fx.inboundLocation).message, {
      type: "location",
      location: {
        latitude: 37.7879277,
        longitude: -122.3937508,
        name: "Twilio HQ",
        address: "375 Beale St, San Francisco",
      },
    });
    equal(one<WebhookMessageEvent>(fx.inboundReply).replyTo, "SM0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a");
  });

  it("reads status callbacks into neutral statuses, with Twilio's error code", () => {
    const d = one<WebhookStatusEvent>(fx.statusDelivered);
    deepEqual(
      [d.type, d.id, d.status, d.providerStatus, d.recipient],
      ["status", "SM0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a", "delivered", "delivered", "+14017122661"],
    );
    const u = one<WebhookStatusEvent>(fx.statusUndelivered);
    deepEqual([u.status, u.providerStatus, u.error?.providerCode], ["failed", "undelivered", "63016"]);
    match(u.error!.message, /63016/);
    const statuses = ["queued", "sending", "sent", "delivered", "read", "failed", "undelivered"].map(
      (s) => one<WebhookStatusEvent>({ ...fx.statusDelivered, MessageStatus: s }).status,
    );
    deepEqual(statuses, ["accepted", "accepted", "sent", "delivered", "read", "failed", "failed"]);
    equal(one<{ type: string }>({ ...fx.statusDelivered, MessageStatus: "toString" }).type, "unknown");
  });

  it("an unreadable body is an unknown event, and __proto__ stays a field", () => {
    equal(parseWebhook("", { provider: "twilio" })[0]!.type, "unknown");
    const e = parseWebhook("__proto__=x&MessageSid=SM1&From=whatsapp%3A%2B14017122661&Body=hi", { provider: "twilio" });
    equal(e[0]!.type, "message");
    equal(({} as Record<string, unknown>).x, undefined);
  });

  it("createWebhookHandler verifies the form, decodes it and dispatches", async () => {
    const url = "https://hooks.example.com/twilio";
    const seen: string[] = [];
    const handler = createWebhookHandler({
      provider: "twilio",
      secret: "tok-123456",
      onMessage: (e) => void seen.push(`${e.from}:${e.message.type}`),
      onStatus: (e) => void seen.push(`${e.id}:${e.status}`),
    });
    equal((await handler(await signedRequest(url, fx.inboundText, "tok-123456"))).status, 200);
    equal((await handler(await signedRequest(url, fx.statusDelivered, "tok-123456"))).status, 200);
    equal((await handler(await signedRequest(url, fx.inboundText, "tok-123456", (s) => flip(s, 26)))).status, 401);
    equal((await handler(await signedRequest(url, fx.inboundText, "wrong-token"))).status, 401);
    deepEqual(seen, ["+14017122661:text", "SM0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a:delivered"]);
    await rejects(
      async () => verifyWebhook(new Request(url), { provider: "twilio", secret: "" }),
      hasCode("CONFIG", /Auth Token/),
    );
  });
});
