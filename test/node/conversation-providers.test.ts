// Conversation actions and downloads of Infobip and Kaleyra, against real local servers
// (127.0.0.1), as their documentation gives them: Infobip's mark as read (POST …/senders/{sender}/
// message/{messageId}/read, 204) and its inbound media (the webhook's URL, GET with the API key,
// only on the account's host); Kaleyra's read receipt (Meta's status body in `messaging_object`).
// Neither documents a typing indicator; Kaleyra, Bik and Zixflow document no media download.
// Fixtures: test/fixtures/conversation.ts (sources in their headers).
import { bik, infobip, kaleyra, parseWebhook, whatsapp, zixflow, type WebhookMessageEvent } from "../../src/index.ts";
import { withMedia } from "../../src/media.ts";
import * as fx from "../fixtures/conversation.ts";
import { deepEqual, describe, equal, hasCode, it, ok, rejects } from "../harness.ts";
import { mockServer } from "./server.ts";

const KEY = "infobip-key-0123456789abcdef";
/** Kaleyra's provider on a test server (`baseUrl`), with the account of its documentation's examples. */
const kaleyraAt = (baseUrl: string) =>
  kaleyra({ apiKey: "kaleyra-key-0123456789", sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in", baseUrl });
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9]);

describe("Infobip: mark as read and inbound media", () => {
  it("markRead posts to /whatsapp/1/senders/{sender}/message/{messageId}/read with the key; 204 is a result", async () => {
    const srv = await mockServer(() => ({ status: fx.infobipMarkRead.status }));
    try {
      const wa = whatsapp({
        provider: infobip({ baseUrl: srv.url, apiKey: KEY, from: `+${fx.infobipMarkRead.sender}` }),
      });
      const result = await wa.markRead(fx.infobipMarkRead.messageId);
      equal(result.status, "accepted");
      equal(result.id, fx.infobipMarkRead.messageId);
      equal(result.provider, "infobip");
      equal(srv.seen.length, 1);
      equal(srv.seen[0]!.method, "POST");
      equal(srv.seen[0]!.url, fx.infobipMarkRead.path);
      equal(srv.seen[0]!.headers.authorization, `App ${KEY}`);
      // An id with characters a path cannot hold is escaped, never a path of its own.
      await wa.markRead("a/b?c");
      equal(srv.seen[1]!.url, `/whatsapp/1/senders/${fx.infobipMarkRead.sender}/message/a%2Fb%3Fc/read`);
      await rejects(() => wa.typing(fx.infobipMarkRead.messageId), hasCode("UNSUPPORTED", /wa\.markRead\(event\)/));
      equal(srv.seen.length, 2);
    } finally {
      await srv.close();
    }
  });

  it("a refusal is the send's ProviderError, the key redacted", async () => {
    const srv = await mockServer(() => ({
      status: 401,
      body: {
        requestError: { serviceException: { messageId: "UNAUTHORIZED", text: `Invalid login details App ${KEY}` } },
      },
    }));
    try {
      const wa = whatsapp({ provider: infobip({ baseUrl: srv.url, apiKey: KEY, from: "447796344125" }) });
      const e = await rejects(() => wa.markRead("x"), hasCode("AUTH"));
      ok(
        !JSON.stringify(e).includes(KEY) && !String((e as Error).message).includes(KEY),
        "the key never reaches the error",
      );
    } finally {
      await srv.close();
    }
  });

  it("downloads an inbound image by its URL with the key; a URL on another host gets no key", async () => {
    const srv = await mockServer(() => ({ headers: { "content-type": "image/jpeg" }, body: JPEG.toString("latin1") }));
    const other = await mockServer(() => ({ headers: { "content-type": "image/jpeg" }, body: "x" }));
    try {
      const [event] = parseWebhook(fx.infobipInboundImage(srv.url), { provider: "infobip" }) as WebhookMessageEvent[];
      const media = event?.message.type === "image" ? event.message.media : undefined;
      ok(media, "the webhook's image has its media");
      const wa = whatsapp({ provider: withMedia(infobip({ baseUrl: srv.url, apiKey: KEY, from: "447796344125" })) });
      const res = await wa.download(media);
      equal(res.headers.get("content-type"), "image/jpeg");
      await res.arrayBuffer();
      equal(srv.seen[0]!.method, "GET");
      equal(srv.seen[0]!.url, "/whatsapp/1/senders/447796344125/media/f1b96d31-9ab9-4513-808b-50ab37360fbe");
      equal(srv.seen[0]!.headers.authorization, `App ${KEY}`);
      await (await wa.download({ url: `${other.url}/whatsapp/1/senders/447796344125/media/1` })).arrayBuffer();
      equal(other.seen[0]!.headers.authorization, undefined);
      // Without withMedia() the client has no download, and says where it is.
      const plain = whatsapp({ provider: infobip({ baseUrl: srv.url, apiKey: KEY, from: "447796344125" }) });
      await rejects(() => plain.download(media), hasCode("UNSUPPORTED", /withMedia\(provider\)/));
      equal(srv.seen.length, 1);
    } finally {
      await srv.close();
      await other.close();
    }
  });
});

describe("Kaleyra: read receipts", () => {
  it("markRead posts Meta's status body in messaging_object to the messages URL with the api-key", async () => {
    const srv = await mockServer(() => ({ body: { data: { message_id: "x" } } }));
    try {
      const wa = whatsapp({
        provider: kaleyraAt(srv.url),
      });
      const id = fx.kaleyraReadReceipt.body.messaging_object.message_id;
      const result = await wa.markRead(id);
      equal(result.status, "accepted");
      equal(srv.seen[0]!.url, "/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages");
      equal(srv.seen[0]!.headers["api-key"], "kaleyra-key-0123456789");
      deepEqual(JSON.parse(srv.seen[0]!.body), fx.kaleyraReadReceipt.body);
      await rejects(() => wa.typing(id), hasCode("UNSUPPORTED", /Kaleyra documents read receipts only/));
      equal(srv.seen.length, 1);
    } finally {
      await srv.close();
    }
  });
});

describe("providers that document no media download", () => {
  it("Kaleyra, Bik and Zixflow given withMedia() refuse download() with their reason, before any I/O", async () => {
    const srv = await mockServer(() => ({ body: "" }));
    try {
      for (const [provider, reason] of [
        [kaleyraAt(srv.url), /Kaleyra's documentation gives no endpoint/],
        [bik({ authToken: "bik-token-0123456789" }), /Bik's documentation gives no endpoint/],
        [
          zixflow({ apiKey: "zixflow-key-0123456789", phoneId: "123456789" }),
          /Zixflow's documentation gives no endpoint/,
        ],
      ] as const) {
        const wa = whatsapp({ provider: withMedia(provider) });
        await rejects(() => wa.download({ id: "1", url: `${srv.url}/m` }), hasCode("UNSUPPORTED", reason));
      }
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });
});
