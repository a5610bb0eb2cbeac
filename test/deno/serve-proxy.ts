// Run by proxy-serve.test.ts in its own Deno process (Deno.serve warns once per process):
// serves createProxyHandler with Deno.serve, posts a message through it, prints the answer.
// With the argument "control", the handler reads request.signal itself: Deno's warning shows
// that this process would print it.
import { createProxyHandler, sandbox } from "../../src/index.ts";

declare const Deno: any;
const control = Deno.args[0] === "control";
const proxy = createProxyHandler({
  provider: sandbox(),
  // authorize reads its copy of the request and its body: the copy must not read request.signal.
  authorize: async (req) => req.headers.get("authorization") === "Bearer t" && (await req.json()).to !== undefined,
  onSend: () => {},
});
const handler = control ? (req: Request) => (req.signal.aborted, proxy(req)) : proxy;
const stop = new AbortController();
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", signal: stop.signal, onListen() {} }, handler);
const post = await fetch(`http://127.0.0.1:${server.addr.port}/`, {
  method: "POST",
  headers: { authorization: "Bearer t", "content-type": "application/json" },
  body: JSON.stringify({ type: "text", to: "+31612345678", body: "hi" }),
});
console.log(JSON.stringify({ status: post.status, body: await post.json() }));
stop.abort();
await server.finished;
