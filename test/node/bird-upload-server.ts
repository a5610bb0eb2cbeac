// A mock of Bird's pre-signed upload on 127.0.0.1, as Bird documents it
// (https://docs.bird.com/api/conversations-api/api-reference/conversations-messaging/create-pre-signed-upload):
// POST …/presigned-upload answers { mediaUrl, uploadUrl, uploadMethod, uploadFormData }, the
// storage's uploadUrl (here `/bucket`) answers 204, and the message send answers 202.
import { mockServer } from "./server.ts";

/** The server, answering `mediaUrl` and `uploadFormData` for each upload asked for. */
export async function birdUploadServer(mediaUrl: string, uploadFormData: Record<string, string>) {
  let base = "";
  const srv = await mockServer((s) =>
    s.url.endsWith("/presigned-upload")
      ? { body: { mediaUrl, uploadUrl: `${base}/bucket`, uploadMethod: "POST", uploadFormData } }
      : s.url === "/bucket"
        ? { status: 204 }
        : { status: 202, body: { id: "6f6e4d0e-8d0f-4b7a-9c3e-2a1b0c9d8e7f", status: "accepted" } },
  );
  base = srv.url;
  return srv;
}
