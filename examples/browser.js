// In the page (bundled by Vite, esbuild, …): build and validate in the browser, send through
// your proxy. The token identifies the signed-in user to your server; provider keys stay there.
import { whatsapp, proxy, isValidationError } from "wafluent";

const token = document.querySelector('meta[name="proxy-token"]')?.content;
const wa = whatsapp({ provider: proxy({ url: "/api/whatsapp", headers: { authorization: `Bearer ${token}` } }) });

export async function sendOrderUpdate(to) {
  const draft = wa.text("Order #1042 shipped").buttons(["Track", "Help"]).footer("Reply STOP to opt out");
  const check = draft.check(to); // never throws: show problems while the user types
  if (!check.ok) return { ok: false, problems: check.issues.map((i) => i.message) };
  try {
    const result = await draft.to(to); // { id, provider, status, raw } from the server's provider
    return { ok: true, id: result.id, provider: result.provider };
  } catch (error) {
    if (isValidationError(error)) return { ok: false, problems: error.issues.map((i) => i.message) };
    throw error; // ProviderError (status, providerCode, retryable) or TIMEOUT / NETWORK
  }
}
