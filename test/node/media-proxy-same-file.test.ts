// One file object in two places of one message (an album of the same picture) through proxy():
// the page posts the file once and the handler uploads it once; the handler's answer names each
// place, and the page takes it, so the message is sent with the one upload in both places
// instead of failing with "not the 1 upload it was asked for". Bird's pre-signed upload as in
// media-bird.test.ts (https://docs.bird.com/api/conversations-api/api-reference/conversations-messaging/create-pre-signed-upload).
import { createProxyHandler, proxy, whatsapp } from "../../src/index.ts";
import { bird } from "../../src/providers/bird/index.ts";
import { withMedia } from "../../src/media.ts";
import { deepEqual, describe, equal, it } from "../harness.ts";
import { birdUploadServer } from "./bird-upload-server.ts";
import { png } from "./media-bytes.ts";

const WS = "a1405560-c8d3-4b1a-877d-3f449ad95352";
const CH = "cb4b1ebc-34e6-5a7a-a375-f6f2f131d88f";
const CONVERSATION = "02ec2ac2-ebec-42d3-a5f4-e6f3a9edf418";
const MEDIA_URL = `https://media.api.bird.com/workspaces/${WS}/conversations/${CONVERSATION}/media/e867a2ac-2df5-40be-a5d4-e452d7156048`;

describe("proxy(): one file object in two places of a message", () => {
  it("is posted and uploaded once, and both places name the upload", async () => {
    const srv = await birdUploadServer(MEDIA_URL, {});
    try {
      const handler = createProxyHandler({
        provider: withMedia(bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url })),
        authorize: () => true,
        allowOptions: { bird: ["conversationId"] },
      });
      const posts: string[] = [];
      const wa = whatsapp({
        provider: withMedia(proxy({ url: "https://shop.example/api/whatsapp" })),
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const request = new Request(input, init);
          posts.push(request.headers.get("content-type")?.split(";")[0] ?? "");
          return handler(request);
        },
      });
      const file = new File([png(2048)], "same.png", { type: "image/png" });
      const res = await wa
        .image([{ file }, { file }])
        .options({ bird: { conversationId: CONVERSATION } })
        .to("+31612345678");
      equal(res.status, "accepted");
      deepEqual(
        res.uploads?.map((u) => [u.path, u.media]),
        [
          ["media[0]", { url: MEDIA_URL }],
          ["media[1]", { url: MEDIA_URL }],
        ],
      );
      deepEqual(posts, ["multipart/form-data", "application/json"]);
      equal(srv.seen.filter((s) => s.url === "/bucket").length, 1);
    } finally {
      await srv.close();
    }
  });
});
