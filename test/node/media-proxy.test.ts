// Bytes through the proxy (issue 27, part 2): a page's `withMedia(proxy())` posts the message and
// its file as multipart/form-data to createProxyHandler, which checks authorize first, then the
// size (maxUploadBytes: 413 before reading more) and the type, and uploads with the server's keys
// to a mock Cloud API (Meta's documented fields:
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media).
import { createProxyHandler, type ProxyUploadEvent, proxy, whatsapp } from "../../src/index.ts";
import { cloudApi } from "../../src/providers/cloud-api/index.ts";
import { withMedia } from "../../src/media.ts";
import { deepEqual, describe, equal, hasCode, it, ok, rejects } from "../harness.ts";
import { mockServer, type Seen } from "./server.ts";
import { endlessPost, png } from "./media-bytes.ts";

const TO = "+31612345678";
const KEY = "EAAG-server-only-token";
const TOKEN = "Bearer page-session";

const meta = (s: Seen) =>
  s.url.endsWith("/media") ? { body: { id: "1166846181421424" } } : { body: { messages: [{ id: "wamid.PX" }] } };

/** The server's handler (keys here only) and a page's client whose fetch reaches it in process. */
async function setup(handlerOptions: Record<string, unknown> = {}) {
  const srv = await mockServer(meta);
  let authorized = 0;
  const handler = createProxyHandler({
    provider: withMedia(cloudApi({ accessToken: KEY, phoneNumberId: "106540352242922", baseUrl: srv.url })),
    authorize: (req) => {
      authorized++;
      return req.headers.get("authorization") === TOKEN;
    },
    ...handlerOptions,
  });
  const seenByHandler: Request[] = [];
  const page = (token = TOKEN) =>
    whatsapp({
      provider: withMedia(proxy({ url: "https://shop.example/api/whatsapp", headers: { authorization: token } })),
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        seenByHandler.push(request.clone());
        return handler(request);
      },
    });
  return { srv, handler, page, seenByHandler, authorized: () => authorized };
}

