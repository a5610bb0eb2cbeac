// Media from bytes through the Cloud API (issue 27, part 1): the file is checked before any I/O,
// uploaded once as multipart/form-data with Meta's documented fields (messaging_product, type,
// file: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media),
// then sent by the id the upload answered; 360dialog the same on its host
// (https://docs.360dialog.com/partner/messaging/media-messages/upload-retrieve-delete-media), Kaleyra
// with `file` and `type` (https://developers.kaleyra.io/docs/whatsapp-api-v2-upload-media-files); a retry sends the whole body again; a bulk send of one
// file to 10,000 recipients uploads it once.
import { whatsapp, type SendResult } from "../../src/index.ts";
import { cloudApi } from "../../src/providers/cloud-api/index.ts";
import { dialog360 } from "../../src/providers/360dialog/index.ts";
import { twilio } from "../../src/providers/twilio/index.ts";
import { kaleyra } from "../../src/providers/kaleyra/index.ts";
import { withMedia } from "../../src/media.ts";
import { encodeBody } from "../../src/send/request-body.ts";
import { sniff } from "../../src/send/upload/checks.ts";
import { deepEqual, describe, equal, hasCode, issueAt, it, ok, rejects, throws } from "../harness.ts";
import { mockServer, type Seen } from "./server.ts";
import { png } from "./media-bytes.ts";

const TO = "+31612345678";
const TOKEN = "EAAG-secret-token";

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const PDF = new TextEncoder().encode("%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n");

