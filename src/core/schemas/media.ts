import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import { list, MediaSchema, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

const noCaption = (kind: string) =>
  v.check<{ caption?: string }[], string>(
    (items) => items.every((m) => m.caption === undefined),
    `carries a caption; WhatsApp shows no caption on ${kind}. Send the text as its own message.`,
  );
const noFilename = (kind: string) =>
  v.check<{ filename?: string }[], string>(
    (items) => items.every((m) => m.filename === undefined),
    `carries a filename; only documents have one on WhatsApp. Remove it from the ${kind}.`,
  );
const one = (kind: string) => list(built(MediaSchema), 1, 1, "files", `Send each ${kind} as its own message.`);

/** An image message: 1 image (up to 10 for providers that send albums), caption ≤ 1024. */
export const ImageMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("image"),
      media: v.pipe(
        list(built(MediaSchema), 1, LIMITS.images, "images", "Split them over several messages."),
        noFilename("image"),
      ),
    },
    "an image message",
  ),
);
/** A video message: one video, caption ≤ 1024. */
export const VideoMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    { ...envelope(), type: v.literal("video"), media: v.pipe(one("video"), noFilename("video")) },
    "a video message",
  ),
);
/** An audio message: one file, no caption. */
export const AudioMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    { ...envelope(), type: v.literal("audio"), media: v.pipe(one("audio"), noCaption("audio"), noFilename("audio")) },
    "an audio message",
  ),
);
/** A document message: one file, caption ≤ 1024, optional filename. */
export const DocumentMessageSchema = /* @__PURE__ */ lazy(() =>
  strict({ ...envelope(), type: v.literal("document"), media: one("document") }, "a document message"),
);
/** A sticker message: one webp file, no caption. */
export const StickerMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("sticker"),
      media: v.pipe(one("sticker"), noCaption("stickers"), noFilename("sticker")),
    },
    "a sticker message",
  ),
);
/** Input of {@link ImageMessageSchema}. */
export type ImageMessageInput = v.InferInput<typeof ImageMessageSchema>;
/** Input of {@link VideoMessageSchema}. */
export type VideoMessageInput = v.InferInput<typeof VideoMessageSchema>;
/** Input of {@link AudioMessageSchema}. */
export type AudioMessageInput = v.InferInput<typeof AudioMessageSchema>;
/** Input of {@link DocumentMessageSchema}. */
export type DocumentMessageInput = v.InferInput<typeof DocumentMessageSchema>;
/** Input of {@link StickerMessageSchema}. */
export type StickerMessageInput = v.InferInput<typeof StickerMessageSchema>;
