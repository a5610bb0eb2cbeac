import { whatsapp, sandbox, isValidationError } from "wafluent";

const box = sandbox(); // the embedded provider: no keys, no network
const wa = whatsapp({ provider: box });

const out = wa.text("Order #1042 shipped")
  .buttons(["Track", { id: "help", title: "Help" }])
  .footer("Reply STOP to opt out")
  .to("+31612345678");

out.message;           // the neutral Message: plain JSON
out.compile();         // { url, method, headers, body } for the provider, no I/O
const res = await out; // { id, provider: "sandbox", status: "accepted", raw }
console.log(res.status, box.sent.length); // "accepted" 1: box.sent holds every message the sandbox accepted

try {
  wa.text("Pick a room").buttons(["Deluxe double with sea view"]).to("+31612345678");
} catch (e) {
  if (isValidationError(e)) console.log(e.issues[0].message);
  // `buttons[0].title` is 27 characters; WhatsApp allows at most 20. Shorten it or use a list.
}
