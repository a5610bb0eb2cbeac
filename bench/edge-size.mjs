// What the proxy pieces cost, min+gzip, measured with esbuild in one run:
//  a page that sends through proxy() (no provider code ships to the browser), and a worker that
//  serves createProxyHandler with the sandbox; compared with sending on the sandbox directly.
// Usage: npm run build && node bench/edge-size.mjs [--write]  (--write updates bench/RESULTS.md)
import { readFileSync, writeFileSync } from "node:fs";
import { bundle } from "./bundles.mjs";

const root = new URL("..", import.meta.url).pathname;
const size = async (contents) => (await bundle(contents)).bytes;
const direct = await size(
  'import { whatsapp } from "./dist/index.js"; import { sandbox } from "./dist/providers/sandbox.js";\n' +
    'export default () => whatsapp({ provider: sandbox() }).text("hi").to("+31612345678");',
);
const page = await size(
  'import { whatsapp } from "./dist/index.js"; import { proxy } from "./dist/providers/proxy.js";\n' +
    'export default () => whatsapp({ provider: proxy({ url: "/api/whatsapp" }) }).text("hi").to("+31612345678");',
);
const worker = await size(
  'import { createProxyHandler } from "./dist/index.js"; import { sandbox } from "./dist/providers/sandbox.js";\n' +
    "export default { fetch: createProxyHandler({ provider: sandbox(), authorize: () => false }) };",
);
const kb = (n) => (n / 1024).toFixed(2) + " KB";
const lines = [
  "| what | min+gzip | vs. sending on the sandbox directly |",
  "|---|---|---|",
  `| a page sending text through \`proxy()\` | ${kb(page)} | ${page - direct >= 0 ? "+" : "−"}${kb(Math.abs(page - direct))} |`,
  `| a worker serving \`createProxyHandler\` (sandbox) | ${kb(worker)} | ${worker - direct >= 0 ? "+" : "−"}${kb(Math.abs(worker - direct))} |`,
];
console.log(lines.join("\n"));
if (process.argv.includes("--write")) {
  const file = `${root}bench/RESULTS.md`;
  const block = `<!-- edge:start -->\n## Proxy pieces (bench/edge-size.mjs, ${new Date().toISOString().slice(0, 10)})\n\n${lines.join("\n")}\n<!-- edge:end -->`;
  let text = readFileSync(file, "utf8");
  text = /<!-- edge:start -->[\s\S]*<!-- edge:end -->/.test(text)
    ? text.replace(/<!-- edge:start -->[\s\S]*<!-- edge:end -->/, block)
    : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
