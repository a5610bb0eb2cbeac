// The provider contract's request encoding: a compiled request declares `encoding: "form"`, the
// transport sends its body as application/x-www-form-urlencoded (an array is a repeated field),
// on the first attempt and on retries, and credentials are redacted in their form-encoded spelling.
import { isProviderError, type Provider, type ProviderError, whatsapp } from "../../src/index.ts";
import { postForm, withSecrets } from "../../src/providers/_kit/index.ts";
import { deepEqual, describe, equal, hasCode, it, ok, rejects, throws } from "../harness.ts";
import { formText } from "../../src/send/request-body.ts";
import { mockServer } from "./server.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const formProvider = (base: string, body: Record<string, unknown> = {}): Provider =>
  httpProvider({
    name: "formy",
    kinds: ["text", "image"],
    compile: (m) =>
      postForm(
        `${base}/send`,
        { authorization: "Basic dXNlcjpwYXNz", "content-type": "application/json" },
        {
          To: `whatsapp:${m.to}`,
          Body: m.type === "text" ? m.body : "",
          MediaUrl: m.type === "image" ? m.media.map((x) => x.url ?? "") : undefined,
          ...(body as Record<string, string>),
        },
      ),
    parseSuccess: (a) => ({ id: String((a.body as { sid?: unknown }).sid), status: "queued" }),
    parseError: (a) => ({ message: `formy said ${a.status}: ${String(a.body)}` }),
  });

describe("form-encoded request bodies", () => {
  it("compile() returns the body as data with its encoding declared", () => {
    const req = whatsapp({ provider: formProvider("https://api.example.com") })
      .text("a b&c=d")
      .to("+31612345678")
      .compile();
    equal(req.encoding, "form");
    deepEqual(req.body, { To: "whatsapp:+31612345678", Body: "a b&c=d" });
  });

  it("sends the form with its content type, repeated keys for arrays, first attempt and retry alike", async () => {
    const srv = await mockServer((_r, n) =>
      n === 1 ? { status: 503, body: "busy" } : { status: 201, body: { sid: "SM1" } },
    );
    try {
      const wa = whatsapp({ provider: formProvider(srv.url), retry: { limit: 1, delay: () => 0 } });
      const res = await wa
        .image([{ url: "https://x.example/a.png" }, { url: "https://x.example/b b.png" }])
        .to("+31612345678");
      equal(res.id, "SM1");
      equal(srv.seen.length, 2);
      for (const s of srv.seen) {
        // The encoding's content type wins over the provider's header.
        equal(s.headers["content-type"], "application/x-www-form-urlencoded");
        equal(
          s.body,
          "To=whatsapp%3A%2B31612345678&Body=&MediaUrl=https%3A%2F%2Fx.example%2Fa.png&MediaUrl=https%3A%2F%2Fx.example%2Fb+b.png",
        );
        deepEqual(new URLSearchParams(s.body).getAll("MediaUrl"), [
          "https://x.example/a.png",
          "https://x.example/b b.png",
        ]);
      }
    } finally {
      await srv.close();
    }
  });

  it("redacts a registered credential in its form-encoded spelling when the answer echoes the body", async () => {
    const secret = "s3cr3t key!(x)";
    const srv = await mockServer((r) => ({ status: 400, body: `bad request: ${r.body}` }));
    try {
      const provider = withSecrets(formProvider(srv.url, { ApiKey: secret }), secret);
      const e = await rejects<ProviderError>(
        whatsapp({ provider, retry: 0 }).text("hi").to("+31612345678"),
        isProviderError,
      );
      equal(e.code, "PROVIDER_ERROR");
      // URLSearchParams writes it as s3cr3t+key%21%28x%29 (encodeURIComponent would not).
      ok(srv.seen[0]!.body.includes("s3cr3t+key%21%28x%29"));
      ok(!e.message.includes("s3cr3t+key%21%28x%29"), e.message);
      ok(!JSON.stringify(e.raw).includes("s3cr3t+key%21%28x%29"));
      ok(e.message.includes("[redacted]"), e.message);
    } finally {
      await srv.close();
    }
  });

  it("refuses a form body that is not flat, and an unknown encoding, naming them (CONFIG)", async () => {
    throws(() => formText("formy", { To: "x", Nested: { a: 1 } }), hasCode("CONFIG", /field "Nested" is an object/));
    throws(() => formText("formy", ["x"]), hasCode("CONFIG", /whole is not an object/));
    const odd: Provider = {
      ...formProvider("http://127.0.0.1:9"),
      // @ts-expect-error: mistyped on purpose, for the runtime check
      compile: () => ({ url: "http://127.0.0.1:9/x", method: "POST", headers: {}, body: {}, encoding: "xml" }),
    };
    await rejects(
      whatsapp({ provider: odd, retry: 0 }).text("hi").to("+31612345678"),
      hasCode("CONFIG", /encoding "xml"/),
    );
  });
});
