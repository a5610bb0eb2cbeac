// Every WhatsApp limit the core enforces: one passing and one failing case at each boundary,
// and the failing case names the path, the limit and the size received.
import { message, type Draft, type ValidationError, isValidationError } from "../src/index.ts";
import { describe, it, ok, equal, throws, match, issueAt } from "./harness.ts";

const TO = "+31612345678";
const s = (n: number, ch = "x") => ch.repeat(n);
type Case = { name: string; limit: number; path: string; build: (value: string) => Draft<any> };

const cases: Case[] = [
  { name: "text body", limit: 4096, path: "body", build: (x) => message.text(x) },
  {
    name: "image caption",
    limit: 1024,
    path: "media[0].caption",
    build: (x) => message.image({ url: "https://e.com/a.png", caption: x }),
  },
  {
    name: "video caption",
    limit: 1024,
    path: "media[0].caption",
    build: (x) => message.video({ url: "https://e.com/a.mp4", caption: x }),
  },
  {
    name: "document caption",
    limit: 1024,
    path: "media[0].caption",
    build: (x) => message.document({ url: "https://e.com/a.pdf", caption: x }),
  },
  { name: "interactive body", limit: 1024, path: "body", build: (x) => message.text(x).buttons(["A"]) },
  { name: "header text", limit: 60, path: "header.text", build: (x) => message.text("b").buttons(["A"]).header(x) },
  { name: "footer", limit: 60, path: "footer", build: (x) => message.text("b").buttons(["A"]).footer(x) },
  { name: "button title", limit: 20, path: "buttons[1].title", build: (x) => message.text("b").buttons(["A", x]) },
  {
    name: "button id",
    limit: 256,
    path: "buttons[0].id",
    build: (x) => message.text("b").buttons([{ id: x, title: "A" }]),
  },
  { name: "list button", limit: 20, path: "button", build: (x) => message.text("b").list(x, [{ rows: ["r"] }]) },
  {
    name: "section title",
    limit: 24,
    path: "sections[0].title",
    build: (x) => message.text("b").list("Pick", [{ title: x, rows: ["r"] }]),
  },
  {
    name: "row title",
    limit: 24,
    path: "sections[0].rows[0].title",
    build: (x) => message.text("b").list("Pick", [{ rows: [{ id: "r", title: x }] }]),
  },
  {
    name: "row description",
    limit: 72,
    path: "sections[0].rows[0].description",
    build: (x) => message.text("b").list("Pick", [{ rows: [{ title: "r", description: x }] }]),
  },
  {
    name: "row id",
    limit: 200,
    path: "sections[0].rows[0].id",
    build: (x) => message.text("b").list("Pick", [{ rows: [{ id: x, title: "r" }] }]),
  },
  { name: "link text", limit: 20, path: "link.text", build: (x) => message.text("b").link(x, "https://e.com") },
  { name: "location request body", limit: 1024, path: "body", build: (x) => message.text(x).locationRequest() },
];

