// Must compile: data-driven arrays (built at run time, `readonly T[]`) go in with no cast; list
// literals keep their tuple types; `.to()` after a body returns an Outgoing.
import { message, sandbox, whatsapp, type ContactInput, type Outgoing, type TemplateParamInput } from "wafluent";

const wa = whatsapp({ provider: sandbox() });
const to = "+31612345678";

interface Room { id: string; name: string; blurb: string }
declare const rooms: Room[];
declare const frozenRooms: readonly Room[];
declare const titles: string[];

// Buttons from data, mutable or read-only, strings or objects, with or without the fallback.
const a: Outgoing = wa.text("Pick a room").buttons(rooms.map((r) => r.name)).to(to);
wa.text("Pick a room").buttons(rooms.map((r) => ({ id: r.id, title: r.name }))).to(to);
wa.text("Pick a room").buttons(frozenRooms.map((r) => r.name), { fallback: "list" }).to(to);
wa.text("Pick a room").buttons(titles).header("Rooms").footer("Prices per night").to(to);
const frozenTitles: readonly string[] = Object.freeze([...titles]);
wa.text("Pick a room").buttons(frozenTitles, { fallback: "list", label: "Rooms" }).to(to);

// Literals: 1–3 buttons, or up to 10 with the list fallback (also from an options variable).
wa.text("Yes or no?").buttons(["Yes", { id: "no", title: "No" }]).to(to);
wa.text("Pick").buttons(["1", "2", "3"]).to(to);
wa.text("Pick").buttons(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], { fallback: "list" }).to(to);
declare const buttonsOptions: { fallback?: "list"; label?: string };
wa.text("Pick").buttons(["1", "2", "3", "4"], buttonsOptions).to(to);

// List sections and rows from data.
const rows: string[] = rooms.map((r) => r.name);
wa.text("Menu").list("Choose", [{ title: "Rooms", rows }]).to(to);
wa.text("Menu").list("Choose", [{ rows: rooms.map((r) => ({ id: r.id, title: r.name, description: r.blurb })) }]).to(to);
const sections = ["Sea", "Garden"].map((title) => ({ title, rows: rooms.map((r) => r.name) }));
wa.text("Menu").list("Choose", sections).to(to);
const frozenSections: readonly { title: string; rows: readonly string[] }[] = sections;
wa.text("Menu").list("Choose", frozenSections).to(to);
wa.text("Menu").list("Choose", [{ title: "Pizza", rows: ["Margherita", { title: "Diavola", description: "Spicy" }] }]).to(to);

// Products, contacts, image albums and template parameters from data.
wa.text("Our picks").header("Summer").products("146265584024623", [{ title: "Tops", productIds: titles }]).to(to);
const cards: ContactInput[] = rooms.map((r) => ({ name: { formatted_name: r.name }, phones: [{ phone: "+31201234567", type: "WORK" }] }));
wa.contacts(cards).to(to);
const frozenPhones = Object.freeze([{ phone: "+31201234567" }] as const);
wa.contacts([{ name: { formatted_name: "Acme" }, phones: frozenPhones }]).to(to);
wa.image(titles.map((url) => ({ url }))).to(to);
wa.image("https://example.com/a.jpg").to(to);
wa.image(["https://example.com/a.jpg", { url: "https://example.com/b.jpg", caption: "B" }]).to(to);
const params: readonly TemplateParamInput[] = rooms.map((r) => r.name);
wa.template("booking", { language: "en_US", params, header: { image: "https://example.com/h.jpg" } }).to(to);
wa.template("booking", { language: "en_US", params: rooms.map((r) => ({ type: "text", text: r.name }) as const) }).to(to);
wa.template("booking", { language: "en", variables: { name: "Ada", nights: 2, breakfast: true } }).to(to);

// Replies and the unbound builder take the same data-driven arrays; a reply's `.to()` needs no recipient.
declare const event: { type: "message"; id: string; from: string };
const reply: Outgoing = wa.reply(event).text("Pick a room").buttons(rooms.map((r) => r.name)).to();
message.replyTo(event).text("Menu").list("Choose", sections).to();
message.text("Pick a room").buttons(titles).to(to);

// Bulk: `.to()` with many recipients, then awaited.
const bulk = wa.text("Pick a room").buttons(titles).to(["+31612345678", "+31612345679"]);
void (async () => (await bulk).map((r) => r.to));
void [a, reply];
