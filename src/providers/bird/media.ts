/**
 * The MIME type Bird's `file` body needs, guessed from a URL's extension.
 * @module
 */

// Bird's `file` body needs a MIME type; WhatsApp's accepted formats by extension.
const TYPES: Record<string, string> = {
  mp4: "video/mp4",
  "3gp": "video/3gpp",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  opus: "audio/ogg",
  aac: "audio/aac",
  amr: "audio/amr",
  m4a: "audio/mp4",
  pdf: "application/pdf",
  txt: "text/plain",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  csv: "text/csv",
  zip: "application/zip",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

/** MIME type from a URL's extension (`…/video.mp4?alt=media` → `video/mp4`). @internal */
export function guessContentType(url: string, kind = "document"): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === undefined) return undefined;
  if (kind === "audio" && ext === "mp4") return "audio/mp4";
  return TYPES[ext];
}
