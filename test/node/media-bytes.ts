// What the media tests share (test/node/media-upload.test.ts, media-proxy.test.ts): bytes that
// start as a PNG, and an endless request body that counts how much of it was read.

/** `n` (≥ 16) bytes that start as a PNG (the signature, then an IHDR chunk's length and type). */
export function png(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  for (let i = 16; i < n; i++) b[i] = (i * 7) & 0xff;
  return b;
}

/**
 * A multipart POST whose body never ends (chunks of `chunk` bytes), to `url` with `headers`;
 * `pulled()` is how many chunks were read from it.
 */
export function endlessPost(url: string, headers: Record<string, string>, chunk = 100) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(chunk));
    },
  });
  const request = new Request(url, {
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=x", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}