/** The multipart body the upload must be, byte for byte, for the boundary fetch chose. */
function expectedBody(boundary: string, type: string, filename: string, bytes: Uint8Array, product = true): Buffer {
  const text = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.concat([
    Buffer.from((product ? text("messaging_product", "whatsapp") : "") + text("type", type)),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

function boundaryOf(s: Seen): string {
  const m = /^multipart\/form-data; boundary=(.+)$/.exec(String(s.headers["content-type"]));
  ok(m, `a multipart content type with its boundary, got ${s.headers["content-type"]}`);
  return m[1]!;
}

/** Meta answers an upload with its id, a send with a wamid. */
const meta = (s: Seen) =>
  s.url.endsWith("/media")
    ? { body: { id: "1166846181421424" } }
    : {
        body: {
          messaging_product: "whatsapp",
          contacts: [{ input: TO, wa_id: "31612345678" }],
          messages: [{ id: "wamid.HBg" }],
        },
      };

const client = (baseUrl: string) =>
  whatsapp({ provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922", baseUrl })) });

describe("media from bytes: Cloud API upload, then send", () => {
  it("uploads a Uint8Array as Meta's multipart fields, then sends the image by the id it answered", async () => {
    const srv = await mockServer(meta);
    try {
      const bytes = png(2048);
      const res = await client(srv.url).image({ file: bytes, caption: "Your receipt" }).to(TO);
      equal(srv.seen.length, 2);
      const [up, send] = srv.seen as [Seen, Seen];
      equal(up.method, "POST");
      equal(up.url, "/v23.0/106540352242922/media");
      equal(up.headers.authorization, `Bearer ${TOKEN}`);
      ok(
        up.raw.equals(expectedBody(boundaryOf(up), "image/png", "image.png", bytes)),
        "the multipart body, byte for byte",
      );
      equal(send.url, "/v23.0/106540352242922/messages");
      deepEqual(JSON.parse(send.body).image, { id: "1166846181421424", caption: "Your receipt" });
      equal(res.id, "wamid.HBg");
      deepEqual(res.uploads, [{ path: "media[0]", bytes: 2048, media: { id: "1166846181421424" }, reused: false }]);
    } finally {
      await srv.close();
    }
  });

  it("a File brings its name and type; a document keeps its file name in the send", async () => {
    const srv = await mockServer(meta);
    try {
      const file = new File([PDF], "invoice-42.pdf", { type: "application/pdf" });
      await client(srv.url).document({ file, caption: "Invoice" }).to(TO);
      const [up, send] = srv.seen as [Seen, Seen];
      ok(up.raw.equals(expectedBody(boundaryOf(up), "application/pdf", "invoice-42.pdf", PDF)));
      deepEqual(JSON.parse(send.body).document, {
        id: "1166846181421424",
        caption: "Invoice",
        filename: "invoice-42.pdf",
      });
    } finally {
      await srv.close();
    }
  });

  it("a ReadableStream with its size, and a template's image header from bytes", async () => {
    const srv = await mockServer(meta);
    try {
      const bytes = png(300);
      const stream = new Blob([bytes]).stream();
      await client(srv.url)
        .template("order_update", {
          language: "en_US",
          header: { image: { file: stream, size: 300 } },
          params: ["Ada"],
        })
        .to(TO);
      const [up, send] = srv.seen as [Seen, Seen];
      ok(up.raw.equals(expectedBody(boundaryOf(up), "image/png", "image.png", bytes)));
      const header = JSON.parse(send.body).template.components[0];
      deepEqual(header, { type: "header", parameters: [{ type: "image", image: { id: "1166846181421424" } }] });
    } finally {
      await srv.close();
    }
  });

  it("a retry of the upload sends the whole body again", async () => {
    const srv = await mockServer((s, n) => (n === 1 ? { status: 503, body: "busy" } : meta(s)));
    try {
      const wa = whatsapp({
        provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922", baseUrl: srv.url })),
        retry: { limit: 1, delay: () => 0 },
      });
      const bytes = png(5000);
      await wa.image(bytes).to(TO);
      equal(srv.seen.length, 3);
      for (const up of srv.seen.slice(0, 2))
        ok(
          up.raw.equals(expectedBody(boundaryOf(up), "image/png", "image.png", bytes)),
          "each attempt's own, whole body",
        );
    } finally {
      await srv.close();
    }
  });

  it("360dialog uploads the same fields to /media on its host, with its key", async () => {
    const srv = await mockServer(meta);
    try {
      const wa = whatsapp({ provider: withMedia(dialog360({ apiKey: "d360-key", baseUrl: srv.url })) });
      const bytes = png(100);
      await wa.image(bytes).to(TO);
      const [up] = srv.seen as [Seen];
      equal(up.url, "/media");
      equal(up.headers["d360-api-key"], "d360-key");
      ok(up.raw.equals(expectedBody(boundaryOf(up), "image/png", "image.png", bytes)));
    } finally {
      await srv.close();
    }
  });
});

describe("media from bytes: Kaleyra", () => {
  it("uploads `file` and `type` to /v2/{sid}/whatsapp/{from}/media with its api-key, then sends by id", async () => {
    const srv = await mockServer((s) =>
      s.url.endsWith("/media")
        ? { body: { id: "9911" } }
        : { status: 202, body: { code: "WA202", message: "accepted", data: { message_id: "wamid.K" }, error: {} } },
    );
    try {
      const wa = whatsapp({
        provider: withMedia(
          kaleyra({ apiKey: "kal-key", sid: "HXAP16XXXXXX97IN", from: "+919000000000", pod: "in", baseUrl: srv.url }),
        ),
      });
      const bytes = png(64);
      await wa.image(bytes).to(TO);
      const [up, send] = srv.seen as [Seen, Seen];
      equal(up.url, "/v2/HXAP16XXXXXX97IN/whatsapp/+919000000000/media");
      equal(up.headers["api-key"], "kal-key");
      ok(up.raw.equals(expectedBody(boundaryOf(up), "image/png", "image.png", bytes, false)));
      deepEqual(JSON.parse(send.body).messaging_object.image, { id: "9911" });
    } finally {
      await srv.close();
    }
  });
});

describe("media from bytes: one upload for a bulk send", () => {
  it("sends one file to 10,000 recipients with one upload", async () => {
    let uploads = 0;
    let sends = 0;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.url.endsWith("/media")) {
        uploads++;
        const form = await request.formData();
        equal((form.get("file") as File).size, 1000);
        return Response.json({ id: "4490709327384033" });
      }
      sends++;
      return Response.json({ messages: [{ id: `wamid.${sends}` }] });
    };
    const wa = whatsapp({
      provider: withMedia(cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922" })),
      fetch,
    });
    const recipients = Array.from({ length: 10_000 }, (_, i) => `+3161${String(i).padStart(7, "0")}`);
    const results = await wa.image(png(1000)).to(recipients, { concurrency: 50 });
    equal(uploads, 1);
    equal(sends, 10_000);
    ok(results.every((r) => r.ok));
    const used = results.map((r) => (r.ok ? (r.result as SendResult).uploads![0]! : undefined));
    equal(used.filter((u) => u && !u.reused).length, 1, "one send made the upload, the others reused it");
    ok(used.every((u) => u && "id" in u.media && u.media.id === "4490709327384033"));
  });
});

describe("media from bytes: checked before any I/O", () => {
  const noIo = async (
    send: (wa: ReturnType<typeof client>) => PromiseLike<unknown>,
    check: (e: unknown) => boolean,
  ) => {
    const srv = await mockServer(meta);
    try {
      await rejects(() => Promise.resolve(send(client(srv.url))), check);
      equal(srv.seen.length, 0, "nothing was sent");
    } finally {
      await srv.close();
    }
  };

  it("an image over 5 MB names the limit and the fix", () =>
    noIo((wa) => wa.image(png(5 * 1024 * 1024 + 1)).to(TO), issueAt("media[0].file", /5 MB.*Resize or compress/)));
  it("a type the kind does not take", () =>
    noIo(
      (wa) => wa.image(new Blob([new TextEncoder().encode("GIF89a....")], { type: "image/gif" })).to(TO),
      issueAt("media[0].file", /image\/gif; WhatsApp takes images as image\/jpeg, image\/png/),
    ));
  it("a declared type the bytes contradict", () =>
    noIo(
      (wa) => wa.image({ file: JPEG, type: "image/png" }).to(TO),
      issueAt("media[0].file", /declared image\/png but its bytes are image\/jpeg/),
    ));
  it("bytes of no type WhatsApp takes for the kind", () =>
    noIo(
      (wa) => wa.video(png(100)).to(TO),
      issueAt("media[0].file", /bytes are image\/png; WhatsApp takes videos as video\/mp4/),
    ));
  it("a document from bytes without a file name", () =>
    noIo((wa) => wa.document(PDF).to(TO), issueAt("media[0].filename", /needs a file name/)));
  it("a stream without its size", () =>
    noIo(
      // @ts-expect-error: a bare stream has no size (the types ask for { file, size }), for the runtime check
      (wa) => wa.image(new Blob([png(20)]).stream()).to(TO),
      issueAt("media[0].size", /length must be known/),
    ));
  it("a stream longer than its size", () =>
    noIo(
      (wa) => wa.image({ file: new Blob([png(100)]).stream(), size: 50 }).to(TO),
      issueAt("media[0].file", /more than 50 bytes, but its `size` says 50/),
    ));
  it("a static sticker over 100 KB", () => {
    const webp = new Uint8Array(150 * 1024);
    webp.set(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "));
    return noIo((wa) => wa.sticker(webp).to(TO), issueAt("media[0].file", /static sticker.*100 KB/));
  });

  it("a provider with no documented upload refuses bytes, naming a link", async () => {
    const wa = whatsapp({
      provider: withMedia(
        twilio({ accountSid: `AC${"0".repeat(32)}`, authToken: "t".repeat(32), from: "+15550001111" }),
      ),
    });
    await rejects(() => Promise.resolve(wa.image(png(20)).to(TO)), hasCode("UNSUPPORTED", /by URL only.*https link/));
  });

  it("a client without withMedia() refuses bytes when the message is addressed, naming withMedia() and a link", () => {
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922" }) });
    const fix = /holds bytes, which only a provider given withMedia\(\) \(from "wafluent\/media"\).*https link/;
    throws(() => wa.image({ file: png(20) }).to(TO), issueAt("media[0].file", fix));
    const checked = wa.image({ file: png(20) }).check(TO);
    ok(!checked.ok && checked.issues.some((i) => i.path === "media[0].file" && fix.test(i.message)));
  });

  it("check() reports the file's issues that need no reading, with the message's", () => {
    const r = client("https://graph.facebook.com")
      .image({ file: png(6 * 1024 * 1024), caption: "" })
      .check(TO);
    equal(r.ok, false);
    ok(r.issues.some((i) => i.path === "media[0].file" && i.limit === 5 * 1024 * 1024));
  });

  it("the draft is not changed by addressing it, and the message holds the bytes as given", () => {
    const bytes = png(40);
    const draft = client("https://graph.facebook.com").image({ file: bytes, type: "image/png", caption: "A" });
    const one = draft.to(TO);
    const two = draft.to("+4915112345678");
    equal(one.message.type, "image");
    ok(one.message.type === "image" && one.message.media[0]!.file === bytes);
    deepEqual(
      { ...(one.message as { media: object[] }).media[0], file: "bytes" },
      {
        caption: "A",
        file: "bytes",
        contentType: "image/png",
      },
    );
    ok(two.message.type === "image" && two.message.media[0]!.file === bytes);
  });
});

describe("media from bytes: compile() and the encoding", () => {
  it("compile() is the send with `upload:0` for the file and the upload in `uploads`", () => {
    const bytes = png(64);
    const req = client("https://graph.facebook.com").image({ file: bytes, caption: "Hi" }).to(TO).compile();
    deepEqual((req.body as { image: unknown }).image, { id: "upload:0", caption: "Hi" });
    equal(req.uploads?.length, 1);
    const up = req.uploads![0]!;
    equal(up.url, "https://graph.facebook.com/v23.0/106540352242922/media");
    equal(up.encoding, "multipart");
    deepEqual(up.body, { messaging_product: "whatsapp", type: "image/png" });
    equal(up.files?.file?.filename, "image.png");
    equal(up.files?.file?.blob.size, 64);
    ok(!Object.keys(up.headers).some((h) => h.toLowerCase() === "content-type"), "no hand-set content type");
  });

  it("a multipart request with a hand-set content type is refused", () => {
    throws(
      () =>
        encodeBody("mine", {
          url: "https://x.example/media",
          method: "POST",
          headers: { "Content-Type": "multipart/form-data" },
          encoding: "multipart",
          files: { file: { blob: new Blob(["x"]), filename: "x.txt" } },
        }),
      hasCode("CONFIG", /leave it out: fetch writes multipart\/form-data with the boundary/),
    );
  });

  it("sniffs the types WhatsApp takes from their first bytes", () => {
    const head = (s: string, at = 0) => {
      const b = new Uint8Array(32);
      b.set(new TextEncoder().encode(s), at);
      return b;
    };
    equal(sniff(JPEG), "image/jpeg");
    equal(sniff(png(32)), "image/png");
    equal(sniff(head("RIFF\0\0\0\0WEBP")), "image/webp");
    equal(sniff(head("ftypisom", 4)), "video/mp4");
    equal(sniff(head("ftyp3gp4", 4)), "video/3gpp");
    equal(sniff(head("ftypM4A ", 4)), "audio/mp4");
    equal(sniff(head("OggS")), "audio/ogg");
    equal(sniff(head("#!AMR\n")), "audio/amr");
    equal(sniff(head("ID3")), "audio/mpeg");
    equal(sniff(new Uint8Array([0xff, 0xf1, 0x50, 0x80])), "audio/aac");
    equal(sniff(head("GIF89a")), undefined);
  });
});
