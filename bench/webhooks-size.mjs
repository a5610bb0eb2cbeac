// What a webhook-only edge worker ships, min+gzip, measured with esbuild (ky and valibot are
// not pulled in: webhooks use only WebCrypto). Usage: npm run build && node bench/webhooks-size.mjs
import { build } from "esbuild";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
async function size(contents) {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    platform: "browser",
    target: "es2022",
  });
  return (gzipSync(r.outputFiles[0].contents, { level: 9 }).length / 1024).toFixed(2) + " KB";
}
console.log("| what | min+gzip |\n|---|---|");
for (const [what, name] of [
  ["verifyWebhook alone", "verifyWebhook"],
  ["parseWebhook (all five readers)", "parseWebhook"],
  ["createWebhookHandler (verify + parse + dispatch)", "createWebhookHandler"],
])
  console.log(`| ${what} | ${await size(`export { ${name} } from "./dist/index.js";`)} |`);
