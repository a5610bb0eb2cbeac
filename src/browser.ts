/**
 * wafluent for the browser page: the builder, validation, `fit`, the errors, `proxy()` (send
 * through your own server's `createProxyHandler`, which holds the keys) and `sandbox()` (send
 * nowhere, for demos and tests). Built into `dist/cdn/wafluent.browser.min.js` with ky and
 * valibot inlined. What only a server uses is left out: the providers that hold keys (Bird,
 * Kaleyra, Bik, Zixflow, Cloud API), webhooks, queues and `createProxyHandler`; import those
 * from `"wafluent"` (or the everything file, `dist/cdn/wafluent.min.js`) on the server.
 * @example
 * import { whatsapp, proxy } from "https://cdn.jsdelivr.net/npm/wafluent/dist/cdn/wafluent.browser.min.js";
 * const wa = whatsapp({ provider: proxy({ url: "/api/whatsapp", headers: { authorization: `Bearer ${token}` } }) });
 * await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * @module
 */
export { whatsapp, type Client, type ClientOptions, type TemplatedClient } from "./send/client.ts";
export { message, type MessageBuilders } from "./send/unbound.ts";
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
} from "./send/draft-types.ts";
export {
  fit,
  fitMessage,
  DEFAULT_LIST_LABEL,
  type Fit,
  type FitOptions,
  type Fitted,
  type Overflow,
} from "./core/fit.ts";
export { Outgoing, type Warning } from "./send/outgoing.ts";
export { BulkError, isBulkError, type BulkOptions, type BulkProgress, type BulkResult } from "./send/bulk.ts";
export {
  WaError,
  ValidationError,
  UnsupportedError,
  ProviderError,
  isWaError,
  isValidationError,
  isProviderError,
  isUnsupportedError,
  MAX_ISSUES,
  type Issue,
  type ProviderErrorInfo,
  type WaErrorCode,
} from "./core/errors.ts";
export type * from "./core/message.ts";
export type {
  ActionRequest,
  ConversationAction,
  DownloadContext,
  DownloadOptions,
  HttpRequest,
  MediaRef,
  MediaRequest,
  Provider,
  ProviderAnswer,
  SendResult,
  SendStatus,
} from "./send/provider.ts";
export type { ActionTarget } from "./send/actions.ts";
export type { ProviderNumbers } from "./send/numbers.ts";
export type { RetryPolicy, TransportOptions } from "./send/transport-options.ts";
export type { SendOptions } from "./send/sender.ts";
export { checkMessage, validateMessage, type Checked } from "./core/validate.ts";
export * from "./core/schemas/index.ts";
export type { Addressed, ReplyBuilders, ReplyTarget } from "./send/reply.ts";
export { proxy, type ProxyConfig, type ProxyOptions, type ProxyProvider } from "./providers/proxy/index.ts";
export { sandbox, type SandboxConfig, type SandboxOptions, type SandboxProvider } from "./providers/sandbox/index.ts";
