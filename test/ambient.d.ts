// Ambient declarations for the test type-check (test/tsconfig.json) only; no runtime effect.

// The CDN bundle is the package's main entry in one file: package.json maps "./cdn" to these types.
declare module "*/dist/cdn/wafluent.min.js" {
  export * from "wafluent";
}

// The playground's server (plain JS; these are its JSDoc types).
declare module "*/demo/playground/server.mjs" {
  export function startPlayground(options?: { port?: number; host?: string; templates?: string }): Promise<{
    url: string;
    box: import("wafluent").SandboxProvider;
    close: () => Promise<void>;
  }>;
}

// The part of Deno's runtime API that test/deno/ and examples/deno.ts use (Node's types cover the
// rest; Chromium's come from the DOM lib).
declare namespace Deno {
  const env: { get(key: string): string | undefined; set(key: string, value: string): void };
  function exit(code?: number): never;
  function serve(
    options: { hostname?: string; port?: number },
    handler: (request: Request) => Response | Promise<Response>,
  ): { readonly addr: { hostname: string; port: number }; shutdown(): Promise<void>; readonly finished: Promise<void> };
}

// The build config, read by the package test for its entry list (plain JS).
declare module "*/rollup.config.mjs" {
  const config: [{ input: Record<string, string> }, ...{ input: unknown }[]];
  export default config;
}

// The exports generator (plain JS), checked by the registry test.
declare module "*/scripts/exports.mjs" {
  export function generate(
    current: { jsr: string; pkg: string },
    providers?: readonly { folder: string }[],
  ): { jsr: string; pkg: string; root: string };
  export function stale(): { file: string; text: string }[];
}
