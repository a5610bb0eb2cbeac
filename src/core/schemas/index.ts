/** The message schemas, one per kind, with their input types. @module */
export { ButtonSchema, ButtonsMessageSchema, type ButtonsMessageInput } from "./buttons.ts";
export { CatalogMessageSchema, type CatalogMessageInput } from "./catalog.ts";
export { FlowMessageSchema, FlowSchema, type FlowMessageInput } from "./flow.ts";
export { ProductMessageSchema, type ProductMessageInput } from "./product.ts";
export { ProductListMessageSchema, ProductSectionSchema, type ProductListMessageInput } from "./product-list.ts";
export { ContactSchema, ContactsMessageSchema, type ContactsMessageInput } from "./contacts.ts";
export { RecipientSchema } from "./envelope.ts";
export { HeaderSchema } from "./interactive.ts";
export { LinkMessageSchema, type LinkMessageInput } from "./link.ts";
export { ListMessageSchema, ListRowSchema, ListSectionSchema, type ListMessageInput } from "./list.ts";
export { LocationRequestMessageSchema, type LocationRequestMessageInput } from "./location-request.ts";
export { LocationMessageSchema, type LocationMessageInput } from "./location.ts";
export {
  AudioMessageSchema,
  DocumentMessageSchema,
  ImageMessageSchema,
  StickerMessageSchema,
  VideoMessageSchema,
  type AudioMessageInput,
  type DocumentMessageInput,
  type ImageMessageInput,
  type StickerMessageInput,
  type VideoMessageInput,
} from "./media.ts";
export { MediaSchema, type MediaInput } from "./common.ts";
export { MessageSchema, type MessageInput } from "./message.ts";
export { ReactionMessageSchema, type ReactionMessageInput } from "./reaction.ts";
export {
  TemplateMessageSchema,
  TemplateParamSchema,
  TemplateButtonSchema,
  type TemplateMessageInput,
} from "./template.ts";
export { TextMessageSchema, type TextMessageInput } from "./text.ts";
export { LIMITS } from "./limits.ts";
