// Deno: serving createProxyHandler with Deno.serve prints no "request.signal aborts on
// successful responses (legacy behavior)" warning. Deno prints it once a handler has read a
// request's signal; the handler never reads it (authorize's copy of the request reads it only
// if authorize does). Each case runs in its own process, since Deno warns once per process.
import { describe, it, ok, equal } from "../harness.ts";

declare const Deno: any;
const script = new URL("./serve-proxy.ts", import.meta.url);

async function serve(...args: string[]): Promise<{ status: number; output: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-A", script.pathname, ...args],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  });
  const { stdout, stderr, code } = await child.output();
  const text = new TextDecoder();
  const output = `${text.decode(stdout)}\n${text.decode(stderr)}`;
  equal(code, 0, `the child failed: ${output}`);
  return { status: JSON.parse(text.decode(stdout).trim().split("\n").at(-1)!).status, output };
}

describe("deno: createProxyHandler under Deno.serve", () => {
  it("sends (authorize reading the body) and prints no legacy request.signal warning", async () => {
    const { status, output } = await serve();
    equal(status, 200, output);
    ok(!/request\.signal|legacy/i.test(output), `Deno warned: ${output}`);
  });

  it("control: a handler that reads request.signal makes this Deno print the warning", async () => {
    const { status, output } = await serve("control");
    equal(status, 200, output);
    ok(/request\.signal aborts on successful responses/.test(output), `no warning to detect: ${output}`);
  });
});
