// A Cloudflare Worker that sends WhatsApp messages for your pages: they post the neutral
// message with proxy({ url }), the worker checks who asks, validates again and sends with
// keys the browser never sees. Secrets: `wrangler secret put BIRD_ACCESS_KEY` (and the others).
import { createProxyHandler } from "wafluent";
import { bird } from "wafluent/providers/bird";

export default {
  fetch(request, env) {
    const handler = createProxyHandler({
      provider: bird({
        accessKey: env.BIRD_ACCESS_KEY,
        workspaceId: env.BIRD_WORKSPACE_ID,
        channelId: env.BIRD_CHANNEL_ID,
        ...(env.BIRD_BASE_URL ? { baseUrl: env.BIRD_BASE_URL } : {}),
      }),
      // Who may send: here one shared token; in an app, check the user's session.
      authorize: (req) => req.headers.get("authorization") === `Bearer ${env.PROXY_TOKEN}`,
      allowedOrigins: [env.SITE_ORIGIN],
    });
    return handler(request);
  },
};
