// Chromium (Debian's /usr/bin/chromium through playwright) runs the universal test files:
// the same test/*.test.ts that Node and Deno run, plus test/browser/*.test.ts, which load the
// CDN bundle with <script type="module"> and send through proxy() to a createProxyHandler served
// by this dev server (test/browser/server.mjs).
import { playwrightLauncher } from "@web/test-runner-playwright";
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { proxyMiddleware } from "./test/browser/server.mjs";

export default {
  files: ["test/*.test.ts", "test/browser/*.test.ts"],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  middleware: [proxyMiddleware()],
  plugins: [esbuildPlugin({ ts: true, target: "es2022" })],
  browsers: [
    playwrightLauncher({
      product: "chromium",
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
        ],
      },
    }),
  ],
};
