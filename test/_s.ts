import { bird } from "../src/index.ts";
import { registeredSecrets } from "../src/secrets.ts";
for (const k of ["k-123456", "abcdefghijklmnopqrstuvwxyz0123456789ABCD", "AccessKey abc-123456"]) {
  const p = bird({ accessKey: k, workspaceId: "ws-1", channelId: "ch-1" });
  console.log(k, registeredSecrets(p).filter((f) => "Check the access key (sent as `AccessKey <key>`).".includes(f)));
}
