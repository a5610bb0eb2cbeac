// Must NOT compile: with `whatsapp({ provider, templates })`, each wrong template call is a tsc error.
import { sandbox, whatsapp, type WebhookMessageEvent } from "wafluent";
import { templates } from "./templates-defs.js";

const wa = whatsapp({ provider: sandbox(), templates });

// An unknown name.
// @ts-expect-error not assignable to parameter of type '"order_update" | "order_confirmation" | "welcome"'
wa.template("order_updat", { language: "en_US" });
// A language the template was not approved in.
// @ts-expect-error Type '"fr"' is not assignable to type '"en_US" | "es"'
wa.template("order_update", { language: "fr", header: "A-1", params: ["Ana", "A-1"] });
// Too few positional parameters.
// @ts-expect-error Source has 1 element(s) but target requires 2
wa.template("order_update", { language: "en_US", header: "A-1", params: ["Ana"] });
// Too many.
// @ts-expect-error Source has 3 element(s) but target allows only 2
wa.template("order_update", { language: "en_US", header: "A-1", params: ["Ana", "A-1", "x"] });
// A named template's variable that it does not have.
wa.template("order_confirmation", {
  language: "en_US",
  header: { image: "https://example.com/a.jpg" },
  // @ts-expect-error 'order' does not exist in type
  variables: { first_name: "Ana", order: "A-1" },
});
// A named template's variable missing.
wa.template("order_confirmation", {
  language: "en_US",
  header: { image: "https://example.com/a.jpg" },
  // @ts-expect-error Property 'order_number' is missing
  variables: { first_name: "Ana" },
});
// The header parameter of the wrong kind.
// @ts-expect-error not assignable to type 'MediaHeader<"image">'
wa.template("order_confirmation", { language: "en_US", header: "text", variables: { first_name: "A", order_number: "1" } });
// A header parameter for a template without one.
// @ts-expect-error Type 'string' is not assignable to type 'never'
wa.template("welcome", { language: "en_US", header: "x" });
// Positional parameters for a template that takes none.
// @ts-expect-error Type 'string' is not assignable to type 'undefined'
wa.template("welcome", { language: "en_US", params: ["x"] });
// The same refusals on a reply.
declare const event: WebhookMessageEvent;
// @ts-expect-error not assignable to parameter of type '"order_update" | "order_confirmation" | "welcome"'
wa.reply(event).template("order_updat", { language: "en_US" });
// @ts-expect-error Source has 1 element(s) but target requires 2
wa.reply(event).template("order_update", { language: "en_US", header: "A-1", params: ["Ana"] });
