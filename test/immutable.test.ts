// Builders are immutable: no method changes a draft, a partial draft can be reused, and nothing a
// user can reach (the draft object, the values passed in, the message and request handed out)
// changes what a draft builds. Also: every kind in the one list has a builder that makes it.
import { message, sandbox, type Kind, type Message } from "../src/index.ts";
import { KINDS } from "../src/core/message.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

const TO = "+31612345678";
const OTHER = "+31687654321";

/** One builder chain per kind; typed over every Kind, so a new kind must get one here. */
const BUILD: { [K in Kind]: () => { to(recipient: string): { message: Message } } } = {
  text: () => message.text("Hi"),
  image: () => message.image("https://example.com/a.jpg"),
  video: () => message.video("https://example.com/a.mp4"),
  audio: () => message.audio("https://example.com/a.mp3"),
  document: () => message.document("https://example.com/a.pdf"),
  sticker: () => message.sticker("https://example.com/a.webp"),
  location: () => message.location({ latitude: 52.37, longitude: 4.89 }),
  contacts: () => message.contacts([{ name: { formatted_name: "Ada Lovelace" } }]),
  reaction: () => message.reaction("wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI", "👍"),
  buttons: () => message.text("Pick").buttons(["A", "B"]),
  list: () => message.text("Pick").list("Choose", [{ rows: ["A", "B"] }]),
  link: () => message.text("See").link("Open", "https://example.com/shop"),
  locationRequest: () => message.text("Where?").locationRequest(),
  template: () => message.template("order_update", { language: "en_US" }),
  product: () => message.text("Back").product({ catalogId: "367025965434465", productId: "SKU-1" }),
  productList: () =>
    message
      .text("Picks")
      .header("Summer")
      .products("367025965434465", [{ productIds: ["SKU-1"] }]),
  catalog: () => message.text("Shop").catalog({ thumbnailProductId: "SKU-1" }),
  flow: () => message.text("Book").flow({ name: "booking", cta: "Book" }),
};

describe("kinds", () => {
  it("every kind in the list has a builder that produces a message of that kind", () => {
    deepEqual(Object.keys(BUILD).sort(), [...KINDS].sort(), "BUILD covers the list, no more");
    for (const kind of KINDS) equal(BUILD[kind]().to(TO).message.type, kind, kind);
  });

  it("the sandbox sends every kind in the list, in the list's order", () => {
    deepEqual([...sandbox().kinds], [...KINDS]);
  });

  it("validation's error for an unknown type names every kind in the list", () => {
    const r = message.text("x").check();
    ok(r.ok);
    const { issues } = (() => {
      try {
        // @ts-expect-error: mistyped on purpose, for the runtime check
        sandbox().compile({ to: TO, type: "nope" });
        return { issues: [] as { message: string }[] };
      } catch (e) {
        return e as { issues: { message: string }[] };
      }
    })();
    const text = issues.map((i) => i.message).join(" ");
    for (const kind of KINDS) ok(text.includes(kind), `${kind} in: ${text}`);
  });
});

