// The playground's server: one page (index.html, app.js, style.css), the CDN bundle it imports,
// and createProxyHandler with the sandbox provider at /api/whatsapp. Listens on 127.0.0.1 only.
// The page gets a per-start token in a <meta> tag; the handler's authorize checks it, so even a
// local playground is not an open relay. The provider panels follow the registry
// (src/providers/registry.ts, read with Node's type stripping): /providers.json lists them.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { createProxyHandler, sandbox } from "../../dist/index.js";
import { PROVIDERS } from "../../src/providers/registry.ts";
import { toNodeListener } from "../serve-fetch.mjs";

/**
 * The panels the page shows, in the registry's order: every provider that compiles a request of
 * its own (not the sandbox, which sends nowhere, nor the proxy, which relays to another), with the
 * registry's placeholder settings (compile does no I/O; they are never sent anywhere).
 */
export const PANELS = PROVIDERS.filter((p) => p.name !== "sandbox" && !("relay" in p)).map((p) => ({
  name: p.title,
  factory: p.name,
  credentials: p.example,
}));
const PANELS_JSON = JSON.stringify(PANELS);

const FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
  "/favicon.svg": ["favicon.svg", "image/svg+xml"],
  // Browsers ask for /favicon.ico whatever the page links; the same SVG answers it.
  "/favicon.ico": ["favicon.svg", "image/svg+xml"],
  "/wafluent.min.js": ["../../dist/cdn/wafluent.min.js", "text/javascript; charset=utf-8"],
};

/** What dist/templates.js needs in the page: itself and the two chunks it imports (no ky, no valibot). */
const TEMPLATE_FILES = new Set(["/dist/templates.js", "/dist/_chunks/templates.js", "/dist/_chunks/core.js"]);

/**
 * /templates.js: the definitions module `templates` names (the file `wafluent templates pull`
 * writes: its one TypeScript construct, `as const`, dropped; "wafluent/templates" served from
 * dist/) with renderTemplate, for the phone preview; without one, a module with no templates.
 */
async function templatesModule(templates) {
  if (!templates) return "export const templates = undefined;\nexport const renderTemplate = undefined;\n";
  const text = await readFile(templates, "utf8");
  return `${text.replaceAll(" as const)", ")").replaceAll('"wafluent/templates"', '"/dist/templates.js"')}\nexport { renderTemplate } from "/dist/templates.js";\n`;
}

/**
 * Starts the playground. Port 0 picks a free port. `templates`: a definitions module (what
 * `wafluent templates pull` writes) whose templates the preview renders with renderTemplate.
 * @returns {Promise<{ url: string, box: import("../../dist/index.js").SandboxProvider, close: () => Promise<void> }>}
 */
export async function startPlayground({ port = 0, host = "127.0.0.1", templates } = {}) {
  const token = randomUUID();
  const definitions = await templatesModule(templates);
  const box = sandbox();
  const api = toNodeListener(
    createProxyHandler({ provider: box, authorize: (req) => req.headers.get("authorization") === `Bearer ${token}` }),
  );
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/api/whatsapp") return api(req, res);
    if (path === "/providers.json" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      return res.end(PANELS_JSON);
    }
    if (req.method === "GET" && (path === "/templates.js" || TEMPLATE_FILES.has(path))) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(path === "/templates.js" ? definitions : await readFile(new URL(`../..${path}`, import.meta.url)));
    }
    const file = FILES[path];
    if (!file || req.method !== "GET") {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    let body = await readFile(new URL(file[0], import.meta.url), "utf8");
    if (path === "/") body = body.replace("%PROXY_TOKEN%", token);
    res.writeHead(200, { "content-type": file[1], "cache-control": "no-store" });
    res.end(body);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    box,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
