// Node: serve the proxy handler and a webhook handler on Node's HTTP server through
// @hono/node-server, the fetch-handler adapter the Hono team maintains (it works for any
// `(request) => Response` handler, no Hono app needed): npm i wafluent @hono/node-server.
// Swap sandbox() for bird({ … }), cloudApi({ … }), … with keys from process.env to send for real.
// Run: PROXY_TOKEN=… META_APP_SECRET=… META_VERIFY_TOKEN=… node node-server.mjs
import { serve } from "@hono/node-server";
import { createProxyHandler, createWebhookHandler, sandbox } from "wafluent";

const token = process.env.PROXY_TOKEN;
if (!token) throw new Error("Set PROXY_TOKEN: the bearer token your pages send to POST /send.");

// POST /send: your pages post a neutral message with proxy({ url: "/send" }); keys stay here.
const send = createProxyHandler({
  provider: sandbox(),
  authorize: (request) => request.headers.get("authorization") === `Bearer ${token}`,
});

// /webhooks/whatsapp: Meta's webhook (POST, signed with the app secret; GET, the subscription check).
const webhooks = createWebhookHandler({
  provider: "cloudApi",
  secret: process.env.META_APP_SECRET,
  verifyToken: process.env.META_VERIFY_TOKEN,
  onMessage: (event) => console.log(`message ${event.id} from ${event.from}: ${event.message.type === "text" ? event.message.body : event.message.type}`),
  onStatus: (event) => console.log(`status ${event.id}: ${event.status}`),
});

const server = serve(
  {
    hostname: "127.0.0.1",
    port: Number(process.env.PORT ?? 8787),
    fetch: (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === "/send") return send(request);
      if (pathname === "/webhooks/whatsapp") return webhooks(request);
      return new Response("not found", { status: 404 });
    },
  },
  (info) => console.log(`listening on http://${info.address}:${info.port}`),
);

// Finish open requests, then exit, on Ctrl-C and when a process manager stops the service.
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => server.close(() => process.exit(0)));
