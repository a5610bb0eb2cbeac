// Bik and Zixflow end to end against a real local HTTP server: the exact request on the wire
// (method, path, auth header, JSON body), success answers, error answers, and Zixflow's
// `status:false` inside a 200. Also: Bik's documented sample request, and the README table against `kinds`.
import { readFileSync } from "node:fs";
import {
  bik,
  zixflow,
  whatsapp,
  isProviderError,
  type Kind,
  type ProviderError,
  type Provider,
} from "../../src/index.ts";
import { describe, it, ok, equal, deepEqual, rejects } from "../harness.ts";
import { mockServer } from "./server.ts";

const root = new URL("../../", import.meta.url);
// The sample request of Bik's API page, vendored (its first line says where it comes from).
const sampleRequest = new URL("../fixtures/bik/send-message-v2.curl.txt", import.meta.url);

describe("bik over HTTP (127.0.0.1)", () => {
  it("sends the exact request with Basic base64(KEY:SECRET) and reads data.id", async () => {
    const answer = { status: 200, success: true, data: { id: "wamid.HBgM1" } };
    const srv = await mockServer(() => ({ status: 200, body: answer }));
    try {
      const wa = whatsapp({
        provider: bik({
          key: "KEY123",
          secret: "SECRET456",
          businessPhoneNumber: "+911234567890",
          baseUrl: `${srv.url}/integrations/bikPlatformFunctions-messages`,
        }),
      });
      const res = await wa.text("This is a test message.").ref({ order_id: "ORD123" }).to("+919900990090");
      deepEqual(res, { id: "wamid.HBgM1", provider: "bik", status: "accepted", raw: answer });
      equal(srv.seen.length, 1);
      const seen = srv.seen[0]!;
      equal(seen.method, "POST");
      equal(seen.url, "/integrations/bikPlatformFunctions-messages/v2/sendMessage");
      equal(seen.headers.authorization, "Basic S0VZMTIzOlNFQ1JFVDQ1Ng==");
      equal(Buffer.from(seen.headers.authorization!.slice(6), "base64").toString("utf8"), "KEY123:SECRET456");
      equal(seen.headers["content-type"], "application/json");
      deepEqual(JSON.parse(seen.body), {
        contactIdentifier: "+919900990090",
        medium: "whatsapp",
        businessPhoneNumber: "+911234567890",
        type: "text",
        payload: { message: "This is a test message." },
        callbackData: '{"order_id":"ORD123"}',
      });
    } finally {
      await srv.close();
    }
  });

  it("a UTF-8 secret arrives decodable, and templates go to sendTemplateMessage", async () => {
    const srv = await mockServer(() => ({
      status: 200,
      body: { status: 200, success: true, data: { id: "wamid.T" } },
    }));
    try {
      const wa = whatsapp({ provider: bik({ key: "clé", secret: "sécret✓", baseUrl: srv.url }) });
      await wa
        .template("any", { language: "en", params: ["Ada"] })
        .options({ bik: { templateId: "2iUKSaBPsoer1rUE33aW" } })
        .to("+919900990090");
      const seen = srv.seen[0]!;
      equal(seen.url, "/v2/sendTemplateMessage");
      equal(Buffer.from(seen.headers.authorization!.slice(6), "base64").toString("utf8"), "clé:sécret✓");
      deepEqual(JSON.parse(seen.body), {
        contactIdentifier: "+919900990090",
        medium: "whatsapp",
        type: "DEFAULT",
        payload: { templateId: "2iUKSaBPsoer1rUE33aW", components: { body: ["Ada"] } },
      });
    } finally {
      await srv.close();
    }
  });

  it("{errors:[{message}]} becomes a ProviderError with Bik's message; 401 is AUTH; no secret leaks", async () => {
    const errors = { status: 400, errors: [{ message: "'message' is required" }] };
    const srv = await mockServer((req) =>
      req.url.endsWith("sendMessage") && JSON.parse(req.body).payload.message === "auth"
        ? { status: 401, body: { status: 401, errors: [{ message: "Unauthorized" }] } }
        : { status: 400, body: errors },
    );
    try {
      const wa = whatsapp({ provider: bik({ key: "KEY123", secret: "SECRET456", baseUrl: srv.url }) });
      const e = await rejects<ProviderError>(wa.text("x").to("+919900990090"), isProviderError);
      equal(e.provider, "bik");
      equal(e.status, 400);
      equal(e.code, "PROVIDER_ERROR");
      deepEqual(e.raw, errors);
      ok(e.message.includes("'message' is required"), e.message);
      const a = await rejects<ProviderError>(wa.text("auth").to("+919900990090"), isProviderError);
      equal(a.code, "AUTH");
      for (const err of [e, a]) {
        const text = JSON.stringify(err.toJSON()) + err.message;
        ok(!text.includes("SECRET456") && !text.includes("S0VZMTIzOlNFQ1JFVDQ1Ng=="), "no credential in the error");
      }
    } finally {
      await srv.close();
    }
  });

  it("an unsupported kind fails before any request", async () => {
    const srv = await mockServer(() => ({ status: 200, body: {} }));
    try {
      const wa = whatsapp({ provider: bik({ authToken: "T", baseUrl: srv.url }) });
      await rejects(
        wa.location({ latitude: 1, longitude: 2 }).to("+919900990090"),
        (e: any) => e.code === "UNSUPPORTED",
      );
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("the sample request of Bik's API page (its --data-raw JSON) equals what wafluent compiles", () => {
    const page = readFileSync(sampleRequest, "utf8");
    const raw = /--data-raw '([\s\S]*?)'\s*$/m.exec(page)?.[1];
    ok(raw, "the page has a --data-raw sample");
    const sample = JSON.parse(raw);
    const compiled = whatsapp({ provider: bik({ authToken: "AUTH_TOKEN" }) })
      .text(sample.payload.message)
      .ref(JSON.parse(sample.callbackData))
      .to(sample.contactIdentifier)
      .compile();
    deepEqual(compiled.body, sample);
    equal(compiled.headers.authorization, /--header 'Authorization: ([^']+)'/.exec(page)?.[1]);
    equal(compiled.url, /curl --location '([^']+)'/.exec(page)?.[1]);
  });
});

describe("zixflow over HTTP (127.0.0.1)", () => {
  it("sends the exact request with Bearer auth and reads messageId", async () => {
    const answer = {
      status: true,
      message: "WhatsApp sent successfully!",
      campaignId: "6631b229",
      messageId: "6631b22c",
    };
    const srv = await mockServer(() => ({ status: 200, body: answer }));
    try {
      const wa = whatsapp({ provider: zixflow({ apiKey: "ZX-KEY-1", phoneId: "104898309288724", baseUrl: srv.url }) });
      const res = await wa
        .text("Pick a slot")
        .buttons(["Morning", "Afternoon"])
        .header({ image: "https://e.com/h.png" })
        .to("+13023895111");
      deepEqual(res, { id: "6631b22c", provider: "zixflow", status: "accepted", raw: answer });
      const seen = srv.seen[0]!;
      equal(seen.method, "POST");
      equal(seen.url, "/api/v1/campaign/whatsapp/message/send");
      equal(seen.headers.authorization, "Bearer ZX-KEY-1");
      equal(seen.headers["content-type"], "application/json");
      deepEqual(JSON.parse(seen.body), {
        to: "13023895111",
        phoneId: "104898309288724",
        type: "interactive",
        interactive: {
          type: "button",
          header: { type: "image", image: "https://e.com/h.png" },
          body: { text: "Pick a slot" },
          action: {
            buttons: [
              { type: "reply", reply: { id: "Morning", title: "Morning" } },
              { type: "reply", reply: { id: "Afternoon", title: "Afternoon" } },
            ],
          },
        },
        source: "API",
        submissionStatus: true,
      });
    } finally {
      await srv.close();
    }
  });

  it("templates go to /api/v1/campaign/whatsapp/send", async () => {
    const srv = await mockServer(() => ({
      status: 200,
      body: { status: true, message: "Message sent successfully", messageId: "m-9" },
    }));
    try {
      const wa = whatsapp({ provider: zixflow({ apiKey: "ZX-KEY-1", phoneId: "104898309288724", baseUrl: srv.url }) });
      equal(
        (await wa.template("marketing_sample_2", { language: "en", params: ["Ada"] }).to("+13023895111")).id,
        "m-9",
      );
      equal(srv.seen[0]!.url, "/api/v1/campaign/whatsapp/send");
      deepEqual(JSON.parse(srv.seen[0]!.body), {
        to: "13023895111",
        phoneId: "104898309288724",
        templateName: "marketing_sample_2",
        language: "en",
        variables: { body_1: "Ada" },
        source: "API",
        submissionStatus: true,
      });
    } finally {
      await srv.close();
    }
  });

  it("a 200 with status:false is a ProviderError carrying Zixflow's message, never a success, sent once", async () => {
    const refusal = { status: false, message: "Invalid data Provided" };
    const srv = await mockServer(() => ({ status: 200, body: refusal }));
    try {
      const wa = whatsapp({ provider: zixflow({ apiKey: "ZX-KEY-1", phoneId: "1", baseUrl: srv.url }) });
      const e = await rejects<ProviderError>(wa.text("hi").to("+13023895111"), isProviderError);
      equal(e.provider, "zixflow");
      equal(e.status, 200);
      equal(e.code, "PROVIDER_ERROR");
      equal(e.retryable, false);
      deepEqual(e.raw, refusal);
      ok(e.message.includes("Invalid data Provided"), e.message);
      equal(srv.seen.length, 1);
      ok(!JSON.stringify(e.toJSON()).includes("ZX-KEY-1"));
    } finally {
      await srv.close();
    }
  });

  it("a refused key (401 {status:false}) is AUTH", async () => {
    const srv = await mockServer(() => ({ status: 401, body: { status: false, message: "Unauthorised" } }));
    try {
      const wa = whatsapp({ provider: zixflow({ apiKey: "bad", phoneId: "1", baseUrl: srv.url }) });
      const e = await rejects<ProviderError>(wa.text("hi").to("+13023895111"), isProviderError);
      equal(e.code, "AUTH");
      equal(e.status, 401);
      ok(e.message.includes("Unauthorised"));
    } finally {
      await srv.close();
    }
  });

  it("a media id fails before any request", async () => {
    const srv = await mockServer(() => ({ status: 200, body: { status: true } }));
    try {
      const wa = whatsapp({ provider: zixflow({ apiKey: "k", phoneId: "1", baseUrl: srv.url }) });
      await rejects(
        wa.image({ id: "1234" }).to("+13023895111"),
        (e: any) => e.code === "UNSUPPORTED" && /image links only/.test(e.message),
      );
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });
});

describe("README provider table", () => {
  it("the Bik and Zixflow columns say ✔ exactly for the provider's kinds", () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    const lines = readme.split("\n");
    const start = lines.findIndex((l) => l.startsWith("|") && /\|\s*Bik\s*\|/.test(l) && /\|\s*Zixflow\s*\|/.test(l));
    ok(start >= 0, "the README has a providers table with Bik and Zixflow columns");
    const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"));
    const header = lines[start]!;
    const rows = lines.slice(start + 1, end);
    const cells = (l: string) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
    const names = cells(header);
    const check = (column: string, provider: Provider) => {
      const at = names.indexOf(column);
      const seen: string[] = [];
      for (const row of rows) {
        const c = cells(row);
        const kind = c[0]!.replace(/`/g, "") as Kind;
        if (!/^[a-zA-Z]+$/.test(kind) || kind === names[0]) continue;
        seen.push(kind);
        equal(c[at]!.startsWith("✔"), provider.kinds.includes(kind), `${column} × ${kind}`);
      }
      ok(seen.length >= 14, `the table lists every kind (${seen.length})`);
    };
    check("Bik", bik({ authToken: "T" }));
    check("Zixflow", zixflow({ apiKey: "k", phoneId: "1" }));
  });
});