describe("media from bytes through proxy() and createProxyHandler", () => {
  it("the page posts the message and its file; the server uploads with its keys and sends", async () => {
    const { srv, page, seenByHandler } = await setup();
    try {
      const bytes = png(4096);
      const res = await page()
        .image({ file: new File([bytes], "receipt.png", { type: "image/png" }), caption: "Hi" })
        .to(TO);
      equal(res.id, "wamid.PX");
      equal(res.provider, "cloudApi");
      deepEqual(res.uploads, [{ path: "media[0]", bytes: 4096, media: { id: "1166846181421424" }, reused: false }]);
      // What the page sent: multipart asking for the upload (no key, the message with a
      // placeholder and the file part), then the message as JSON naming the upload's id.
      equal(seenByHandler.length, 2);
      const posted = seenByHandler[0]!;
      ok(/^multipart\/form-data; boundary=/.test(posted.headers.get("content-type") ?? ""));
      const form = await posted.formData();
      deepEqual(JSON.parse(String(form.get("message"))).media, [
        { caption: "Hi", id: "upload:0", contentType: "image/png" },
      ]);
      equal(form.get("intent"), "upload");
      equal(seenByHandler[1]!.headers.get("content-type"), "application/json");
      deepEqual((await seenByHandler[1]!.json()).media, [
        { caption: "Hi", id: "1166846181421424", contentType: "image/png" },
      ]);
      const part = form.get("file0") as File;
      equal(part.name, "receipt.png");
      deepEqual(new Uint8Array(await part.arrayBuffer()), bytes);
      ok(!JSON.stringify([...posted.headers]).includes(KEY), "the page never holds the key");
      // What the server sent to Meta: the upload with its key, then the send by id.
      deepEqual(
        srv.seen.map((s) => s.url),
        ["/v23.0/106540352242922/media", "/v23.0/106540352242922/messages"],
      );
      equal(srv.seen[0]!.headers.authorization, `Bearer ${KEY}`);
      ok(srv.seen[0]!.raw.includes(Buffer.from(bytes)));
      deepEqual(JSON.parse(srv.seen[1]!.body).image, { id: "1166846181421424", caption: "Hi" });
    } finally {
      await srv.close();
    }
  });

  it("a bulk send of one file uploads it once: one multipart post, one upload, then a send by id per recipient", async () => {
    const sent: string[] = [];
    const uploaded: ProxyUploadEvent[] = [];
    const { srv, page, seenByHandler, authorized } = await setup({
      onSend: ({ message }: { message: { to: string } }) => void sent.push(message.to),
      onUpload: (e: ProxyUploadEvent) => {
        uploaded.push(e);
        throw new Error("an audit hook that throws changes nothing");
      },
    });
    try {
      const bytes = png(4096);
      const to = ["+31612345678", "+31612345679", "+31612345670", "+31612345671"];
      const results = await page()
        .image({ file: new File([bytes], "menu.png", { type: "image/png" }), caption: "Menu" })
        .to(to, { concurrency: 3 });
      deepEqual(
        results.map((r) => r.ok),
        [true, true, true, true],
      );
      // Meta saw one upload, then one send per recipient, each by the upload's id.
      equal(srv.seen.filter((s) => s.url.endsWith("/media")).length, 1);
      const sends = srv.seen.filter((s) => s.url.endsWith("/messages"));
      deepEqual(sends.map((s) => JSON.parse(s.body).to).sort(), [...to].sort());
      for (const s of sends) deepEqual(JSON.parse(s.body).image, { id: "1166846181421424", caption: "Menu" });
      // The handler saw one multipart post (the file, once) and a JSON send per recipient.
      const types = seenByHandler.map((r) => (r.headers.get("content-type") ?? "").split(";")[0]);
      deepEqual(types.filter((t) => t === "multipart/form-data").length, 1);
      deepEqual(types.filter((t) => t === "application/json").length, 4);
      equal(authorized(), 5, "authorize checked the upload and every send");
      deepEqual(sent.sort(), [...to].sort(), "onSend saw the sends, not the upload");
      equal(uploaded.length, 1, "onUpload saw the one upload");
      deepEqual(
        uploaded[0]!.uploads?.map((u) => [u.path, u.bytes, u.media]),
        [["media[0]", 4096, { id: "1166846181421424" }]],
      );
      equal(uploaded[0]!.error, undefined);
      ok(uploaded[0]!.request instanceof Request);
      // Each result lists the upload: made by the first send, reused by the others.
      const uploads = results.map((r) => (r.ok ? r.result.uploads : undefined));
      equal(uploads.filter((u) => u?.[0]?.reused === false).length, 1);
      equal(uploads.filter((u) => u?.[0]?.reused === true).length, 3);
      for (const u of uploads) deepEqual(u?.[0]?.media, { id: "1166846181421424" });
    } finally {
      await srv.close();
    }
  });

  it("a failed upload is not remembered: the next send of the file asks again", async () => {
    let failUpload = true;
    const srv = await mockServer((s) =>
      s.url.endsWith("/media")
        ? failUpload
          ? { status: 400, body: { error: { message: "bad", code: 100 } } }
          : { body: { id: "4490709327384033" } }
        : { body: { messages: [{ id: "wamid.PX" }] } },
    );
    try {
      const audited: ProxyUploadEvent[] = [];
      const handler = createProxyHandler({
        provider: withMedia(cloudApi({ accessToken: KEY, phoneNumberId: "106540352242922", baseUrl: srv.url })),
        authorize: () => true,
        onUpload: (e) => void audited.push(e),
      });
      const wa = whatsapp({
        provider: withMedia(proxy({ url: "https://shop.example/api/whatsapp" })),
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init)),
      });
      const file = new File([png(512)], "a.png", { type: "image/png" });
      await rejects(() => Promise.resolve(wa.image(file).to(TO)), hasCode("PROVIDER_ERROR"));
      // onUpload saw the failed upload with its error and no uploads.
      equal(audited.length, 1);
      equal(audited[0]!.error?.code, "PROVIDER_ERROR");
      equal(audited[0]!.uploads, undefined);
      failUpload = false;
      const res = await wa.image(file).to(TO);
      deepEqual(res.uploads?.[0]?.media, { id: "4490709327384033" });
      equal(res.uploads?.[0]?.reused, false);
      // And a later send of the same file reuses it, through the handler with no file.
      const again = await wa.image(file).to("+31612345679");
      equal(again.uploads?.[0]?.reused, true);
      deepEqual(
        srv.seen.map((s) => s.url.split("/").pop()),
        ["media", "media", "messages", "messages"],
      );
    } finally {
      await srv.close();
    }
  });

  it("a handler that answers no uploads is a clear ProviderError, and nothing is sent", async () => {
    const wa = whatsapp({
      provider: withMedia(proxy({ url: "https://shop.example/api/whatsapp" })),
      fetch: async () => Response.json({ id: "x", provider: "cloudApi", status: "accepted" }),
    });
    await rejects(
      () => Promise.resolve(wa.image(png(100)).to(TO)),
      hasCode("PROVIDER_ERROR", /not the 1 upload it was asked for; is its handler's provider given withMedia\(\)/),
    );
  });

  it("compile() shows the upload post and the send by its placeholder, with no I/O", () => {
    const wa = whatsapp({ provider: withMedia(proxy({ url: "https://shop.example/api/whatsapp" })) });
    const request = wa
      .image({ file: png(100), caption: "Hi" })
      .to(TO)
      .compile();
    deepEqual((request.body as { media: unknown }).media, [
      { caption: "Hi", id: "upload:0", contentType: "image/png" },
    ]);
    equal(request.uploads?.length, 1);
    equal(request.uploads?.[0]?.encoding, "multipart");
    deepEqual(Object.keys(request.uploads?.[0]?.files ?? {}), ["file0"]);
    equal((request.uploads![0]!.body as Record<string, string>).intent, "upload");
  });

  it("checks authorize first: a page without the session is refused and nothing is uploaded", async () => {
    const { srv, page, authorized } = await setup();
    try {
      await rejects(() => Promise.resolve(page("Bearer wrong").image(png(100)).to(TO)), hasCode("AUTH"));
      equal(authorized(), 1);
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("a declared length over maxUploadBytes is 413 after authorize, before any byte is read", async () => {
    const { srv, handler, authorized } = await setup({ maxUploadBytes: 1000 });
    try {
      const { request, pulled } = endlessPost("https://shop.example/api/whatsapp", {
        authorization: TOKEN,
        "content-length": "5000",
      });
      const res = await handler(request);
      equal(res.status, 413);
      equal(authorized(), 1);
      ok(pulled() <= 1, `read ${pulled()} chunks`); // a stream may prefetch one chunk as it is set up
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("an undeclared body over maxUploadBytes is 413 as soon as the count passes it, the rest unread", async () => {
    const { srv, handler } = await setup({ maxUploadBytes: 1000 });
    try {
      // An endless body: the handler must stop reading it.
      const { request, pulled } = endlessPost("https://shop.example/api/whatsapp", { authorization: TOKEN });
      const res = await handler(request);
      equal(res.status, 413);
      match413(await res.json());
      ok(pulled() <= 13, `stopped after ${pulled()} chunks of 100 bytes`);
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("a file whose bytes are not what the kind takes is 422, and nothing is uploaded", async () => {
    const { srv, page } = await setup();
    try {
      const gif = new File([new TextEncoder().encode("GIF89a\x01\x00\x01\x00")], "a.png", { type: "image/png" });
      // The page checks it before posting (no I/O at all) ...
      await rejects(() => Promise.resolve(page().image(gif).to(TO)), hasCode("VALIDATION", /declared image\/png/));
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("the server checks the type again for a post built by hand", async () => {
    const { srv, handler } = await setup();
    try {
      const form = new FormData();
      form.append("message", JSON.stringify({ to: TO, type: "image", media: [{ id: "upload:0" }] }));
      form.append("file0", new Blob([new TextEncoder().encode("GIF89a\x01\x00")], { type: "image/png" }), "x.png");
      const res = await handler(
        new Request("https://shop.example/api/whatsapp", {
          method: "POST",
          headers: { authorization: TOKEN },
          body: form,
        }),
      );
      equal(res.status, 422);
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("a handler whose provider has no withMedia() refuses multipart with 415", async () => {
    const handler = createProxyHandler({
      provider: cloudApi({ accessToken: KEY, phoneNumberId: "1" }),
      authorize: () => true,
    });
    const form = new FormData();
    form.append("message", "{}");
    const res = await handler(new Request("https://shop.example/api/whatsapp", { method: "POST", body: form }));
    equal(res.status, 415);
  });
});

function match413(body: { error: { message: string } }) {
  ok(/larger than this proxy accepts \(1000 bytes\)/.test(body.error.message), body.error.message);
}
