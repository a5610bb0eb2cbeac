import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import { KINDS } from "../message.ts";
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

/** Any neutral message, discriminated by `type`. */
export const MessageSchema = /* @__PURE__ */ lazy(() =>
  v.variant(
    "type",
    [
      built(TextMessageSchema),
      built(ImageMessageSchema),
      built(VideoMessageSchema),
      built(AudioMessageSchema),
      built(DocumentMessageSchema),
      built(StickerMessageSchema),
      built(LocationMessageSchema),
      built(ContactsMessageSchema),
      built(ReactionMessageSchema),
      built(ButtonsMessageSchema),
      built(ListMessageSchema),
      built(LinkMessageSchema),
      built(LocationRequestMessageSchema),
      built(TemplateMessageSchema),
      built(ProductMessageSchema),
      built(ProductListMessageSchema),
      built(CatalogMessageSchema),
      built(FlowMessageSchema),
    ],
    (i) =>
      i.expected === "Object"
        ? `must be a message object; received ${i.received}.`
        : `is ${i.received}; a message type is one of ${KIND_NAMES}.`,
  ),
);
/** Input of {@link MessageSchema}. */
export type MessageInput = v.InferInput<typeof MessageSchema>;
