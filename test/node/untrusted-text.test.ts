// Issue 23: a provider's answer is untrusted text. describeBody reads it in one pass (the tag
// stripping regex it replaces was quadratic on a run of "<": 64 KiB blocked a server for
// seconds; test/node/redos.test.ts pins that no regex of src/ backtracks), and the transport
// reads an answer with a byte cap before anything parses it.
import { describe, it, ok, equal, match, rejects, hasCode } from "../harness.ts";
import fc from "fast-check";
import ky from "ky";
import { describeBody } from "../../src/send/provider.ts";
import type { ProviderError } from "../../src/core/errors.ts";
import { MAX_ANSWER_BYTES } from "../../src/send/body.ts";
import { whatsapp, cloudApi, type TransportOptions } from "../../src/index.ts";

/** describeBody's text branch as it was (tags to spaces by regex): the reference on short input. */
const reference = (body: string) => {
  const text = body
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? "an empty body" : `"${text.slice(0, 200)}${text.length > 200 ? "…" : ""}"`;
};

describe("describeBody: untrusted text in one pass", () => {
  it("describes as the tag-stripping regex did (random short bodies of tags, spaces and text)", () => {
    const unit = fc.constantFrom("<", ">", "a", "b", " ", "\n", "\t", "\u00a0", "\u2028", "é", "/");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 500 }), (body) => describeBody(body) === reference(body)),
      { numRuns: 3000 },
    );
  });

  it("adversarial shapes of 64 KiB and 1 MiB: the first 200 visible characters, tags dropped", () => {
    for (const size of [64 * 1024, 1024 * 1024]) {
      equal(describeBody("<".repeat(size)), `"${"<".repeat(200)}…"`, "a run of < with no > is text");
      equal(describeBody(`${"<".repeat(size)}>ok`), '"ok"', "a run of < closed once is one tag");
      equal(describeBody("<a".repeat(size / 2)), `"${"<a".repeat(100)}…"`);
      equal(describeBody(`${" \n".repeat(size / 2)}x`), '"x"');
      equal(describeBody("<b>x</b> ".repeat(size / 9)), `"${"x ".repeat(100)}…"`);
    }
  });

  it("keeps what it said of JSON and of empty bodies", () => {
    equal(describeBody("<h1>Bad Gateway</h1>\n"), '"Bad Gateway"');
    equal(describeBody(" <br> "), "an empty body");
    equal(describeBody({ error: "x" }), '{"error":"x"}');
    equal(describeBody(undefined), "no body");
  });
});

const CHUNK = 64 * 1024;

/** An answer body of `total` bytes (8 MiB: past the cap, under ky's own 10 MiB), in 64 KiB chunks; `pulled` counts what it gave. */
function flood(byte = 0x3c, total = 8 * 1024 * 1024) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled >= total) return c.close();
      c.enqueue(new Uint8Array(CHUNK).fill(byte));
      state.pulled += CHUNK;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

const client = (fetch: typeof globalThis.fetch, more: Partial<TransportOptions> = {}) =>
  whatsapp({
    provider: cloudApi({ accessToken: "t0ken-abcdef", phoneNumberId: "1234567890" }),
    fetch,
    timeout: 5000,
    ...more,
  });

/** A success whose body is over the cap: an unknown outcome, said so; the read stopped at the cap. */
async function overCap(make: (fetch: typeof globalThis.fetch) => ReturnType<typeof client>, headers = {}) {
  const { stream, state } = flood();
  const wa = make(
    async () => new Response(stream, { status: 200, headers: { "content-type": "application/json", ...headers } }),
  );
  const e = await rejects<ProviderError>(wa.text("hi").to("+31612345678"), hasCode("PROVIDER_ERROR"));
  equal(e.code, "PROVIDER_ERROR", e.message);
  equal(e.status, 200);
  equal(e.retryable, false);
  match(e.message, /answered 200: its body is over 1048576 bytes/);
  match(e.message, /may or may not have been accepted; check before sending again/);
  ok(state.pulled <= MAX_ANSWER_BYTES + 4 * CHUNK, `the read stopped at the cap (pulled ${state.pulled} bytes)`);
  ok(state.cancelled, "the rest of the body was cancelled");
}

describe("provider answers are read with a 1 MiB cap before anything parses them", () => {
  it("a 2xx body over the cap: PROVIDER_ERROR (unknown outcome, not retryable), read stops at the cap", async () => {
    await overCap((fetch) => client(fetch));
  });

  it("… also when Content-Length declares it (nothing past the first chunk is read)", async () => {
    const { stream, state } = flood();
    const wa = client(
      async () => new Response(stream, { headers: { "content-length": String(MAX_ANSWER_BYTES + 1) } }),
    );
    const e = await rejects<ProviderError>(wa.text("hi").to("+31612345678"), hasCode("PROVIDER_ERROR"));
    equal(e.code, "PROVIDER_ERROR");
    ok(state.pulled <= CHUNK, `pulled ${state.pulled}`);
  });

  it("… also through the caller's hooks and through a caller's ky instance (its own fetch)", async () => {
    await overCap((fetch) => client(fetch, { hooks: { beforeRequest: [] } }));
    await overCap((fetch) =>
      whatsapp({
        provider: cloudApi({ accessToken: "t0ken-abcdef", phoneNumberId: "1234567890" }),
        ky: ky.create({ fetch, timeout: 5000 }),
      }),
    );
  });

  it("an answer of exactly the cap is read; one byte more is not", async () => {
    const json = '{"messages":[{"id":"wamid.1"}]}';
    const exact = json + " ".repeat(MAX_ANSWER_BYTES - json.length);
    const wa = (body: string) =>
      client(async () => new Response(body, { headers: { "content-type": "application/json" } }));
    equal((await wa(exact).text("hi").to("+31612345678")).id, "wamid.1");
    const e = await rejects<ProviderError>(wa(`${exact} `).text("hi").to("+31612345678"), hasCode("PROVIDER_ERROR"));
    equal(e.code, "PROVIDER_ERROR");
    match(e.message, /over 1048576 bytes/);
  });

  it("an error answer over the cap is described from its start; the read stops at the cap", async () => {
    for (const more of [{}, { hooks: { beforeRequest: [] } }] as Partial<TransportOptions>[]) {
      const { stream, state } = flood(0x61);
      const wa = client(
        async () => new Response(stream, { status: 500, headers: { "content-type": "text/html" } }),
        more,
      );
      const e = await rejects<ProviderError>(wa.text("hi").to("+31612345678"), hasCode("PROVIDER_ERROR"));
      equal(e.code, "PROVIDER_ERROR");
      equal(e.status, 500);
      match(e.message, /answered 500: .*"a{200}…"/);
      equal(typeof e.raw === "string" && e.raw.length, MAX_ANSWER_BYTES, "the body kept is the first MiB");
      ok(state.pulled <= MAX_ANSWER_BYTES + 4 * CHUNK, `the read stopped at the cap (pulled ${state.pulled} bytes)`);
    }
  });
});
