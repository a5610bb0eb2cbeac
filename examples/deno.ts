// Deno: serve the proxy handler with Deno.serve. Swap sandbox() for bird({ … }), cloudApi({ … }), …
// with keys from Deno.env to send for real.
import { createProxyHandler, sandbox } from "npm:wafluent";

const handler = createProxyHandler({
  provider: sandbox(),
  authorize: (req) => req.headers.get("authorization") === `Bearer ${Deno.env.get("PROXY_TOKEN")}`,
  allowedOrigins: ["http://localhost:5173"],
});

export const server = Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT") ?? 8787) }, handler);
