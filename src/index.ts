/**
 * wafluent: write a WhatsApp message once, send it through any provider, from any runtime.
 * @example
 * import { whatsapp, sandbox } from "wafluent";
 * const wa = whatsapp({ provider: sandbox() });
 * await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * @module
 */
// What a page needs (builder, validation, fit, errors, proxy(), sandbox()) is listed once, in
// src/browser.ts (the browser CDN file's entry); below it, what only a server uses.
export * from "./browser.ts";
export { bik, type BikConfig, type BikCredentials, type BikOptions, type BikProvider } from "./providers/bik/index.ts";
export { zixflow, type ZixflowConfig, type ZixflowOptions, type ZixflowProvider } from "./providers/zixflow/index.ts";
export { verifyWebhook, type VerifyOptions } from "./webhooks/verify.ts";
export { parseWebhook, type ParseOptions } from "./webhooks/parse.ts";
export {
  createWebhookHandler,
  type WaitUntil,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from "./webhooks/handler.ts";
export type {
  DeliveryStatus,
  InboundContent,
  InboundMedia,
  WebhookMessageEvent,
  WebhookStatusEvent,
  WebhookIdentityEvent,
  WebhookUnknownEvent,
  WebhookError,
  WebhookEvent,
  WebhookProvider,
} from "./webhooks/events.ts";
export {
  createProxyHandler,
  PROXY_BROWSER_OPTIONS,
  type AuthorizeResult,
  type BrowserOptionPolicy,
  type ProxyHandlerOptions,
  type ProxySendEvent,
} from "./proxy-handler.ts";
export {
  cloudApi,
  type CloudApiConfig,
  type CloudApiOptions,
  type CloudApiProvider,
} from "./providers/cloud-api/index.ts";
export {
  kaleyra,
  KALEYRA_HOSTS,
  KALEYRA_REF_MAX,
  type KaleyraConfig,
  type KaleyraMessageOptions,
  type KaleyraOptions,
  type KaleyraProvider,
  type KaleyraPod,
} from "./providers/kaleyra/index.ts";
export {
  bird,
  parseServiceWindow,
  type BirdConfig,
  type BirdMedia,
  type BirdOptions,
  type BirdProvider,
  type ServiceWindow,
  type ServiceWindowOptions,
} from "./providers/bird/index.ts";
export {
  enqueue,
  createQueueConsumer,
  memoryDedupe,
  kvDedupe,
  idempotencyKey,
  QUEUE_BATCH_MESSAGES,
  QUEUE_BATCH_BYTES,
  QUEUE_MESSAGE_BYTES,
  type DedupeStore,
  type Enqueueable,
  type EnqueueOptions,
  type EnqueueReport,
  type KvLike,
  type QueueBatch,
  type QueueConsumerOptions,
  type QueueDelivery,
  type QueuedMessage,
  type QueueProducer,
  type QueueResult,
} from "./queue.ts";
