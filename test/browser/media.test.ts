// Chromium: a page sends a file picked in a real <input type=file> through withMedia(proxy()) to
// the createProxyHandler of the dev server (test/browser/server.mjs), whose provider uploads it
// with the server's key to a mock Cloud API on 127.0.0.1 (Meta's multipart fields:
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media), then
// sends the image by the id. The page never holds the key.
import { describe, it, ok, equal, deepEqual } from "../harness.ts";
import { whatsapp, proxy } from "../../src/index.ts";
import { withMedia } from "../../src/media.ts";

/** A PNG of `n` bytes, picked in a real <input type=file>. */
function pick(n: number, name: string): { input: HTMLInputElement; file: File; bytes: Uint8Array } {
  const bytes = new Uint8Array(n);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 17) & 0xff;
  const input = document.createElement("input");
  input.type = "file";
  document.body.append(input);
  const picked = new DataTransfer();
  picked.items.add(new File([bytes], name, { type: "image/png" }));
  input.files = picked.files;
  return { input, file: input.files![0]!, bytes };
}
const sum = (bytes: Uint8Array) => bytes.reduce((a, b) => (a + b) % 65521, 0);

describe("chromium: media from bytes through the proxy", () => {
  it("a file from <input type=file> is posted, uploaded on the server and sent", async () => {
    await fetch("/api/test/media-seen");
    const { input, file, bytes } = pick(20_000, "shop-photo.png");

    const wa = whatsapp({
      provider: withMedia(proxy({ url: "/api/whatsapp-media", headers: { authorization: "Bearer demo-token" } })),
    });
    const res = await wa.image({ file, caption: "From the shop" }).to("+31612345678");
    equal(res.id, "wamid.C");
    equal(res.provider, "cloudApi");
    deepEqual(res.uploads, [{ path: "media[0]", bytes: 20_000, media: { id: "1166846181421424" }, reused: false }]);
    ok(!JSON.stringify(res).includes("EAAG-server-key"), "the page never sees the key");

    const seen = await (await fetch("/api/test/media-seen")).json();
    deepEqual(
      seen.map((s: { url: string }) => s.url),
      ["/v23.0/106540352242922/media", "/v23.0/106540352242922/messages"],
    );
    equal(seen[0].authorization, "Bearer EAAG-server-key");
    deepEqual(seen[0].fields, { messaging_product: "whatsapp", type: "image/png" });
    deepEqual(seen[0].file, {
      name: "shop-photo.png",
      type: "image/png",
      size: 20_000,
      sum: sum(bytes),
    });
    deepEqual(seen[1].json.image, { id: "1166846181421424", caption: "From the shop" });
    input.remove();
  });

  it("a bulk send of a picked file uploads it once on the server, then sends it by id to each recipient", async () => {
    await fetch("/api/test/media-seen");
    const { input, file } = pick(9_000, "flyer.png");
    const wa = whatsapp({
      provider: withMedia(proxy({ url: "/api/whatsapp-media", headers: { authorization: "Bearer demo-token" } })),
    });
    const to = ["+31612345678", "+31612345679", "+31612345670"];
    const results = await wa.image({ file, caption: "Flyer" }).to(to);
    deepEqual(
      results.map((r) => r.ok),
      [true, true, true],
    );
    const seen = await (await fetch("/api/test/media-seen")).json();
    const urls = seen.map((s: { url: string }) => s.url);
    equal(urls.filter((u: string) => u.endsWith("/media")).length, 1);
    equal(urls.filter((u: string) => u.endsWith("/messages")).length, 3);
    for (const s of seen.slice(1)) deepEqual(s.json.image, { id: "1166846181421424", caption: "Flyer" });
    input.remove();
  });

  it("a picked file goes through the proxy to Bird's pre-signed upload, then is sent by its media URL", async () => {
    await fetch("/api/test/media-seen");
    const { input, file, bytes } = pick(12_345, "menu.png");
    const wa = whatsapp({
      provider: withMedia(proxy({ url: "/api/whatsapp-bird", headers: { authorization: "Bearer demo-token" } })),
    });
    const res = await wa
      .image({ file, caption: "Menu" })
      .options({ bird: { conversationId: "02ec2ac2-ebec-42d3-a5f4-e6f3a9edf418" } })
      .to("+31612345678");
    equal(res.provider, "bird");
    const seen = await (await fetch("/api/test/media-seen")).json();
    deepEqual(
      seen.map((s: { url: string }) => s.url),
      [
        "/workspaces/a1405560-c8d3-4b1a-877d-3f449ad95352/conversations/02ec2ac2-ebec-42d3-a5f4-e6f3a9edf418/presigned-upload",
        "/bucket",
        "/workspaces/a1405560-c8d3-4b1a-877d-3f449ad95352/channels/cb4b1ebc-34e6-5a7a-a375-f6f2f131d88f/messages",
      ],
    );
    equal(seen[0].authorization, "AccessKey bird-server-key");
    deepEqual(seen[0].json, { contentType: "image/png" });
    equal(seen[1].authorization, undefined);
    deepEqual(seen[1].fields, ["Content-Type", "acl", "key", "file"]);
    deepEqual(seen[1].file, { name: "menu.png", type: "image/png", size: 12_345, sum: sum(bytes) });
    ok(JSON.stringify(seen[2].json).includes("/media/e867a2ac-2df5-40be-a5d4-e452d7156048"), "sent by the media URL");
    input.remove();
  });
});
