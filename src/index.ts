/**
 * wafluent: write a WhatsApp message once, send it through any provider, from any runtime.
 * @example
 * import { whatsapp, sandbox } from "wafluent";
 * const wa = whatsapp({ provider: sandbox() });
 * await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * @module
 */
export { whatsapp, type Client, type ClientOptions } from "./client.ts";
export { message, type MessageBuilders } from "./unbound.ts";
export type {
  AtLeastOne,
  Builders,
  Bulk,
  BulkEntry,
  ButtonInput,
  ButtonsOptions,
  CheckResult,
  ContactInput,
  Draft,
  HeaderInput,
  FooterDraft,
  InteractiveDraft,
  MediaArg,
  ProductSectionInput,
  RowInput,
  SectionInput,
  TemplateOptions,
  TemplateParamInput,
  TextDraft,
  ToOptions,
} from "./builder.ts";
export { fit, fitMessage, DEFAULT_LIST_LABEL, type Fit, type FitOptions, type Fitted, type Overflow } from "./fit.ts";
export { Outgoing, type BulkOptions, type BulkProgress, type BulkResult, type Warning } from "./outgoing.ts";
export {
  WaError,
  ValidationError,
  UnsupportedError,
  ProviderError,
  isWaError,
  isValidationError,
  isProviderError,
  isUnsupportedError,
  type Issue,
  type ProviderErrorInfo,
  type WaErrorCode,
} from "./errors.ts";
export type * from "./message.ts";
export type { HttpRequest, Provider, ProviderAnswer, SendResult, SendStatus } from "./provider.ts";
export type { RetryPolicy, SendOptions, TransportOptions } from "./transport.ts";
export { checkMessage, validateMessage, type Checked } from "./validate.ts";
export * from "./schemas/index.ts";
export { sandbox, type SandboxConfig, type SandboxOptions, type SandboxProvider } from "./providers/sandbox/index.ts";
export { bik, type BikConfig, type BikCredentials, type BikOptions, type BikProvider } from "./providers/bik/index.ts";
export { zixflow, type ZixflowConfig, type ZixflowOptions, type ZixflowProvider } from "./providers/zixflow/index.ts";
export { verifyWebhook, type VerifyOptions } from "./webhooks/verify.ts";
export { parseWebhook, type ParseOptions } from "./webhooks/parse.ts";
export { createWebhookHandler, type WaitUntil, type WebhookHandler, type WebhookHandlerOptions } from "./webhooks/handler.ts";
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
export type { Addressed, ReplyBuilders, ReplyTarget } from "./webhooks/reply.ts";
export {
  createProxyHandler,
  PROXY_BROWSER_OPTIONS,
  type AuthorizeResult,
  type BrowserOptionPolicy,
  type ProxyHandlerOptions,
  type ProxySendEvent,
} from "./proxy-handler.ts";
export { proxy, type ProxyConfig, type ProxyOptions, type ProxyProvider } from "./providers/proxy/index.ts";
export { cloudApi, type CloudApiConfig, type CloudApiOptions, type CloudApiProvider } from "./providers/cloud-api/index.ts";
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
