// Bird's pre-signed media upload (issue 27), as Bird documents it
// (https://docs.bird.com/api/conversations-api/api-reference/conversations-messaging/create-pre-signed-upload):
// request an upload for the conversation with { contentType }, POST every uploadFormData field and
// then the file as `file` to uploadUrl (204), send the message with the returned mediaUrl. The
// answer's fields are the page's example, with uploadUrl pointed at the mock.
import { whatsapp } from "../../src/index.ts";
import { bird } from "../../src/providers/bird/index.ts";
import { withMedia } from "../../src/media.ts";
import { deepEqual, describe, equal, issueAt, it, ok, rejects } from "../harness.ts";
import { mockServer, type Seen } from "./server.ts";
import { birdUploadServer } from "./bird-upload-server.ts";
import { png } from "./media-bytes.ts";

const WS = "a1405560-c8d3-4b1a-877d-3f449ad95352";
const CH = "cb4b1ebc-34e6-5a7a-a375-f6f2f131d88f";
const CONVERSATION = "02ec2ac2-ebec-42d3-a5f4-e6f3a9edf418";
const MEDIA_URL = `https://media.api.bird.com/workspaces/${WS}/conversations/${CONVERSATION}/media/e867a2ac-2df5-40be-a5d4-e452d7156048`;
// Bird's example uploadFormData, in its order.
const FIELDS: [string, string][] = [
  ["Content-Type", "image/png"],
  ["acl", "private"],
  ["bucket", "channels--message-media--151603429280--euw1"],
  ["key", `${WS}/e867a2ac-2df5-40be-a5d4-e452d7156048`],
  ["policy", "c29tZSByYW5kb20gYmFzZTY0IHNvbWUgcmFuZG9tIGJhc2U2NCBzb21lIHJhbmRvbSBiYXNlNjQ="],
  ["x-amz-algorithm", "AWS4-HMAC-SHA256"],
  ["x-amz-credential", "ASIAZIY3TY7LKB5VSROM/20241202/us-west-1/s3/aws4_request"],
  ["x-amz-date", "20241202T151755Z"],
  ["x-amz-signature", "22986b67e42558bc2f44b970d8a8c0357832540245a5c80df1229f4166c9d73c"],
];

describe("media from bytes: Bird's pre-signed upload", () => {
  it("requests the upload, posts the fields and the file to uploadUrl, sends with mediaUrl", async () => {
    const srv = await birdUploadServer(MEDIA_URL, Object.fromEntries(FIELDS));
    try {
      const wa = whatsapp({
        provider: withMedia(bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url })),
      });
      const bytes = png(3000);
      const res = await wa
        .image({ file: bytes, caption: "Bird" })
        .options({ bird: { conversationId: CONVERSATION } })
        .to("+31612345678");
      deepEqual(
        srv.seen.map((s) => s.url),
        [
          `/workspaces/${WS}/conversations/${CONVERSATION}/presigned-upload`,
          "/bucket",
          `/workspaces/${WS}/channels/${CH}/messages`,
        ],
      );
      const [ask, put, send] = srv.seen as [Seen, Seen, Seen];
      equal(ask.headers.authorization, "AccessKey KEY-abc");
      deepEqual(JSON.parse(ask.body), { contentType: "image/png" });
      // The storage gets no Bird key, and the form as Bird's page shows it: every field, then the file.
      equal(put.headers.authorization, undefined);
      const boundary = /boundary=(.+)$/.exec(String(put.headers["content-type"]))![1]!;
      const part = (name: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const expected = Buffer.concat([
        Buffer.from(FIELDS.map(([k, v]) => part(k, v)).join("")),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="image.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        Buffer.from(bytes),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      ok(put.raw.equals(expected), "the storage form, byte for byte");
      const body = JSON.parse(send.body);
      deepEqual(body.body.image.images, [{ mediaUrl: MEDIA_URL }]);
      ok(!JSON.stringify(body).includes("conversationId"), "the conversation id is not sent in the message");
      deepEqual(res.uploads, [{ path: "media[0]", bytes: 3000, media: { url: MEDIA_URL }, reused: false }]);
    } finally {
      await srv.close();
    }
  });

  it("without the conversation id, bytes are refused before any I/O", async () => {
    const srv = await mockServer(() => ({ status: 500 }));
    try {
      const wa = whatsapp({
        provider: withMedia(bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url })),
      });
      await rejects(
        () => Promise.resolve(wa.image(png(100)).to("+31612345678")),
        issueAt("options.bird.conversationId", /belongs to a conversation/),
      );
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });
});
