// A provider of your own declares its per-message options by declaration merging, and then
// `.options({ <name>: … })` type-checks its keys like the built-in providers'.
import { sandbox, whatsapp } from "wafluent";

declare module "wafluent" {
  interface ProviderOptions {
    gateway?: { priority?: number };
  }
}

const wa = whatsapp({ provider: sandbox() });
wa.text("Hi").options({ gateway: { priority: 1 } });
// @ts-expect-error 'priorty' does not exist
wa.text("Hi").options({ gateway: { priorty: 1 } });