describe("immutable builders", () => {
  it("reusing a partial draft yields independent messages", () => {
    const base = message.text("Your order shipped");
    const a = base.buttons(["Track", "Help"]).footer("Acme");
    const b = base.header("Order update").buttons(["Stop"]);
    const c = base.replyTo("wamid.X").ref({ order: 1 });
    const plain = base.to(TO).message;
    deepEqual(plain, { to: TO, type: "text", body: "Your order shipped" });
    deepEqual(a.to(TO).message, {
      to: TO,
      type: "buttons",
      body: "Your order shipped",
      footer: "Acme",
      buttons: [
        { id: "Track", title: "Track" },
        { id: "Help", title: "Help" },
      ],
    });
    deepEqual(b.to(TO).message, {
      to: TO,
      type: "buttons",
      body: "Your order shipped",
      header: { type: "text", text: "Order update" },
      buttons: [{ id: "Stop", title: "Stop" }],
    });
    deepEqual(c.to(TO).message, {
      to: TO,
      type: "text",
      body: "Your order shipped",
      replyTo: "wamid.X",
      ref: { order: 1 },
    });
    // The same draft, addressed twice, to two people: two messages, neither sharing with the other.
    const one = a.to(TO).message,
      two = a.to(OTHER).message;
    equal(one.to, TO);
    equal(two.to, OTHER);
    ok(one !== two && (one as { buttons: unknown }).buttons !== (two as { buttons: unknown }).buttons);
    deepEqual(base.to(TO).message, plain, "the base draft is unchanged after all that");
  });

  it("a draft has no property a user can change what it builds with", () => {
    const d = message.text("Hi").footer("Acme").buttons(["Yes", "No"]);
    const before = d.to(TO).message;
    deepEqual(Object.getOwnPropertyNames(d), [], "no own properties: the state is private");
    const any = d as unknown as Record<string, unknown>;
    for (const key of ["body", "type", "footer", "buttons", "to", "__kind", "parent", "key", "value", "steps"]) {
      try {
        any[key] = "changed";
      } catch {
        // refused: fine too
      }
    }
    try {
      Object.defineProperty(d, "message", { value: { type: "text", body: "evil" } });
    } catch {
      // refused: fine too
    }
    // The draft's methods live on a frozen prototype: no one can replace them for every draft.
    const proto = Object.getPrototypeOf(d) as Record<string, unknown>;
    ok(Object.isFrozen(proto), "the drafts' prototype is frozen");
    let replaced = false;
    try {
      proto.footer = () => "evil";
      replaced = proto.footer !== undefined && String(proto.footer).includes("evil");
    } catch {
      // strict mode: TypeError
    }
    ok(!replaced, "a draft method cannot be replaced");
    // A fresh draft of the same chain, and the original through the prototype's `to`, build the same message.
    const again = message.text("Hi").footer("Acme").buttons(["Yes", "No"]);
    deepEqual(again.to(TO).message, before);
    deepEqual((proto.to as (this: unknown, r: string) => { message: Message }).call(d, TO).message, before);
  });

  it("changing the message or request handed out does not change the draft", () => {
    const ref = { order: { id: 1042 } };
    const d = message
      .text("Hi")
      .header("Acme")
      .buttons([{ id: "y", title: "Yes" }])
      .ref(ref);
    const first = d.to(TO);
    const m = first.message as Message & {
      buttons: { id: string; title: string }[];
      header: { text: string };
      ref: { order: { id: number } };
    };
    const snapshot = JSON.parse(JSON.stringify(m));
    m.buttons.push({ id: "n", title: "No" });
    m.buttons[0]!.title = "Changed";
    m.header.text = "Changed";
    m.ref.order.id = 1;
    (m as { body: string }).body = "Changed";
    const req = first.compile(sandbox());
    (req.headers as Record<string, string>).x = "1";
    deepEqual(JSON.parse(JSON.stringify(d.to(TO).message)), snapshot, "the next message is as before");
    deepEqual(ref, { order: { id: 1042 } }, "the caller's ref is untouched too");
  });

  it("changing the values passed in after a step does not change the draft", () => {
    const items = [{ id: "y", title: "Yes" }];
    const header = { image: "https://example.com/a.jpg" };
    const ref = { order: { id: 1042 } };
    const options = { bik: { templateId: "x" } };
    const d = message.text("Hi").header(header).buttons(items).ref(ref).options(options);
    const before = JSON.parse(JSON.stringify(d.to(TO).message));
    items.push({ id: "n", title: "No" });
    items[0]!.title = "Changed";
    header.image = "https://example.com/b.jpg";
    ref.order.id = 1;
    options.bik.templateId = "y";
    deepEqual(JSON.parse(JSON.stringify(d.to(TO).message)), before);
  });
});
