// A misspelt setting or provider option is a type error, not an ignored key (the run-time checks
// refuse the same keys for plain JavaScript: test/node/unknown-settings.test.ts). Each
// `@ts-expect-error` is followed by text the error on the next line must contain.
import { bird, cloudApi, dialog360, message, sandbox, whatsapp } from "wafluent";

const to = "+31612345678";
const wa = whatsapp({ provider: sandbox() });

// Provider keys of .options(): only providers that declare per-message options.
// @ts-expect-error 'cloudapi' does not exist in type 'ProviderOptions'
wa.text("Hi").options({ cloudapi: { anything: 1 } });
// @ts-expect-error 'Bird' does not exist in type 'ProviderOptions'
message.text("Hi").options({ Bird: { projectId: "p" } });
// @ts-expect-error 'cloudApi' does not exist in type 'ProviderOptions'
wa.text("Hi").options({ cloudApi: {} });
// @ts-expect-error 'dialog360' does not exist in type 'ProviderOptions'
wa.text("Hi").options({ dialog360: {} });
// And each provider's own option keys.
// @ts-expect-error 'projctId' does not exist in type 'BirdOptions'
wa.text("Hi").options({ bird: { projctId: "p" } });

// Factory and client settings.
// @ts-expect-error 'baseURL' does not exist in type 'CloudApiConfig'
cloudApi({ accessToken: "t", phoneNumberId: "1", baseURL: "http://127.0.0.1:8080" });
// @ts-expect-error 'apiKEY' does not exist in type 'Dialog360Config'
dialog360({ apiKey: "k", apiKEY: "x" });
// @ts-expect-error 'fial' does not exist in type 'SandboxConfig'
sandbox({ fial: () => undefined });
// @ts-expect-error 'timout' does not exist in type 'ClientOptions'
whatsapp({ provider: sandbox(), timout: 5000 });

// The right keys compile.
wa.text("Hi").options({ bird: { projectId: "p" }, bik: { templateId: "t" }, zixflow: { source: "API" }, kaleyra: { waSource: "api" } });
bird({ accessKey: "k", workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90", channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f", baseUrl: "http://127.0.0.1:8080" });
wa.text("Hi").to(to, { overflow: "truncate" });
