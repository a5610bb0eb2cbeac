// The library's sentences say what is wrong: a template without `language` says it is missing,
// Bird's 401 hint reaches the caller intact (redaction only touches what came from outside),
// and Meta's `error_data.details` is in the error message, not only in `raw`.
import {
  bird,
  checkMessage,
  cloudApi,
  isProviderError,
  kaleyra,
  message,
  whatsapp,
  type ProviderError,
} from "../../src/index.ts";
import { INVALID_PARAMETER, PARAMS_MISMATCH } from "../fixtures/meta-graph-errors.ts";
import { describe, deepEqual, equal, it, ok, throws } from "../harness.ts";
import { mockServer } from "./server.ts";

const TO = "+31612345678";

async function refusal(send: () => PromiseLike<unknown>): Promise<ProviderError> {
  try {
    await send();
  } catch (e) {
    ok(isProviderError(e), `expected a ProviderError, got ${(e as Error)?.message}`);
    return e;
  }
  throw new Error("expected the send to fail");
}

describe("a template without language", () => {
  it("names `language` and says it is missing", () => {
    const r = checkMessage({ type: "template", to: TO, template: { name: "order_update" } });
    deepEqual(r.issues, [
      { path: "template.language", message: "`template.language` is missing: a template needs `language`." },
    ]);
    const e = throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => message.template("order_update", {}).to(TO),
      (e: any) => e.code === "VALIDATION",
    );
    equal(e.issues[0].path, "template.language");
  });
});

describe("a missing field of any kind says it is missing", () => {
  it("a number, an emoji, a body: `is missing`, never `received undefined`", () => {
    const cases = [
      [{ type: "location", to: TO, location: { latitude: 52.37 } }, "location.longitude"],
      [{ type: "reaction", to: TO, reaction: { message_id: "wamid.1" } }, "reaction.emoji"],
      [{ type: "text", to: TO }, "body"],
    ] as const;
    for (const [input, path] of cases) {
      const r = checkMessage(input);
      const issue = r.issues.find((i) => i.path === path);
      ok(issue, `an issue at ${path}: ${JSON.stringify(r.issues)}`);
      ok(issue.message.includes(`\`${path}\` is missing`), issue.message);
      ok(!issue.message.includes("received undefined"), issue.message);
    }
  });
});

describe("redaction touches only what came from outside", () => {
  it("Bird's 401 hint is intact while the key the provider echoed is redacted", async () => {
    const key = "k-SECRET-123456";
    const srv = await mockServer(() => ({
      status: 401,
      body: { code: "Unauthorized", message: `Invalid access key ${key}` },
    }));
    try {
      const wa = whatsapp({
        provider: bird({
          accessKey: key,
          workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
          channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
          baseUrl: srv.url,
        }),
        retry: 0,
      });
      const e = await refusal(() => wa.text("hi").to(TO));
      equal(e.code, "AUTH");
      equal(e.status, 401);
      ok(e.message.includes("Check the access key (sent as `AccessKey <key>`)."), e.message);
      ok(e.message.includes("Invalid access key [redacted]."), e.message);
      ok(!e.message.includes(key) && !JSON.stringify(e.raw).includes(key), e.message);
    } finally {
      await srv.close();
    }
  });
});

describe("Meta's error_data.details is in the message", () => {
  const cases: [name: string, body: unknown, code: number, said: string, as: string][] = [
    [
      "132000",
      PARAMS_MISMATCH,
      132000,
      "(#132000) Number of parameters does not match the expected number of params: body: number of localizable_params (2) does not match the expected number of params (1) (code 132000, fbtrace_id A_TRACE_ID).",
      "TEMPLATE",
    ],
    [
      "100",
      INVALID_PARAMETER,
      100,
      "(#100) Invalid parameter: Parameter 'text' is mandatory for component parameter type 'text' (code 100, fbtrace_id A_TRACE_ID).",
      "PROVIDER_ERROR",
    ],
  ];
  for (const [name, body, code, said, as] of cases) {
    it(`Cloud API, code ${name}`, async () => {
      const srv = await mockServer(() => ({ status: 400, body }));
      try {
        const provider = cloudApi({ accessToken: "EAAG-token", phoneNumberId: "106540352242922", baseUrl: srv.url });
        const e = await refusal(() => whatsapp({ provider, retry: 0 }).text("hi").to(TO));
        equal(e.providerCode, code);
        equal(e.code, as);
        ok(e.message.startsWith(`cloudApi answered 400: ${said}`), e.message);
      } finally {
        await srv.close();
      }
    });
    it(`Kaleyra passing Meta's answer through, code ${name}`, async () => {
      const srv = await mockServer(() => ({ status: 400, body }));
      try {
        const provider = kaleyra({
          apiKey: "k-123456",
          sid: "HXAP16XXXXXX97IN",
          from: "+919876543210",
          pod: "in",
          baseUrl: srv.url,
        });
        const e = await refusal(() => whatsapp({ provider, retry: 0 }).text("hi").to(TO));
        equal(e.providerCode, code);
        equal(e.code, as);
        ok(e.message.startsWith(`kaleyra answered 400: ${said}`), e.message);
      } finally {
        await srv.close();
      }
    });
  }
});
