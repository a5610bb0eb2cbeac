// A real HTTP server on 127.0.0.1 for tests: records every request, answers with a scripted reply.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The body's bytes as received (a multipart upload's file part is binary). */
  raw: Buffer;
}
export type Reply = (
  req: Seen,
  n: number,
) => {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  destroy?: boolean;
  stallBodyMs?: number;
};

export async function mockServer(reply: Reply) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        raw: Buffer.concat(chunks),
      };
      seen.push(s);
      const r = reply(s, seen.length);
      const send = () => {
        if (r.destroy) return void req.socket.destroy();
        const body = typeof r.body === "string" ? r.body : r.body === undefined ? "" : JSON.stringify(r.body);
        res.writeHead(r.status ?? 200, {
          "content-type": typeof r.body === "string" ? "text/plain" : "application/json",
          ...r.headers,
        });
        if (!r.stallBodyMs) return void res.end(body);
        // Headers and half the body now, the rest later: a slow body.
        res.write(body.slice(0, body.length >> 1));
        setTimeout(() => res.end(body.slice(body.length >> 1)), r.stallBodyMs).unref();
      };
      r.delayMs ? setTimeout(send, r.delayMs) : send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