describe("limits: one pass and one fail at each boundary", () => {
  for (const c of cases) {
    it(`${c.name}: ${c.limit} passes, ${c.limit + 1} fails naming ${c.path}`, () => {
      ok(c.build(s(c.limit)).to(TO).message);
      const e = throws<ValidationError>(() => c.build(s(c.limit + 1)).to(TO), isValidationError);
      const issue = e.issues.find((i) => i.path === c.path);
      ok(issue, `no issue at ${c.path}: ${e.message}`);
      equal(issue!.limit, c.limit);
      equal(issue!.received, c.limit + 1);
      match(
        issue!.message,
        new RegExp(
          `^\`${c.path.replace(/[[\]().]/g, "\\$&")}\` is ${c.limit + 1} characters; WhatsApp allows at most ${c.limit}\\.`,
        ),
      );
    });
    it(`${c.name}: empty is refused`, () => {
      const e = throws<ValidationError>(() => c.build("").to(TO), isValidationError);
      ok(
        e.issues.some((i) => i.path === c.path && /empty/.test(i.message)),
        e.message,
      );
    });
  }

  it("characters are code points: 20 emoji fit a button title, 21 do not", () => {
    ok(
      message
        .text("b")
        .buttons([s(20, "😀")])
        .to(TO),
    );
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .buttons([s(21, "😀")])
          .to(TO),
      issueAt("buttons[0].title", /is 21 characters; WhatsApp allows at most 20/),
    );
    equal(e.issues[0]!.received, 21);
  });
  it("a flag counts as two code points, a ZWJ family as each of its parts", () => {
    ok(
      message
        .text("b")
        .buttons([s(10, "🇳🇱")])
        .to(TO),
    );
    throws(
      () =>
        message
          .text("b")
          .buttons([s(10, "🇳🇱") + "x"])
          .to(TO),
      issueAt("buttons[0].title", /is 21 characters; WhatsApp allows at most 20/),
    );
    const family = "👨‍👩‍👧"; // 5 code points
    ok(
      message
        .text("b")
        .buttons([s(4, family)])
        .to(TO),
    );
    throws(
      () =>
        message
          .text("b")
          .buttons([s(4, family) + "x"])
          .to(TO),
      issueAt("buttons[0].title", /is 21 characters; WhatsApp allows at most 20/),
    );
  });
  it("combining marks count: e + U+0301 is two characters", () => {
    ok(
      message
        .text("b")
        .buttons([s(10, "e\u0301")])
        .to(TO),
    );
    throws(
      () =>
        message
          .text("b")
          .buttons([s(10, "e\u0301") + "e"])
          .to(TO),
      issueAt("buttons[0].title", /is 21 characters; WhatsApp allows at most 20/),
    );
  });

  it("1–3 buttons", () => {
    ok(message.text("b").buttons(["A", "B", "C"]).to(TO));
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          // @ts-expect-error: mistyped on purpose, for the runtime check
          .buttons(["A", "B", "C", "D"])
          .to(TO),
      issueAt("buttons", /has 4 buttons; WhatsApp allows at most 3/),
    );
    ok(
      e.issues.some((i) => i.path === "buttons" && i.limit === 3 && i.received === 4 && /list/.test(i.message)),
      e.message,
    );
    const empty = throws<ValidationError>(
      () =>
        message
          .text("b")
          // @ts-expect-error: mistyped on purpose, for the runtime check
          .buttons([])
          .to(TO),
      issueAt("buttons", /at least 1/),
    );
    ok(empty.issues.some((i) => i.path === "buttons" && /at least 1/.test(i.message)));
  });
  it("button titles and ids must be unique; the repeat is named", () => {
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .buttons(["Yes", { id: "x", title: "Yes" }])
          .to(TO),
      issueAt("buttons[1].title", /repeats buttons\[0\]\.title/),
    );
    ok(
      e.issues.some((i) => i.path === "buttons[1].title" && /repeats buttons\[0\]\.title/.test(i.message)),
      e.message,
    );
    const ids = throws<ValidationError>(
      () =>
        message
          .text("b")
          .buttons([
            { id: "a", title: "A" },
            { id: "a", title: "B" },
          ])
          .to(TO),
      issueAt("buttons[1].id", /repeats buttons\[0\]\.id/),
    );
    ok(
      ids.issues.some((i) => i.path === "buttons[1].id"),
      ids.message,
    );
  });
  it("button ids may not start or end with a space", () => {
    throws(
      () =>
        message
          .text("b")
          .buttons([{ id: " a", title: "A" }])
          .to(TO),
      issueAt("buttons[0].id", /starts or ends with a space/),
    );
  });
  it("a list holds at most 10 rows in total, over at most 10 sections", () => {
    const rows = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`) as [string, ...string[]];
    ok(
      message
        .text("b")
        .list("Pick", [
          { title: "A", rows: rows(5, "a") },
          { title: "B", rows: rows(5, "b") },
        ])
        .to(TO),
    );
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .list("Pick", [
            { title: "A", rows: rows(5, "a") },
            { title: "B", rows: rows(6, "b") },
          ])
          .to(TO),
      issueAt("sections", /11 rows in total/),
    );
    ok(
      e.issues.some((i) => i.path === "sections" && /11 rows in total/.test(i.message)),
      e.message,
    );
    throws(
      () =>
        message
          .text("b")
          .list("Pick", [{ rows: rows(11, "a") }])
          .to(TO),
      issueAt("sections[0].rows", /has 11 rows; WhatsApp allows at most 10/),
    );
    const sections = Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [`r${i}`] as [string] }));
    const many = throws<ValidationError>(
      () => message.text("b").list("Pick", sections).to(TO),
      issueAt("sections", /has 11 sections; WhatsApp allows at most 10/),
    );
    ok(
      many.issues.some((i) => i.path === "sections" && i.limit === 10 && i.received === 11),
      many.message,
    );
  });
  it("sections need titles when there are several; row ids are unique across sections", () => {
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .list("Pick", [{ rows: ["a"] }, { title: "T", rows: ["a"] }])
          .to(TO),
      issueAt("sections", /title on every section/),
    );
    ok(e.issues.some((i) => i.path === "sections" && /title on every section/.test(i.message)));
    ok(
      e.issues.some(
        (i) => i.path === "sections[1].rows[0].id" && /repeats sections\[0\]\.rows\[0\]\.id/.test(i.message),
      ),
      e.message,
    );
  });
  it("lists take a text header only", () => {
    ok(
      message
        .text("b")
        .list("Pick", [{ rows: ["a"] }])
        .header("Menu")
        .to(TO),
    );
    throws(
      () =>
        message
          .text("b")
          .list("Pick", [{ rows: ["a"] }])
          .header({ image: "https://e.com/a.png" })
          .to(TO),
      issueAt("header", /text header only/),
    );
  });
  it("link URLs must be https", () => {
    ok(message.text("b").link("Open", "https://example.com/x?y=1").to(TO));
    for (const bad of ["http://example.com", "example.com", "javascript:alert(1)", ""]) {
      const e = throws<ValidationError>(
        () => message.text("b").link("Open", bad).to(TO),
        issueAt("link.url", /not a valid https URL/),
      );
      ok(
        e.issues.some((i) => i.path === "link.url"),
        e.message,
      );
    }
  });
  it("media needs exactly one of url or id", () => {
    ok(message.image({ id: "123" }).to(TO));
    const both = throws<ValidationError>(
      () => message.image({ id: "1", url: "https://e.com/a.png" }).to(TO),
      issueAt("media[0]", /exactly one of url or id/),
    );
    ok(both.issues.some((i) => i.path === "media[0]" && /exactly one of url or id/.test(i.message)));
    throws(() => message.image({}).to(TO), issueAt("media[0]", /exactly one of url or id/));
  });
  it("captions only where WhatsApp shows them; filenames only on documents", () => {
    throws(
      () => message.audio({ url: "https://e.com/a.ogg", caption: "x" }).to(TO),
      issueAt("media", /caption; WhatsApp shows no caption on audio/),
    );
    throws(
      () => message.sticker({ url: "https://e.com/a.webp", caption: "x" }).to(TO),
      issueAt("media", /caption; WhatsApp shows no caption on stickers/),
    );
    throws(
      () => message.image({ url: "https://e.com/a.png", filename: "a.png" }).to(TO),
      issueAt("media", /filename; only documents have one/),
    );
    ok(message.document({ url: "https://e.com/a.pdf", filename: "a.pdf", caption: "c" }).to(TO));
  });
  it("1–5 contacts", () => {
    const card = { name: { formatted_name: "Ada" } };
    ok(message.contacts([card, card, card, card, card]).to(TO));
    const e = throws<ValidationError>(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => message.contacts([card, card, card, card, card, card]).to(TO),
      issueAt("contacts", /has 6 contacts; WhatsApp allows at most 5/),
    );
    ok(e.issues.some((i) => i.path === "contacts" && i.limit === 5 && i.received === 6));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => message.contacts([{ name: {} }]).to(TO), issueAt("contacts[0].name.formatted_name"));
  });
  it("latitude −90..90 and longitude −180..180", () => {
    ok(message.location({ latitude: 90, longitude: -180 }).to(TO));
    throws(
      () => message.location({ latitude: 90.01, longitude: 0 }).to(TO),
      issueAt("location.latitude", /latitude runs from -90 to 90/),
    );
    throws(
      () => message.location({ latitude: 0, longitude: 180.5 }).to(TO),
      issueAt("location.longitude", /longitude runs from -180 to 180/),
    );
    ok(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      message.location({ latitude: "52.37", longitude: "4.89" }).to(TO),
      "numeric strings are accepted",
    );
  });
  it("reactions take one emoji or the empty string", () => {
    ok(message.reaction("wamid.1", "👍").to(TO));
    ok(message.reaction("wamid.1", "").to(TO));
    ok(message.reaction("wamid.1", "👨‍👩‍👧").to(TO));
    ok(message.reaction("wamid.1", "🇳🇱").to(TO));
    throws(() => message.reaction("wamid.1", "ok").to(TO), issueAt("reaction.emoji", /not an emoji/));
    throws(() => message.reaction("", "👍").to(TO), issueAt("reaction.messageId", /is empty/));
  });
  it("recipients are E.164; common spellings are normalised", () => {
    equal(message.text("x").to("+31 6 1234 5678").message.to, TO);
    equal(message.text("x").to("0031612345678").message.to, TO);
    equal(message.text("x").to("31612345678").message.to, TO);
    for (const bad of ["0612345678", "+0612345678", "+31", "+3161234567890123", "abc", ""]) {
      const e = throws<ValidationError>(() => message.text("x").to(bad), issueAt("to"));
      ok(
        e.issues.some((i) => i.path === "to" && /\+31612345678/.test(i.message)),
        e.message,
      );
    }
  });
  it("template language codes", () => {
    ok(message.template("hello", { language: "en_US" }).to(TO));
    ok(message.template("hello", { language: "pt-BR" }).to(TO));
    throws(
      () => message.template("hello", { language: "English" }).to(TO),
      issueAt("template.language", /use a language code like en/),
    );
  });
});
