// Issue 18 (item 6): one naming rule for every provider. `XConfig` is a factory's settings,
// `XOptions` a message's options, and every factory returns its own `XProvider` whose `name` is a
// literal. The old names of settings stay as deprecated aliases for one minor version.
// Checked by running tsc over a snippet that uses the names (a missing or mistyped name fails it).
import { describe, it, deepEqual } from "../harness.ts";
import { tscErrors } from "./tsc.ts";

const root = new URL("../../", import.meta.url).pathname;

const SNIPPET = `
import {
  bik, bird, cloudApi, dialog360, kaleyra, proxy, sandbox, zixflow,
  type Dialog360Config, type Dialog360Provider,
  type BikConfig, type BikProvider, type BirdConfig, type BirdProvider, type CloudApiConfig, type CloudApiProvider,
  type KaleyraConfig, type KaleyraProvider, type ProxyConfig, type ProxyProvider, type SandboxConfig, type SandboxProvider,
  type ZixflowConfig, type ZixflowProvider, type CloudApiOptions, type KaleyraOptions, type ProxyOptions, type SandboxOptions,
} from "${root}src/index.ts";

const kc: KaleyraConfig = { apiKey: "k", sid: "s", from: "+31612345678", pod: "eu" };
const cc: CloudApiConfig = { accessToken: "t", phoneNumberId: "1" };
const pc: ProxyConfig = { url: "/api/whatsapp" };
const sc: SandboxConfig = {};
const bc: BikConfig = { authToken: "t" };
const dc: BirdConfig = { accessKey: "k", workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90", channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f" };
const zc: ZixflowConfig = { apiKey: "k", phoneId: "p" };
const xc: Dialog360Config = { apiKey: "k" };
// The deprecated names still type the same settings.
const old: [KaleyraOptions, CloudApiOptions, ProxyOptions, SandboxOptions] = [kc, cc, pc, sc];

const k: KaleyraProvider = kaleyra(kc);
const c: CloudApiProvider = cloudApi(cc);
const p: ProxyProvider = proxy(pc);
const s: SandboxProvider = sandbox(sc);
const b: BikProvider = bik(bc);
const d: BirdProvider = bird(dc);
const z: ZixflowProvider = zixflow(zc);
const x: Dialog360Provider = dialog360(xc);
const names: ["kaleyra", "cloudApi", "proxy", "sandbox" | string, "bik", "bird", "zixflow", "dialog360"] = [k.name, c.name, p.name, s.name, b.name, d.name, z.name, x.name];
export { old, names };
`;

describe("provider names (issue 18)", () => {
  it("every factory takes XConfig and returns XProvider with a literal name; old settings names are aliases", () => {
    deepEqual(tscErrors({ "names.ts": SNIPPET }, { allowImportingTsExtensions: true }), []);
  });
});
