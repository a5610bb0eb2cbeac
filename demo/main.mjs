// The demo: a few messages of different kinds, sent to the embedded sandbox provider (no keys,
// no network). For each: the neutral message, the compiled request, and the result.
// Then, in an interactive terminal, the playground: a page on 127.0.0.1 to build messages, see
// every provider's request and a phone preview, and send through the proxy handler.
// `--no-serve` (or CI set, or output that is not a terminal) stops after the console part and prints which;
// `--serve` starts the playground anyway. PORT picks the port (default 5180; a free one if taken).
import { whatsapp, sandbox, isValidationError } from "../dist/index.js";

const box = sandbox();
const wa = whatsapp({ provider: box });
const to = "+31612345678";

const examples = {
  "text with link preview": wa.text("Your order #1042 shipped: https://example.com/t/1042", { previewUrl: true }),
  "reply buttons": wa
    .text("Order #1042 shipped")
    .buttons(["Track", { id: "help", title: "Help" }])
    .footer("Reply STOP to opt out"),
  list: wa
    .text("What would you like?")
    .header("Menu")
    .list("Choose", [
      { title: "Pizza", rows: ["Margherita", { id: "p-diavola", title: "Diavola", description: "Spicy salami" }] },
      { title: "Drinks", rows: ["Water", "Lemonade"] },
    ]),
  "call-to-action link": wa.text("See what's new").link("Open shop", "https://example.com/shop"),
  "image with caption": wa.image({ url: "https://example.com/parcel.jpg", caption: "Your parcel" }),
  location: wa.location({ latitude: 52.3731, longitude: 4.8926, name: "Dam Square", address: "Amsterdam" }),
  template: wa.template("order_update", { language: "en_US", params: ["Ada", "#1042"] }),
};

for (const [name, draft] of Object.entries(examples)) {
  const out = draft.to(to);
  console.log(`\n── ${name} ──`);
  console.log("message: ", JSON.stringify(out.message));
  console.log("request: ", JSON.stringify(out.compile()));
  const result = await out;
  console.log("result:  ", JSON.stringify({ id: result.id, provider: result.provider, status: result.status }));
}

console.log("\n── a message WhatsApp would refuse ──");
try {
  wa.text("Pick a room").buttons(["Deluxe double with sea view", "Standard", "Standard"]).to(to);
} catch (error) {
  if (!isValidationError(error)) throw error;
  for (const issue of error.issues) console.log(" •", issue.message);
}
console.log(`\nThe sandbox accepted ${box.sent.length} messages.`);

const args = process.argv.slice(2);
// Why the playground is not served, or "" to serve it: --serve wins, then --no-serve, CI, a pipe.
const notServed = args.includes("--serve")
  ? ""
  : args.includes("--no-serve")
    ? "--no-serve was given"
    : process.env.CI
      ? "CI is set"
      : !process.stdout.isTTY
        ? "the output is not an interactive terminal"
        : "";
if (!notServed) {
  const { startPlayground } = await import("./playground/server.mjs");
  const port = Number(process.env.PORT ?? 5180);
  // PLAYGROUND_TEMPLATES: a definitions file (`wafluent templates pull` writes one) the preview renders.
  const templates = process.env.PLAYGROUND_TEMPLATES;
  const playground = await startPlayground({ port, templates }).catch((e) =>
    e.code === "EADDRINUSE" ? startPlayground({ port: 0, templates }) : Promise.reject(e),
  );
  console.log(`\nPlayground: ${playground.url}  (Ctrl+C to stop)`);
} else {
  console.log(`\nPlayground not started: ${notServed}. \`npm run demo -- --serve\` starts it anyway.`);
}
