// Must compile: with `whatsapp({ provider, templates })`, right template calls need no cast.
import { sandbox, whatsapp, type Outgoing, type WebhookMessageEvent } from "wafluent";
import { templates } from "./templates-defs.js";

const wa = whatsapp({ provider: sandbox(), templates });
const to = "+31612345678";

const a: Outgoing = wa.template("order_update", { language: "en_US", header: "A-1", params: ["Ana", 42] }).to(to);
wa.template("order_update", { language: "es", header: "A-1", params: ["Ana", { type: "text", text: "A-1" }] });
wa.template("order_confirmation", {
  language: "en_US",
  header: { image: "https://example.com/a.jpg" },
  variables: { first_name: "Ana", order_number: "A-1" },
});
wa.template("welcome", { language: "en_US" });
wa.template("welcome", { language: "en_US", params: [] });
// wa.reply(event).template() is typed the same way, addressed to the sender.
declare const event: WebhookMessageEvent;
const r: Outgoing = wa.reply(event).template("welcome", { language: "en_US" }).to();
wa.reply(event).text("Thanks").to();
void r;
// The other entry points are unchanged.
wa.text("hi").buttons(["Yes", "No"]).to(to);
// Without templates: any name, any parameters (checked by the provider).
const plain = whatsapp({ provider: sandbox() });
declare const names: string[];
plain.template(names[0] ?? "x", { language: "xx", params: names });
void a;
