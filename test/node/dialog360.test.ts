// 360dialog on Node: every kind's body validated by Meta's JSON Schema (test/fixtures/meta/,
// from github.com/facebook/openapi), and real sends to a local server on 127.0.0.1 with
// 360dialog's and Meta's error answers mapped to neutral codes and retry rules and the key
// redacted. The universal part: test/dialog360.test.ts. Fixtures: test/fixtures/360dialog.ts.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import {
  cloudApi,
  dialog360,
  isProviderError,
  message,
  whatsapp,
  type Kind,
  type ProviderError,
} from "../../src/index.ts";
import { SAMPLES } from "../kinds.ts";
import * as fx from "../fixtures/360dialog.ts";
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";
import { mockServer } from "./server.ts";

const KEY = "d360-Kx7pQ2mV9sL4tR8w";
const meta = cloudApi({ accessToken: "T", phoneNumberId: "1" });
const provider = dialog360({ apiKey: KEY });

const schema = JSON.parse(readFileSync(new URL("../fixtures/meta/message.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ strict: false });
(addFormats as unknown as (a: unknown) => void)(ajv);
ajv.addFormat("url", true);
const validate = ajv.compile(schema);

describe("dialog360: every kind's body is valid by Meta's JSON Schema", () => {
  for (const kind of Object.keys(SAMPLES) as Kind[])
    it(kind, () => {
      const body = provider.compile(SAMPLES[kind]).body;
      ok(validate(body), JSON.stringify(validate.errors));
    });
});

describe("dialog360: sends to a local server", () => {
  const send = async (reply: { status: number; body: unknown; headers?: Record<string, string> }) => {
    const srv = await mockServer(() => reply);
    try {
      const wa = whatsapp({ provider: dialog360({ apiKey: KEY, baseUrl: srv.url }), retry: 0 });
      const result = await wa
        .text("hi")
        .to("+31612345678")
        .then(
          (r) => ({ r }),
          (e: unknown) => ({ e }),
        );
      return { ...result, seen: srv.seen };
    } finally {
      await srv.close();
    }
  };

  it("200: the message id from Meta's answer; the request carries the key and Meta's body", async () => {
    const { r, seen } = (await send({ status: 200, body: fx.accepted })) as { r: any; seen: any[] };
    equal(r.id, fx.accepted.messages[0]!.id);
    equal(r.provider, "dialog360");
    equal(r.status, "accepted");
    equal(seen.length, 1);
    equal(seen[0].url, "/messages");
    equal(seen[0].headers["d360-api-key"], KEY);
    deepEqual(JSON.parse(seen[0].body), message.text("hi").to("+31612345678").compile(meta).body);
  });

  it("401 { error }: AUTH, not retryable, with the fix, and the key echoed back is redacted", async () => {
    const { e } = (await send({ status: 401, body: { error: `${fx.unauthorized.error}: ${KEY}` } })) as {
      e: ProviderError;
    };
    ok(isProviderError(e));
    equal(e.code, "AUTH");
    equal(e.status, 401);
    equal(e.retryable, false);
    match(e.message, /Invalid api key/);
    match(e.message, /D360-API-KEY/);
    ok(!e.message.includes(KEY), "the key is not in the message");
    ok(!JSON.stringify(e.raw).includes(KEY), "nor in raw");
    ok(!JSON.stringify(e).includes(KEY), "nor anywhere in the error");
  });

  it("429 GraphAPIError 130429: RATE_LIMITED, retryable, Retry-After kept", async () => {
    const { e } = (await send({ status: 429, body: fx.rateLimited, headers: { "retry-after": "7" } })) as {
      e: ProviderError;
    };
    equal(e.code, "RATE_LIMITED");
    equal(e.providerCode, 130429);
    equal(e.retryable, true);
    equal(e.retryAfter, 7);
  });

  it("429 without a Graph body: RATE_LIMITED and retryable from the status", async () => {
    const { e } = (await send({ status: 429, body: "Too Many Requests" })) as { e: ProviderError };
    equal(e.code, "RATE_LIMITED");
    equal(e.retryable, true);
  });

  it("400 GraphAPIError 131047: WINDOW_CLOSED, not retryable", async () => {
    const { e } = (await send({ status: 400, body: fx.windowClosed })) as { e: ProviderError };
    equal(e.code, "WINDOW_CLOSED");
    equal(e.retryable, false);
  });

  it("503: PROVIDER_ERROR, retryable; 500: PROVIDER_ERROR, not retryable (it may have been accepted)", async () => {
    const a = (await send({ status: 503, body: { error: "Service Unavailable" } })) as { e: ProviderError };
    equal(a.e.code, "PROVIDER_ERROR");
    equal(a.e.retryable, true);
    match(a.e.message, /Service Unavailable/);
    const b = (await send({
      status: 500,
      body: { meta: { developer_message: "internal error", http_code: 500 } },
    })) as {
      e: ProviderError;
    };
    equal(b.e.code, "PROVIDER_ERROR");
    equal(b.e.retryable, false);
    match(b.e.message, /internal error/);
  });

  it("an odd error body is described, never thrown on", async () => {
    const { e } = (await send({ status: 502, body: [1, 2] })) as { e: ProviderError };
    equal(e.code, "PROVIDER_ERROR");
    match(e.message, /360dialog sent no error message/);
  });

  it("200 without messages[0].id: a ProviderError, never a success", async () => {
    const { e } = (await send({ status: 200, body: { messaging_product: "whatsapp" } })) as { e: ProviderError };
    ok(isProviderError(e));
    match(e.message, /messages\[0\]\.id/);
  });
});
