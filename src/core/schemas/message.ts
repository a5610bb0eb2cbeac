import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import { KINDS, type Kind } from "../message.ts";
import { ButtonsMessageSchema } from "./buttons.ts";
import { CatalogMessageSchema } from "./catalog.ts";
import { FlowMessageSchema } from "./flow.ts";
import { ProductListMessageSchema } from "./product-list.ts";
import { ProductMessageSchema } from "./product.ts";
import { ContactsMessageSchema } from "./contacts.ts";
import { LinkMessageSchema } from "./link.ts";
import { ListMessageSchema } from "./list.ts";
import { LocationRequestMessageSchema } from "./location-request.ts";
import { LocationMessageSchema } from "./location.ts";
import {
  AudioMessageSchema,
  DocumentMessageSchema,
  ImageMessageSchema,
  StickerMessageSchema,
  VideoMessageSchema,
} from "./media.ts";
import { ReactionMessageSchema } from "./reaction.ts";
import { TemplateMessageSchema } from "./template.ts";
import { TextMessageSchema } from "./text.ts";

/** The kinds as the error text lists them. */
const KIND_NAMES = /* @__PURE__ */ KINDS.join(", ");

/**
 * The schema of each kind, keyed by {@link Kind}: a kind added to `KINDS` does not compile until
 * it has its schema here, and each schema's `type` must be its own kind.
 */
const BY_KIND = {
  text: TextMessageSchema,
  image: ImageMessageSchema,
  video: VideoMessageSchema,
  audio: AudioMessageSchema,
  document: DocumentMessageSchema,
  sticker: StickerMessageSchema,
  location: LocationMessageSchema,
  contacts: ContactsMessageSchema,
  reaction: ReactionMessageSchema,
  buttons: ButtonsMessageSchema,
  list: ListMessageSchema,
  link: LinkMessageSchema,
  locationRequest: LocationRequestMessageSchema,
  template: TemplateMessageSchema,
  product: ProductMessageSchema,
  productList: ProductListMessageSchema,
  catalog: CatalogMessageSchema,
  flow: FlowMessageSchema,
} satisfies { [K in Kind]: v.GenericSchema<{ type: K }> };

/** Any neutral message, discriminated by `type`: the variant of every kind's schema, in the order of `KINDS`. */
export const MessageSchema = /* @__PURE__ */ lazy(() =>
  v.variant(
    "type",
    KINDS.map((kind): (typeof BY_KIND)[Kind] => built(BY_KIND[kind])),
    (i) =>
      i.expected === "Object"
        ? `must be a message object; received ${i.received}.`
        : `is ${i.received}; a message type is one of ${KIND_NAMES}.`,
  ),
);
/** Input of {@link MessageSchema}. */
export type MessageInput = v.InferInput<typeof MessageSchema>;
