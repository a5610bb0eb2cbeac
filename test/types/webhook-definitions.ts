// Webhook definitions (issue 24): the events' `provider` is the definition's name, the built-in
// names keep their events typed as before, and a provider name must be a built-in one or a
// definition made with defineWebhooks (a plain string is refused by the compiler).
import {
  createWebhookHandler,
  parseWebhook,
  verifyWebhook,
  type WebhookEvent,
  type WebhookMessageEvent,
  type WebhookProvider,
} from "wafluent";
import { defineWebhooks, formReader, hmacSignature, type WebhookDefinition } from "wafluent/provider-kit";

const gateway = defineWebhooks({
  name: "gateway",
  secretHint: "the gateway's webhook key",
  verify: hmacSignature({ header: "x-gateway-signature", hash: "SHA-1", encoding: "base64" }),
  read: formReader((f) => [{ type: "unknown", provider: "gateway", raw: f }]),
});
const def: WebhookDefinition<"gateway"> = gateway;

// Events carry the definition's name; a built-in name gives the built-in events.
const mine: WebhookEvent<"gateway">[] = parseWebhook("a=1", { provider: def });
const theirs: WebhookEvent[] = parseWebhook("{}", { provider: "cloudApi" });
const tag: "gateway" = mine[0]!.provider;
const builtIn: WebhookProvider = theirs[0]!.provider;
declare const request: Request;
const verified: Promise<boolean> = verifyWebhook(request, { provider: gateway, secret: "k" });
createWebhookHandler({
  provider: gateway,
  secret: "k",
  onMessage: (e) => {
    const p: "gateway" = e.provider;
    return p;
  },
});
createWebhookHandler({
  provider: "bird",
  secret: "k",
  onMessage: (e: WebhookMessageEvent) => e.provider,
});

// @ts-expect-error Type '"gateway"' is not assignable to type '"cloudApi"'
const wrong: WebhookEvent<"cloudApi">[] = parseWebhook("a=1", { provider: gateway });
// @ts-expect-error is not assignable to type 'WebhookProvider | WebhookDefinition<
parseWebhook("{}", { provider: "gatewy" });
defineWebhooks({
  name: "gateway",
  secretHint: "k",
  // @ts-expect-error Type '"other"' is not assignable to type '"gateway"'
  read: formReader((f) => [{ type: "unknown", provider: "other", raw: f }]),
});

export { builtIn, tag, verified, wrong };
