/**
 * wafluent: write a WhatsApp message once, send it through any provider, from any runtime.
 * @example
 * import { whatsapp, sandbox } from "wafluent";
 * const wa = whatsapp({ provider: sandbox() });
 * await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * @module
 */
export { whatsapp, type Client, type ClientOptions } from "./client.ts";
export {
  message,
  type AtLeastOne,
  type Builders,
  type Bulk,
  type BulkEntry,
  type ButtonInput,
  type ButtonsOptions,
  type CheckResult,
  type Draft,
  type HeaderInput,
  type InteractiveDraft,
  type MediaArg,
  type RowInput,
  type SectionInput,
  type TemplateOptions,
  type TemplateParamInput,
  type TextDraft,
} from "./builder.ts";
export { Outgoing, type BulkOptions, type BulkResult, type Warning } from "./outgoing.ts";
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
export type { SendOptions, TransportOptions } from "./transport.ts";
export { checkMessage, validateMessage, type Checked } from "./validate.ts";
export * from "./schemas/index.ts";
export { sandbox, type SandboxOptions, type SandboxProvider } from "./providers/sandbox.ts";
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
