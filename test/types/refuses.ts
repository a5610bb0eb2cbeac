// Must NOT compile. Each `@ts-expect-error` is followed by text that the error tsc reports on the
// next line must contain (test/types/run.mjs checks it; plain tsc only checks there is an error).
import { message, sandbox, whatsapp } from "wafluent";

const wa = whatsapp({ provider: sandbox() });
const to = "+31612345678";

// `.to()` only after a body: no entry point addresses a message, and `.to()` ends the chain.
// @ts-expect-error Property 'to' does not exist
wa.to(to);
// @ts-expect-error Property 'to' does not exist
message.to(to);
// @ts-expect-error Property 'header' does not exist
wa.text("Hi").buttons(["Yes"]).to(to).header("Too late");
// @ts-expect-error Property 'buttons' does not exist
wa.text("Hi").buttons(["Yes"]).to(to).buttons(["No"]);
// @ts-expect-error Expected 1-2 arguments, but got 0
wa.text("Hi").to();

// Steps only where WhatsApp has them: buttons on text only, once; no header on media or a product.
// @ts-expect-error Property 'buttons' does not exist
wa.image("https://example.com/a.jpg").buttons(["Yes"]);
// @ts-expect-error Property 'list' does not exist
wa.text("Hi").buttons(["Yes"]).list("Choose", [{ rows: ["A"] }]);
// @ts-expect-error Property 'header' does not exist
wa.video("https://example.com/a.mp4").header("Title");
// @ts-expect-error Property 'header' does not exist
wa.text("Hi").product({ catalogId: "1", productId: "SKU-1" }).header("Title");

// Empty list literals (run-time validation refuses them too).
// @ts-expect-error wafluent: give at least one button
wa.text("Pick").buttons([]);
// @ts-expect-error wafluent: give at least one section
wa.text("Pick").list("Choose", []);
// @ts-expect-error wafluent: give every section at least one row
wa.text("Pick").list("Choose", [{ title: "A", rows: ["1"] }, { title: "B", rows: [] }]);
// @ts-expect-error wafluent: give at least one product section
wa.text("Picks").header("Summer").products("146265584024623", []);
// @ts-expect-error wafluent: give every product section at least one product id
wa.text("Picks").header("Summer").products("146265584024623", [{ productIds: [] }]);
// @ts-expect-error wafluent: give at least one contact card
wa.contacts([]);
// @ts-expect-error wafluent: give at least one image
wa.image([]);

// Over-long list literals.
// @ts-expect-error wafluent: at most 3 reply buttons; with { fallback: 'list' } up to 10 go out as a list
wa.text("Pick").buttons(["1", "2", "3", "4"]);
// @ts-expect-error wafluent: at most 3 reply buttons
wa.text("Pick").buttons(["1", "2", "3", "4"], { label: "Rooms" });
// @ts-expect-error wafluent: at most 10 buttons, even with { fallback: 'list' }
wa.text("Pick").buttons(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"], { fallback: "list" });
const card = { name: { formatted_name: "Acme" } };
// @ts-expect-error wafluent: at most 5 contact cards
wa.contacts([card, card, card, card, card, card]);

// Wrong argument kinds.
// @ts-expect-error Argument of type 'number' is not assignable to parameter of type 'string'
wa.text(42);
// @ts-expect-error Argument of type 'string' is not assignable to parameter of type 'readonly ButtonInput[]'
wa.text("Pick").buttons("Yes");
// @ts-expect-error Type 'number' is not assignable to type 'ButtonInput'
wa.text("Pick").buttons([1, 2]);
declare const counts: number[];
// @ts-expect-error Argument of type 'number[]' is not assignable to parameter of type 'readonly ButtonInput[]'
wa.text("Pick").buttons(counts);
// @ts-expect-error Type '"menu"' is not assignable to type '"list"'
wa.text("Pick").buttons(["1"], { fallback: "menu" });
// @ts-expect-error Property 'rows' is missing
wa.text("Pick").list("Choose", [{ title: "A" }]);
// @ts-expect-error Type 'number' is not assignable to type 'RowInput'
wa.text("Pick").list("Choose", [{ rows: [1] }]);
// @ts-expect-error Argument of type 'number' is not assignable to parameter of type 'string'
wa.text("Hi").to(31612345678);
// @ts-expect-error Type 'string' is not assignable to type 'number'
wa.location({ latitude: "52.37", longitude: 4.89 });
// @ts-expect-error Object literal may only specify known properties
wa.text("Hi").header({ audio: "https://example.com/a.mp3" });
// @ts-expect-error Argument of type 'number' is not assignable to parameter of type 'MediaArg | readonly MediaArg[]'
wa.image(42);
// @ts-expect-error Property 'formatted_name' is missing
wa.contacts([{ name: { first_name: "Ada" } }]);
// @ts-expect-error Type 'boolean' is not assignable to type 'TemplateParamInput'
wa.template("booking", { language: "en", params: [true] });
// @ts-expect-error Property 'language' is missing
wa.template("booking", { params: ["Ada"] });
// @ts-expect-error Type '"truncated"' is not assignable to type 'Overflow
wa.text("Hi").to(to, { overflow: "truncated" });

// An empty recipient list literal (run-time validation refuses an empty array too).
// @ts-expect-error wafluent: give at least one recipient
wa.text("Hi").to([]);
