/**
 * Compiles a validated neutral message to Bird's `CreateMessage` body (the mapping is described in
 * ./index.ts).
 * @module
 */
import { type Issue, UnsupportedError, ValidationError } from "../../core/errors.ts";
import type { Header, Json, Media, Message } from "../../core/message.ts";
import { isBsuid } from "../../core/recipient.ts";
import { type BirdMedia, type BirdOptions, BCP47, BIRD, checkOptions, UUID } from "./options.ts";
import { guessContentType } from "./media.ts";
import { NAME, SUPPORT } from "./support.ts";
import { refuseRest } from "../_kit/support.ts";

type Obj = { [key: string]: Json };

/** Compiles a validated message to Bird's `CreateMessage` body. @internal */
export function compileBody(m: Message): Obj {
  const issues: Issue[] = [];
  const opts = checkOptions(m, issues);
  // A BSUID is Bird's `whatsappbsuid` identifier (Bird's "Business-scoped user IDs" page).
  const identifierKey = isBsuid(m.to) ? "whatsappbsuid" : "phonenumber";
  const out: Obj = { receiver: { contacts: [{ identifierKey, identifierValue: m.to }] } };
  if (m.type === "template") out.template = template(m, opts, issues);
  else out.body = body(m, opts, issues);
  if (m.replyTo !== undefined) out.replyTo = { id: m.replyTo, type: "message" };
  // A string ref is Bird's `reference`; an object goes to `meta.extraInformation`, the place Bird
  // keeps caller data; any other JSON value is sent as its JSON text in `reference`.
  if (m.ref !== undefined) {
    if (typeof m.ref === "string") out.reference = m.ref;
    else if (m.ref !== null && typeof m.ref === "object" && !Array.isArray(m.ref))
      out.meta = { extraInformation: m.ref };
    else out.reference = JSON.stringify(m.ref);
  }
  if (opts.scheduledFor !== undefined) out.scheduledFor = opts.scheduledFor;
  if (opts.validity !== undefined) out.validity = opts.validity;
  if (opts.tags !== undefined) out.tags = opts.tags;
  if (opts.notification !== undefined) out.notification = { url: opts.notification.url };
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

function unsupportedMedia(path: string): never {
  throw new UnsupportedError(
    NAME,
    `media by id (\`${path}\`)`,
    "Bird fetches media from a URL: pass a public https URL instead of an id.",
  );
}

function image(media: Media | BirdMedia, path: string): Obj {
  if (!media.url) unsupportedMedia(path);
  return media.altText === undefined ? { mediaUrl: media.url } : { mediaUrl: media.url, altText: media.altText };
}

function file(media: Media | BirdMedia, kind: string, path: string, issues: Issue[]): Obj {
  if (!media.url) unsupportedMedia(path);
  const contentType = media.contentType ?? guessContentType(media.url, kind);
  const out: Obj = { mediaUrl: media.url, contentType: contentType ?? "" };
  if (contentType === undefined)
    issues.push({
      path: `${path}.contentType`,
      message: `\`${path}.contentType\` is missing and cannot be guessed from the URL; Bird needs the file's MIME type. Pass it, e.g. { url, contentType: "application/pdf" }.`,
    });
  if (media.filename !== undefined) out.filename = media.filename;
  if (media.altText !== undefined) out.altText = media.altText;
  return out;
}

/** One caption for the whole body: the same on every item, or on the first only. */
function sharedCaption(media: readonly Media[], issues: Issue[]): string | undefined {
  let caption: string | undefined;
  media.forEach((item, i) => {
    if (item.caption === undefined) return;
    if (caption === undefined && i === 0) caption = item.caption;
    else if (item.caption !== caption)
      issues.push({
        path: `media[${i}].caption`,
        message: `\`media[${i}].caption\` differs from the first image's caption; Bird sends one text for all the images of a message. Use the same caption on every image, put it on the first image only, or send the images separately.`,
      });
  });
  return caption;
}

function extraMedia(opts: BirdOptions, body: "image" | "file", issues: Issue[]): Obj[] {
  return (opts.media ?? []).map((item, i) =>
    body === "image"
      ? image(item, `options.bird.media[${i}]`)
      : file(item, "document", `options.bird.media[${i}]`, issues),
  );
}

function noExtra(opts: BirdOptions, key: keyof BirdOptions, where: string, issues: Issue[]): void {
  if (opts[key] !== undefined)
    issues.push({
      path: `options.bird.${key}`,
      message: `\`options.bird.${key}\` applies to ${where} only. Remove it from this message.`,
    });
}

function body(m: Exclude<Message, { type: "template" }>, opts: BirdOptions, issues: Issue[]): Obj {
  if (m.type !== "list") {
    noExtra(opts, "altText", "lists", issues);
    noExtra(opts, "listButton", "lists", issues);
  }
  if (m.type !== "buttons") noExtra(opts, "actions", "reply buttons", issues);
  switch (m.type) {
    case "text": {
      noExtra(opts, "media", "media messages and media headers", issues);
      const text: Obj = { text: m.body };
      if (m.previewUrl !== undefined) text.metadata = { whatsapp: { previewUrl: m.previewUrl } };
      return { type: "text", text };
    }
    case "image":
    case "sticker": {
      const images = [...m.media.map((x, i) => image(x, `media[${i}]`)), ...extraMedia(opts, "image", issues)];
      tooManyImages(images.length, issues);
      const caption = sharedCaption(m.media, issues);
      return { type: "image", image: caption === undefined ? { images } : { images, text: caption } };
    }
    case "video":
    case "audio":
    case "document": {
      const files = [
        ...m.media.map((x, i) => file(x, m.type, `media[${i}]`, issues)),
        ...extraMedia(opts, "file", issues),
      ];
      const caption = sharedCaption(m.media, issues);
      return { type: "file", file: caption === undefined ? { files } : { files, text: caption } };
    }
    case "location": {
      noExtra(opts, "media", "media messages and media headers", issues);
      const { latitude, longitude, name, address } = m.location;
      const location: Obj = { coordinates: { latitude, longitude } };
      if (name !== undefined || address !== undefined) {
        const place: Obj = {};
        if (address !== undefined) place.address = address;
        if (name !== undefined) place.label = name;
        location.location = place;
      }
      return { type: "location", location };
    }
    case "buttons": {
      noFooter(m.footer);
      const types = opts.actions;
      if (types !== undefined && types.length !== m.buttons.length)
        issues.push({
          path: "options.bird.actions",
          message: `\`options.bird.actions\` lists ${types.length} action types for ${m.buttons.length} buttons; give one per button, in order.`,
        });
      const actions = m.buttons.map((b, i): Obj => {
        const type = types?.[i] ?? (b.id === b.title ? "reply" : "postback");
        if (type === "reply") {
          if (b.id !== b.title)
            issues.push({
              path: `buttons[${i}].id`,
              message: `\`buttons[${i}].id\` is "${b.id}", but a Bird reply action carries no id. Use "postback" for this button in options.bird.actions, or drop the id.`,
            });
          return { type: "reply", reply: { text: b.title } };
        }
        return { type: "postback", postback: b.id === b.title ? { text: b.title } : { text: b.title, payload: b.id } };
      });
      return interactive(m.body, m.header, actions, opts, issues);
    }
    case "link":
      noFooter(m.footer);
      return interactive(
        m.body,
        m.header,
        [{ type: "link", link: { text: m.link.text, url: m.link.url } }],
        opts,
        issues,
      );
    case "locationRequest":
      noExtra(opts, "media", "media messages and media headers", issues);
      return { type: "text", text: { text: m.body, actions: [{ type: "locationRequest" }] } };
    case "list": {
      noFooter(m.footer);
      noExtra(opts, "media", "media messages and media headers", issues);
      const list: Obj = {
        text: m.body,
        items: m.sections.map((s): Obj => {
          const actions = s.rows.map((r): Obj => {
            const postback: Obj = { text: r.title, payload: r.id };
            if (r.description !== undefined) postback.metadata = { description: { label: r.description } };
            return { type: "postback", postback };
          });
          return s.title === undefined ? { actions } : { title: s.title, actions };
        }),
      };
      if (m.header !== undefined) {
        if (m.header.type !== "text")
          throw new UnsupportedError(NAME, "a media header on lists", "WhatsApp lists take a text header only.");
        list.title = m.header.text;
      }
      if (opts.altText !== undefined) list.altText = opts.altText;
      if (opts.listButton !== false) list.metadata = { button: { label: m.button } };
      return { type: "list", list };
    }
    default:
      return refuseRest(NAME, SUPPORT, m);
  }
}

function tooManyImages(count: number, issues: Issue[]): void {
  if (count > BIRD.images)
    issues.push({
      path: "options.bird.media",
      message: `The message has ${count} images; WhatsApp shows at most ${BIRD.images} together. Send the others in another message.`,
      limit: BIRD.images,
      received: count,
    });
}

function noFooter(footer: string | undefined): void {
  if (footer !== undefined)
    throw new UnsupportedError(
      NAME,
      "a footer",
      "Bird's WhatsApp bodies have no footer: append the footer line to the body text.",
    );
}

/** A body with actions: text, or image/file when the header is media (Bird's interactive header). */
function interactive(
  text: string,
  header: Header | undefined,
  actions: Obj[],
  opts: BirdOptions,
  issues: Issue[],
): Obj {
  if (header === undefined) {
    noExtra(opts, "media", "media messages and media headers", issues);
    return { type: "text", text: { text, actions } };
  }
  if (header.type === "text")
    throw new UnsupportedError(
      NAME,
      "a text header",
      "Bird's WhatsApp text body has no header: put the header line into the body, or use an image header.",
    );
  if (header.media.caption !== undefined)
    issues.push({
      path: "header.media.caption",
      message:
        "`header.media.caption` is set, but Bird shows the message body under a header image or file. Remove the caption.",
    });
  if (header.type === "image") {
    const images = [image(header.media, "header.media"), ...extraMedia(opts, "image", issues)];
    tooManyImages(images.length, issues);
    return { type: "image", image: { images, text, actions } };
  }
  const files = [file(header.media, header.type, "header.media", issues), ...extraMedia(opts, "file", issues)];
  return { type: "file", file: { files, text, actions } };
}

/**
 * A neutral template as Bird's: Bird addresses templates by Studio project id and takes named,
 * typed `parameters`; WhatsApp's positional `{{1}}` parameters have no Bird form.
 */
function template(m: Extract<Message, { type: "template" }>, opts: BirdOptions, issues: Issue[]): Obj {
  noExtra(opts, "altText", "lists", issues);
  noExtra(opts, "listButton", "lists", issues);
  noExtra(opts, "actions", "reply buttons", issues);
  noExtra(opts, "media", "media messages and media headers", issues);
  const t = m.template;
  for (const part of ["header", "body", "buttons"] as const) {
    if (t[part] !== undefined)
      throw new UnsupportedError(
        NAME,
        `positional template parameters (\`template.${part}\`)`,
        'Bird templates take named variables: .template(projectId, { language, variables: { name: "Robert" } }).',
      );
  }
  const projectId = opts.projectId ?? (UUID.test(t.name) ? t.name : undefined);
  if (projectId === undefined)
    issues.push({
      path: "options.bird.projectId",
      message: `\`options.bird.projectId\` is missing: Bird addresses templates by their Studio project id, and the template name "${t.name.slice(0, 60)}" is not one. Pass .options({ bird: { projectId } }) or use the project id as the name.`,
    });
  const locale = opts.locale ?? t.language.replace(/_/g, "-");
  if (opts.locale === undefined && !BCP47.test(locale))
    issues.push({
      path: "template.language",
      message: `\`template.language\` is "${t.language}"; Bird needs a BCP 47 locale like "en" or "pt-BR".`,
    });
  const out: Obj = { projectId: projectId ?? "", version: opts.version ?? "latest", locale };
  if (t.variables !== undefined) {
    out.parameters = Object.entries(t.variables).map(
      ([key, value]): Obj => ({
        type: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string",
        key,
        value,
      }),
    );
  }
  return out;
}
