// Runs a standard fetch handler — (request: Request) => Promise<Response>, what
// createProxyHandler returns — on Node's http server. Used by the playground and the Chromium
// test server; in Workers, Deno, Bun and Hono the handler plugs in directly.
import { Readable } from "node:stream";

/** @param {(request: Request) => Promise<Response>} handler */
export function toNodeListener(handler) {
  return async (req, res) => {
    try {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(new URL(req.url, `http://${req.headers.host ?? "127.0.0.1"}`), {
        method: req.method,
        headers,
        // Streamed, so the handler's maxBodyBytes counts bytes as they arrive.
        ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`server error: ${error?.message ?? error}`);
    }
  };
}
