// Messages that fit: truncation at grapheme boundaries (with and without Intl.Segmenter), the
// buttons-to-list fallback, the overflow policy on the client and per message, check(), and a
// property test over random text. (Meta's JSON schema check of the results is added with the
// Cloud API compiler.)
import fc from "fast-check";
import {
  message,
  whatsapp,
  sandbox,
  fit,
  fitMessage,
  validateMessage,
  isValidationError,
  isWaError,
  type ValidationError,
  type WaError,
  type Draft,
  type Issue,
  type Message,
  type Warning,
} from "../src/index.ts";
import { approxGraphemes, codePoints, graphemes, truncate } from "../src/core/truncate.ts";
import { describe, it, ok, equal, deepEqual, match, throws, issueAt } from "./harness.ts";

const TO = "+31612345678";
const cp = (s: string) => [...s].length;
const T = { overflow: "truncate" } as const;
const hasSegmenter = typeof Intl === "object" && typeof (Intl as any).Segmenter === "function";

/** Reads `a.b[2].c` out of a message. */
function get(o: unknown, path: string): unknown {
  for (const key of path.match(/[^.[\]]+/g) ?? []) o = (o as any)?.[/^\d+$/.test(key) ? Number(key) : key];
  return o;
}
/** A truncated value without its ellipsis and the bidi closers after it. */
const stem = (s: string) => s.replace(/\u2026[\u202c\u2069]*$/, "");

// User-perceived characters of every awkward sort, with their size in code points.
const units: Record<string, string> = {
  ascii: "x",
  emoji: "😀", // one code point, two UTF-16 units
  skinTone: "👍🏽", // 2
  flag: "🇳🇱", // 2 regional indicators
  family: "👨‍👩‍👧", // 5: three people joined by two ZWJ
  keycap: "1️⃣", // 3
  scotland: "🏴󠁧󠁢󠁳󠁣󠁴󠁿", // 7: black flag + tag characters
  combining: "e\u0301", // 2: e + combining acute
  stacked: "a\u0308\u0301\u0323", // 4: three marks on one base
  hebrew: "שָׁ", // 3: shin + two points
  arabic: "ب",
};

const fields: { name: string; limit: number; path: string; build: (x: string) => Draft<any> }[] = [
  { name: "text body", limit: 4096, path: "body", build: (x) => message.text(x) },
  {
    name: "image caption",
    limit: 1024,
    path: "media[0].caption",
    build: (x) => message.image({ url: "https://e.com/a.png", caption: x }),
  },
  {
    name: "document caption",
    limit: 1024,
    path: "media[0].caption",
    build: (x) => message.document({ url: "https://e.com/a.pdf", caption: x }),
  },
  {
    name: "image alt text",
    limit: 1024,
    path: "media[0].altText",
    build: (x) => message.image({ url: "https://e.com/a.png", altText: x }),
  },
  { name: "interactive body", limit: 1024, path: "body", build: (x) => message.text(x).buttons(["A"]) },
  { name: "header text", limit: 60, path: "header.text", build: (x) => message.text("b").buttons(["A"]).header(x) },
  {
    name: "footer",
    limit: 60,
    path: "footer",
    build: (x) =>
      message
        .text("b")
        .list("Pick", [{ rows: ["r"] }])
        .footer(x),
  },
  {
    name: "button title",
    limit: 20,
    path: "buttons[1].title",
    build: (x) => message.text("b").buttons(["A", { id: "b", title: x }]),
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
    build: (x) => message.text("b").list("Pick", [{ rows: [{ id: "r", title: "r", description: x }] }]),
  },
  { name: "link text", limit: 20, path: "link.text", build: (x) => message.text("b").link(x, "https://e.com") },
  {
    name: "location name",
    limit: 1000,
    path: "location.name",
    build: (x) => message.location({ latitude: 52, longitude: 4, name: x }),
  },
  {
    name: "location address",
    limit: 1000,
    path: "location.address",
    build: (x) => message.location({ latitude: 52, longitude: 4, address: x }),
  },
  { name: "location request body", limit: 1024, path: "body", build: (x) => message.text(x).locationRequest() },
];

describe("fit: truncation at every limit", () => {
  for (const f of fields) {
    it(`${f.name}: ${f.limit} is kept as is, ${f.limit + 1} is cut to ${f.limit} with a warning`, () => {
      const exact = f.build("x".repeat(f.limit)).to(TO, T);
      equal(get(exact.message, f.path), "x".repeat(f.limit));
      deepEqual(exact.warnings, []);
      const long = f.build("x".repeat(f.limit + 1)).to(TO, T);
      const value = get(long.message, f.path) as string;
      equal(value, "x".repeat(f.limit - 1) + "…");
      equal(long.warnings.length, 1);
      const w = long.warnings[0]!;
      equal(w.path, f.path);
      equal(w.limit, f.limit);
      equal(w.received, f.limit + 1);
      match(
        w.message,
        new RegExp(
          `^\`${f.path.replace(/[[\]().]/g, "\\$&")}\` was ${f.limit + 1} characters; WhatsApp allows at most ${f.limit}, so it was shortened`,
        ),
      );
      validateMessage(long.message);
      // The default policy still refuses it, naming the same path.
      const e = throws<ValidationError>(() => f.build("x".repeat(f.limit + 1)).to(TO), isValidationError);
      ok(e.issues.some((i) => i.path === f.path && i.limit === f.limit));
    });
    for (const [kind, unit] of Object.entries(units)) {
      it(`${f.name}: ${kind} is never split, and the result with its ellipsis fits`, () => {
        const size = cp(unit);
        const text = unit.repeat(Math.ceil(f.limit / size) + 2);
        const fitted = f.build(text).to(TO, T).message;
        const again = fitMessage(fitted, T);
        ok(again.ok && again.warnings.length === 0, "a fitted message fits again unchanged");
        for (const split of [graphemes, approxGraphemes]) {
          const built = fitMessage(assembled(f, text), { overflow: "truncate", graphemes: split });
          ok(built.ok, JSON.stringify(built.issues));
          const value = get(built.message, f.path) as string;
          ok(cp(value) <= f.limit, `${cp(value)} > ${f.limit}`);
          const kept = stem(value);
          // Whole units only, as many as fit beside the ellipsis.
          equal(kept, unit.repeat(Math.floor((f.limit - 1) / size)));
          equal(value, kept + "…");
        }
      });
    }
  }
});

/** The neutral input a builder step would assemble, without the policy (the policy under test runs on it). */
function assembled(f: (typeof fields)[number], text: string): Record<string, unknown> {
  const short = f.build("z").to(TO).message as unknown as Record<string, unknown>;
  const copy = JSON.parse(JSON.stringify(short));
  const keys = f.path.match(/[^.[\]]+/g)!;
  let o = copy;
  for (const k of keys.slice(0, -1)) o = o[/^\d+$/.test(k) ? Number(k) : k];
  o[keys.at(-1)!] = text;
  return copy;
}

describe("fit: graphemes", () => {
  const samples = [
    ...Object.values(units),
    "👩🏽‍💻",
    "🧑‍🤝‍🧑",
    "🏳️‍🌈",
    "❤️‍🔥",
    "#️⃣",
    "🇺🇳🇪🇺",
    "नमस्ते",
    "க்ஷ",
    "\r\n",
    "Zalgo: Z̴̡̛a̷l̸g̵o̶",
    "ﷺ",
    "مرحبا بالعالم",
  ];
  it("the fallback splitter agrees with Intl.Segmenter on emoji, flags, marks and RTL text", () => {
    if (!hasSegmenter) return;
    for (const s of samples.filter((x) => !/[\u0900-\u0bff]/.test(x)))
      deepEqual([...approxGraphemes(s)], [...graphemes(s)], `on ${JSON.stringify(s)}`);
  });
  it("the fallback splitter never splits a surrogate pair and loses nothing", () => {
    const splitsPair = (s: string, parts: string[]) => {
      let at = 0;
      for (const p of parts.slice(0, -1)) {
        at += p.length;
        if (/[\ud800-\udbff]/.test(s[at - 1]!) && /[\udc00-\udfff]/.test(s[at]!)) return true;
      }
      return false;
    };
    ok(splitsPair("a😀", ["a\ud83d", "\ude00"]), "the check itself catches a split pair");
    for (const s of [...samples, "a\ud800b", "\udc00x", "😀😀"]) {
      const parts = [...approxGraphemes(s)];
      equal(parts.join(""), s);
      ok(!splitsPair(s, parts), `split a surrogate pair in ${JSON.stringify(s)}`);
    }
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const parts = [...approxGraphemes(s)];
        equal(parts.join(""), s);
        ok(!splitsPair(s, parts));
      }),
      { numRuns: 300 },
    );
  });
  it("counts code points like the schemas do", () => {
    equal(codePoints("👨‍👩‍👧"), 5);
    equal(codePoints("🇳🇱"), 2);
    equal(codePoints("e\u0301"), 2);
    equal(codePoints("a\ud800"), 2); // a lone surrogate counts once
  });
});

describe("fit: truncate()", () => {
  it("cuts before a grapheme that would not fit beside the ellipsis", () => {
    const family = "👨‍👩‍👧";
    equal(truncate("x".repeat(17) + family, 20), "x".repeat(17) + "…"); // 17 + 5 + 1 > 20
    equal(truncate("x".repeat(14) + family + "yz", 20), "x".repeat(14) + family + "…"); // 14 + 5 + 1 = 20
    equal(truncate("x".repeat(18) + "🇳🇱" + "y", 20), "x".repeat(18) + "…");
    equal(truncate("x".repeat(17) + "🇳🇱" + "yz", 20), "x".repeat(17) + "🇳🇱" + "…"); // 17 + 2 + 1 = 20
  });
  it("keeps a base with its combining marks together", () => {
    equal(truncate("x".repeat(18) + "e\u0301" + "z", 20), "x".repeat(18) + "…");
    equal(truncate("x".repeat(17) + "e\u0301" + "yz", 20), "x".repeat(17) + "e\u0301" + "…");
    equal(truncate("x".repeat(18) + "e\u0301" + "z", 20, approxGraphemes), "x".repeat(18) + "…");
  });
  it("drops trailing spaces before the ellipsis", () => {
    equal(truncate("Deluxe double with a sea view", 20), "Deluxe double with…");
  });
  it("right-to-left text: the ellipsis ends the logical text, open isolates are closed", () => {
    const he = "שלום עולם ".repeat(3);
    equal(truncate(he, 20), "שלום עולם שלום עולם…");
    const isolated = "\u2067" + "שלום עולם שלום עולם שלום" + "\u2069 ok";
    const cut = truncate(isolated, 20);
    ok(cp(cut) <= 20);
    ok(cut.startsWith("\u2067") && cut.endsWith("…\u2069"), JSON.stringify(cut));
    const embedded = truncate("\u202b" + "مرحبا بالعالم مرحبا بالعالم" + "\u202c", 20, approxGraphemes);
    ok(embedded.endsWith("…\u202c") && cp(embedded) <= 20, JSON.stringify(embedded));
  });
  it("a single grapheme longer than the limit leaves the ellipsis alone", () => {
    const zalgo = "Z" + "\u0301".repeat(30);
    equal(truncate(zalgo, 20), "…");
  });
  it("text within the limit is returned as is, even with multi-unit characters", () => {
    const s = "🇳🇱".repeat(10);
    equal(truncate(s, 20), s);
  });
});

describe("fit: never truncated", () => {
  const long = (n: number) => "i".repeat(n);
  const cases: [string, () => unknown, string][] = [
    [
      "button id",
      () =>
        message
          .text("b")
          .buttons([{ id: long(257), title: "A" }])
          .to(TO, T),
      "buttons[0].id",
    ],
    [
      "a button's id derived from a long title",
      () =>
        message
          .text("b")
          .buttons([long(300)])
          .to(TO, T),
      "buttons[0].id",
    ],
    [
      "row id",
      () =>
        message
          .text("b")
          .list("Pick", [{ rows: [{ id: long(201), title: "r" }] }])
          .to(TO, T),
      "sections[0].rows[0].id",
    ],
    [
      "link URL",
      () =>
        message
          .text("b")
          .link("Open", "https://e.com/" + long(2100))
          .to(TO, T),
      "link.url",
    ],
    ["media id", () => message.image({ id: long(257) }).to(TO, T), "media[0].id"],
    [
      "file name",
      () => message.document({ url: "https://e.com/a.pdf", filename: long(241) }).to(TO, T),
      "media[0].filename",
    ],
    ["reply-to id", () => message.text("b").replyTo(long(257)).to(TO, T), "replyTo"],
    [
      "contact name",
      () => message.contacts([{ name: { formatted_name: long(1001) } }]).to(TO, T),
      "contacts[0].name.formatted_name",
    ],
    ["template name", () => message.template(long(513), { language: "en" }).to(TO, T), "template.name"],
    [
      "template parameter",
      () => message.template("t", { language: "en", params: [long(32769)] }).to(TO, T),
      "template.body[0].text",
    ],
    ["recipient", () => message.text("b").to("+3161234567890123", T), "to"],
  ];
  for (const [name, send, path] of cases)
    it(`${name} still fails under overflow: "truncate"`, () => {
      const e = throws<ValidationError>(send, isValidationError);
      ok(
        e.issues.some((i) => i.path === path),
        e.message,
      );
    });
});

describe("fit: buttons-to-list fallback", () => {
  const L = { fallback: "list" } as const;
  it("4 buttons → a list with one section, ids kept, header, body and footer kept", () => {
    const out = message
      .text("Pick a room")
      .header("Rooms")
      .footer("Prices per night")
      .buttons(["Single", "Double", { id: "suite", title: "Suite" }, "Family"], L)
      .to(TO);
    deepEqual(out.message, {
      to: TO,
      type: "list",
      body: "Pick a room",
      header: { type: "text", text: "Rooms" },
      footer: "Prices per night",
      button: "Choose",
      sections: [
        {
          rows: [
            { id: "Single", title: "Single" },
            { id: "Double", title: "Double" },
            { id: "suite", title: "Suite" },
            { id: "Family", title: "Family" },
          ],
        },
      ],
    });
    deepEqual(out.warnings, [
      {
        path: "buttons",
        limit: 3,
        received: 4,
        message:
          'The buttons were sent as a list because WhatsApp allows at most 3 reply buttons and there are 4; the list opens with a "Choose" button (fallback: "list").',
      },
    ] satisfies Warning[]);
    validateMessage(out.message);
  });
  it("3 buttons with a 22-character title → a list, the title whole", () => {
    const title = "Deluxe with sea view!!"; // 22
    equal(cp(title), 22);
    const out = message.text("Pick").buttons(["Single", "Double", title], { fallback: "list", label: "Rooms" }).to(TO);
    equal(out.message.type, "list");
    equal((out.message as any).button, "Rooms");
    equal(get(out.message, "sections[0].rows[2].title"), title);
    equal(out.warnings.length, 1);
    const w = out.warnings[0]!;
    equal(w.path, "buttons");
    equal(w.limit, 20);
    equal(w.received, 22);
    match(
      w.message,
      /sent as a list because `buttons\[2\]\.title` is 22 characters, over the 20 of a reply button \(a list row allows 24\); the list opens with a "Rooms" button/,
    );
  });
  it("11 buttons → ValidationError naming the list's limit of 10, not the buttons' 3", () => {
    const items = Array.from({ length: 11 }, (_, i) => `Choice ${i}`) as [string, ...string[]];
    const e = throws<ValidationError>(() => message.text("Pick").buttons(items, L).to(TO), isValidationError);
    deepEqual(e.issues, [
      {
        path: "buttons",
        message:
          '`buttons` has 11 buttons; even as a list (fallback: "list") WhatsApp allows at most 10 rows. Remove choices or send them in two messages.',
        limit: 10,
        received: 11,
      },
    ] satisfies Issue[]);
    const ten = message
      .text("Pick")
      .buttons(items.slice(0, 10) as [string], L)
      .to(TO);
    equal(get(ten.message, "sections[0].rows.length"), 10);
  });
  it("11 buttons under truncate too: the number of choices is never cut", () => {
    const items = Array.from({ length: 11 }, (_, i) => `${i}: a very long choice name`) as [string, ...string[]];
    const e = throws<ValidationError>(() => message.text("Pick").buttons(items, L).to(TO, T), isValidationError);
    deepEqual(
      e.issues.map((i) => i.path),
      ["buttons"],
    );
  });
  it("a title over 24 is refused without truncate, with both limits named", () => {
    const e = throws<ValidationError>(
      () =>
        message
          .text("Pick")
          .buttons(["A", "x".repeat(25)], L)
          .to(TO),
      isValidationError,
    );
    equal(e.issues.length, 1);
    equal(e.issues[0]!.path, "buttons[1].title");
    equal(e.issues[0]!.limit, 24);
    equal(e.issues[0]!.received, 25);
    match(e.issues[0]!.message, /at most 20 on a button and 24 on a list row/);
  });
  it("with truncate as well, the list wins: a 30-character title keeps 23 characters in a row", () => {
    const title = "Family room with garden terrace"; // 31
    const out = message.text("Pick").buttons(["A", title], L).to(TO, T);
    equal(out.message.type, "list");
    equal(get(out.message, "sections[0].rows[1].title"), "Family room with garden…");
    deepEqual(
      out.warnings.map((w) => [w.path, w.limit, w.received]),
      [
        ["buttons", 20, 31],
        ["sections[0].rows[1].title", 24, 31],
      ],
    );
  });
  it("fits as buttons: nothing changes, no warning", () => {
    const out = message.text("Pick").buttons(["Yes", "No"], L).to(TO);
    equal(out.message.type, "buttons");
    deepEqual(out.warnings, []);
  });
  it("a media header cannot go into a list: ValidationError at header", () => {
    const e = throws<ValidationError>(
      () => message.text("Pick").header({ image: "https://e.com/a.png" }).buttons(["A", "B", "C", "D"], L).to(TO),
      isValidationError,
    );
    deepEqual(
      e.issues.map((i) => i.path),
      ["header"],
    );
    match(
      e.issues[0]!.message,
      /^`header` is an image, but these buttons can only be sent as a list \(WhatsApp allows at most 3 reply buttons and there are 4\), and a list message takes a text header only/,
    );
  });
  it("a media header with a long title under truncate: the buttons stay, the title is cut", () => {
    const out = message
      .text("Pick")
      .header({ image: "https://e.com/a.png" })
      .buttons(["A", "x".repeat(22)], L)
      .to(TO, T);
    equal(out.message.type, "buttons");
    equal(get(out.message, "buttons[1].title"), "x".repeat(19) + "…");
    deepEqual(
      out.warnings.map((w) => w.path),
      ["buttons[1].title"],
    );
  });
  it("the list label: custom, refused over 20, truncated under truncate", () => {
    const items = ["A", "B", "C", "D"] as const;
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .buttons(items, { fallback: "list", label: "l".repeat(21) })
          .to(TO),
      issueAt("button", /is 21 characters; WhatsApp allows at most 20/),
    );
    ok(
      e.issues.some((i) => i.path === "button" && i.limit === 20),
      e.message,
    );
    const out = message
      .text("b")
      .buttons(items, { fallback: "list", label: "l".repeat(21) })
      .to(TO, T);
    equal((out.message as any).button, "l".repeat(19) + "…");
    deepEqual(
      out.warnings.map((w) => w.path),
      ["buttons", "button"],
    );
  });
  it("a button id over the 200 of a list row id is named, not a row path", () => {
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .buttons(["A", "B", "C", { id: "i".repeat(201), title: "D" }], L)
          .to(TO),
      issueAt("buttons[3].id"),
    );
    deepEqual(
      e.issues.map((i) => [i.path, i.limit, i.received]),
      [["buttons[3].id", 200, 201]],
    );
  });
  it("the same titles twice are refused as a list too", () => {
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          .buttons(["A", "B", "C", { id: "d", title: "A" }], L)
          .to(TO),
      issueAt("buttons[3].title", /repeats buttons\[0\]\.title/),
    );
    deepEqual(
      e.issues.map((i) => i.path),
      ["buttons[3].title"],
    );
    match(e.issues[0]!.message, /repeats buttons\[0\]\.title/);
  });
  it("an unknown fallback is refused", () => {
    const e = throws<ValidationError>(
      () =>
        message
          .text("b")
          // @ts-expect-error: mistyped on purpose, for the runtime check
          .buttons(["A", "B", "C", "D"], { fallback: "lists" })
          .to(TO),
      issueAt("", /the only fallback is "list"/),
    );
    ok(
      e.issues.some((i) => i.path === "" && /the only fallback is "list"/.test(i.message)),
      e.message,
    );
  });
});

describe("fit: duplicates made by truncation are never sent", () => {
  it("two titles that only differ after 19 characters: ValidationError with the fix", () => {
    const items = ["Deluxe double room - sea", "Deluxe double room - garden"] as const;
    const e = throws<ValidationError>(() => message.text("b").buttons(items).to(TO, T), isValidationError);
    equal(e.issues.length, 1);
    equal(e.issues[0]!.path, "buttons[1].title");
    match(
      e.issues[0]!.message,
      /would read "Deluxe double room…" once shortened to 20 characters, the same as buttons\[0\]\.title.*fallback: "list"/,
    );
  });
  it("...and the list fallback keeps them apart (rows allow 24)", () => {
    const items = ["Deluxe double room - sea", "Deluxe double room - garden"] as const;
    const out = message.text("b").buttons(items, { fallback: "list" }).to(TO, T);
    deepEqual(
      (out.message as any).sections[0].rows.map((r: any) => r.title),
      ["Deluxe double room - sea", "Deluxe double room - ga…"],
    );
  });
  it("rows that collide at 24 are refused as well", () => {
    const items = ["A", "B", "Deluxe double room, sea view", "Deluxe double room, sea side"] as const;
    const e = throws<ValidationError>(
      () => message.text("b").buttons(items, { fallback: "list" }).to(TO, T),
      isValidationError,
    );
    deepEqual(
      e.issues.map((i) => i.path),
      ["buttons[3].title"],
    );
  });
});

describe("fit: the overflow policy", () => {
  const long = "x".repeat(21);
  it("the default is error; per message truncate", () => {
    throws(() => message.text("b").buttons([long]).to(TO), issueAt("buttons[0].title", /at most 20/));
    equal(
      get(
        message
          .text("b")
          .buttons([{ id: "a", title: long }])
          .to(TO, T).message,
        "buttons[0].title",
      ),
      "x".repeat(19) + "…",
    );
  });
  it("a client set to truncate; a message can ask for error", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box, overflow: "truncate" });
    const out = wa
      .text("b")
      .buttons([{ id: "a", title: long }])
      .to(TO);
    equal(out.warnings.length, 1);
    await out;
    equal(box.sent.length, 1);
    equal(get(box.sent[0], "buttons[0].title"), "x".repeat(19) + "…");
    throws(
      () =>
        wa
          .text("b")
          .buttons([{ id: "a", title: long }])
          .to(TO, { overflow: "error" }),
      issueAt("buttons[0].title", /at most 20/),
    );
  });
  it("bulk sends take the policy too, per recipient", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const draft = wa.text("b").buttons([{ id: "a", title: long }]);
    const results = await draft.to([TO, "+31687654321"], { overflow: "truncate", concurrency: 1 });
    ok(
      results.every((r) => r.ok),
      JSON.stringify(results),
    );
    equal(box.sent.length, 2);
    for await (const entry of draft.to([TO], { overflow: "truncate" }).entries())
      equal(entry.outgoing?.warnings.length, 1);
    const refused = await draft.to([TO]);
    ok(!refused[0]!.ok && isValidationError(refused[0]!.error));
  });
  it("an unknown overflow is refused: CONFIG on the client, VALIDATION per message", () => {
    // @ts-expect-error: mistyped on purpose, for the runtime check
    const e = throws<WaError>(() => whatsapp({ provider: sandbox(), overflow: "cut" }), isWaError);
    equal(e.code, "CONFIG");
    // @ts-expect-error: mistyped on purpose, for the runtime check
    const v = throws<ValidationError>(() => message.text("b").to(TO, { overflow: "cut" }), isValidationError);
    match(v.issues[0]!.message, /overflow option is "cut"; use "error"/);
  });
  it("no warnings under the default policy", () => {
    deepEqual(message.text("b").buttons(["A"]).to(TO).warnings, []);
  });
});

describe("fit: check()", () => {
  it("reports issues and warnings without throwing, under the same policy", () => {
    const draft = message.text("b").buttons(["x".repeat(21), "y".repeat(30)]);
    const strict = draft.check();
    equal(strict.ok, false);
    deepEqual(
      strict.issues.map((i) => i.path),
      ["buttons[0].title", "buttons[1].title"],
    );
    deepEqual(strict.warnings, []);
    const loose = draft.check(undefined, T);
    equal(loose.ok, true);
    deepEqual(loose.issues, []);
    deepEqual(
      loose.warnings.map((w) => w.path),
      ["buttons[0].title", "buttons[1].title"],
    );
  });
  it("warnings with ok: true when truncation makes it fit", () => {
    const r = message
      .text("b")
      .buttons([{ id: "a", title: "x".repeat(21) }])
      .check(TO, T);
    deepEqual(r, {
      ok: true,
      issues: [],
      warnings: [
        {
          path: "buttons[0].title",
          limit: 20,
          received: 21,
          message:
            '`buttons[0].title` was 21 characters; WhatsApp allows at most 20, so it was shortened to "xxxxxxxxxxxxxxxxxxx…".',
        },
      ],
    });
  });
  it("issues and warnings together", () => {
    const r = message
      .text("b")
      .buttons([{ id: " a", title: "x".repeat(21) }])
      .check(TO, T);
    equal(r.ok, false);
    deepEqual(
      r.issues.map((i) => i.path),
      ["buttons[0].id"],
    );
    deepEqual(
      r.warnings.map((w) => w.path),
      ["buttons[0].title"],
    );
  });
  it("the fallback shows in check()", () => {
    const r = message.text("b").buttons(["A", "B", "C", "D"], { fallback: "list" }).check();
    equal(r.ok, true);
    deepEqual(
      r.warnings.map((w) => w.path),
      ["buttons"],
    );
  });
  it("never throws on junk options", () => {
    for (const junk of [null, 5, "x", { overflow: 1 }, []]) {
      const r = message
        .text("b")
        // @ts-expect-error: mistyped on purpose, for the runtime check
        .buttons(["A"], junk)
        // @ts-expect-error: mistyped on purpose, for the runtime check
        .check(undefined, junk);
      ok(typeof r.ok === "boolean");
    }
  });
});

describe("fit: the pure functions", () => {
  it("fit() never mutates its input and returns it as is when nothing changes", () => {
    const input = deepFreeze({
      to: TO,
      type: "buttons",
      body: "b",
      buttons: [
        { id: "a", title: "x".repeat(30) },
        { id: "b", title: "B" },
      ],
    });
    const r = fit(input, T);
    ok(r.input !== input);
    equal(get(r.input, "buttons[0].title"), "x".repeat(19) + "…");
    equal(get(r.input, "buttons[1]"), input.buttons[1], "unchanged parts are shared, not copied");
    const same = { to: TO, type: "text", body: "hi" };
    equal(fit(same, T).input, same);
    equal(fit("junk", T).input, "junk");
  });
  it("fitMessage() on posted JSON gives what the builder gives (a proxy re-checks with the same policy)", () => {
    const draft = message
      .text("b".repeat(1030))
      .footer("f".repeat(70))
      .buttons(["A", "B", "C", "Deluxe double with sea view"], { fallback: "list" });
    const out = draft.to(TO, T);
    const raw = {
      to: TO,
      type: "buttons",
      body: "b".repeat(1030),
      footer: "f".repeat(70),
      buttons: ["A", "B", "C", "Deluxe double with sea view"].map((t) => ({ id: t, title: t })),
    };
    const server = fitMessage(raw, { overflow: "truncate", buttons: { fallback: "list" } });
    ok(server.ok);
    deepEqual(server.message, out.message);
    deepEqual(server.warnings, out.warnings);
    const again = fitMessage(JSON.parse(JSON.stringify(out.message)), T);
    ok(again.ok);
    deepEqual(again.message, out.message);
    deepEqual(again.warnings, []);
    const refused = fitMessage(raw);
    equal(refused.ok, false);
  });
});

function deepFreeze<T>(o: T): T {
  if (typeof o === "object" && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

// ---- property ----

const TRUNCATABLE =
  /^(body|footer|header\.text|button|link\.text|location\.(name|address)|media\[\d+\]\.(caption|altText)|buttons\[\d+\]\.title|sections\[\d+\]\.title|sections\[\d+\]\.rows\[\d+\]\.(title|description))$/;

const piece = fc.oneof(
  fc.constantFrom(
    ...Object.values(units),
    " ",
    "word ",
    "Deluxe ",
    "\u2067",
    "\u2069",
    "\u202b",
    "\u202c",
    "\u200d",
    "\ufe0f",
    "\u0301",
    "🏽",
    "\r\n",
  ),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 4 }),
);
// Mostly non-empty (an empty field is refused for another reason), often past the limit.
const text = (max: number) => {
  const mixed = fc
    .array(piece, { minLength: 1, maxLength: max })
    .map((a) => a.join(""))
    .filter((x) => x !== "");
  const repeated = fc
    .tuple(fc.constantFrom(...Object.values(units)), fc.integer({ min: 1, max: max * 2 }))
    .map(([u, n]) => u.repeat(n));
  return fc.oneof(
    { weight: 30, arbitrary: mixed },
    { weight: 30, arbitrary: repeated },
    { weight: 20, arbitrary: fc.tuple(mixed, repeated).map(([a, b]) => a + b) },
    { weight: 1, arbitrary: fc.constant("") },
  );
};
const id = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z0-9]{1,12}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const buttonItem = fc.oneof(text(20), fc.record({ id, title: text(20) }));
const row = fc.record({ id, title: text(20), description: fc.option(text(50), { nil: undefined }) });

const drafts: fc.Arbitrary<Draft<any>> = fc.oneof(
  text(60).map((b) => message.text(b)),
  fc
    .tuple(text(40), text(600), fc.option(text(30), { nil: undefined }))
    .map(([c, a, f]) => message.image({ url: "https://e.com/a.png", caption: c + a, altText: f })),
  fc.tuple(text(30), text(30)).map(([name, address]) => message.location({ latitude: 1, longitude: 2, name, address })),
  fc
    .tuple(
      text(30),
      fc.array(buttonItem, { minLength: 1, maxLength: 12 }),
      fc.option(fc.record({ fallback: fc.constant("list" as const), label: fc.option(text(15), { nil: undefined }) }), {
        nil: undefined,
      }),
      fc.option(text(40), { nil: undefined }),
      fc.option(text(40), { nil: undefined }),
      fc.boolean(),
    )
    .map(([body, items, options, header, footer, media]) => {
      let d: any = message.text(body).buttons(items as any, options);
      if (media) d = d.header({ image: "https://e.com/h.png" });
      else if (header !== undefined) d = d.header(header);
      return footer === undefined ? d : d.footer(footer);
    }),
  fc
    .tuple(
      text(30),
      text(15),
      fc.array(
        fc.record({
          title: fc.option(text(16), { nil: undefined }),
          rows: fc.array(row, { minLength: 1, maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([body, label, sections]) => message.text(body).list(label, sections as any)),
  fc.tuple(text(30), text(15)).map(([body, t]) => message.text(body).link(t, "https://e.com/x")),
  text(40).map((b) => message.text(b).locationRequest()),
);

const header = fc.oneof(
  { weight: 4, arbitrary: text(40).map((t) => ({ type: "text", text: t })) },
  { weight: 1, arbitrary: fc.constant({ type: "image", media: { url: "https://e.com/h.png" } }) },
);
const interactive = fc.record({ body: text(30), header, footer: text(40) }, { requiredKeys: ["body"] });
const inputs: fc.Arbitrary<{ input: Record<string, unknown>; buttons?: { fallback: "list"; label?: string } }> =
  fc.oneof(
    text(2100).map((body) => ({ input: { to: TO, type: "text", body } })),
    fc.tuple(text(600), text(20)).map(([caption, altText]) => ({
      input: { to: TO, type: "image", media: [{ url: "https://e.com/a.png", caption: caption + " ", altText }] },
    })),
    fc.tuple(text(30), text(30)).map(([name, address]) => ({
      input: { to: TO, type: "location", location: { latitude: 1, longitude: 2, name, address } },
    })),
    fc
      .tuple(
        interactive,
        fc.array(fc.record({ id, title: text(20) }), { minLength: 1, maxLength: 12 }),
        fc.option(
          fc.record({ fallback: fc.constant("list" as const), label: text(15) }, { requiredKeys: ["fallback"] }),
          { nil: undefined },
        ),
      )
      .map(([parts, buttons, options]) => ({
        input: { to: TO, type: "buttons", ...parts, buttons },
        buttons: options,
      })),
    fc
      .tuple(
        interactive,
        text(15),
        fc.array(
          fc.record(
            { title: text(16), rows: fc.array(row, { minLength: 1, maxLength: 4 }) },
            { requiredKeys: ["rows"] },
          ),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([parts, button, sections]) => ({ input: { to: TO, type: "list", ...parts, button, sections } })),
    fc
      .tuple(interactive, text(15))
      .map(([parts, t]) => ({ input: { to: TO, type: "link", ...parts, link: { text: t, url: "https://e.com/x" } } })),
    text(40).map((body) => ({ input: { to: TO, type: "locationRequest", body } })),
  );

describe("property: overflow truncate gives a valid message with warnings, or a ValidationError only for what cannot be cut", () => {
  const refusedOnlyForUncuttable = (issues: readonly Issue[]) => {
    for (const i of issues)
      ok(
        !(TRUNCATABLE.test(i.path) && i.limit !== undefined && i.received !== undefined && i.received > i.limit),
        `over-long truncatable field refused: ${i.path}: ${i.message}`,
      );
  };

  it("through the builder, for drafts of every interactive kind", () => {
    fc.assert(
      fc.property(drafts, (draft) => {
        try {
          const out = draft.to(TO, T);
          validateMessage(JSON.parse(JSON.stringify(out.message)));
          for (const w of out.warnings)
            ok(
              w.path === "buttons" ||
                (typeof w.limit === "number" && cp(get(out.message, w.path) as string) <= w.limit),
            );
        } catch (e) {
          if (!isValidationError(e)) throw e;
          refusedOnlyForUncuttable(e.issues);
        }
      }),
      { numRuns: 250 },
    );
  });

  it("on neutral JSON (what a proxy receives): only warned fields change, each to a grapheme-whole prefix that fits", () => {
    fc.assert(
      fc.property(inputs, ({ input, buttons }) => {
        const r = fitMessage(input, { overflow: "truncate", buttons });
        if (!r.ok) return refusedOnlyForUncuttable(r.issues);
        const m: Message = validateMessage(JSON.parse(JSON.stringify(r.message)));
        // What was given, in the shape sent: the fallback applied by hand, nothing cut.
        const { buttons: items, ...rest } = input as any;
        const before =
          r.message.type === "list" && input.type === "buttons"
            ? { ...rest, type: "list", button: buttons?.label ?? "Choose", sections: [{ rows: items }] }
            : input;
        const restored = JSON.parse(JSON.stringify(r.message));
        for (const w of r.warnings) {
          if (w.path === "buttons") continue; // the fallback itself
          const value = get(m, w.path) as string;
          ok(typeof value === "string" && cp(value) <= w.limit!, `${w.path} does not fit`);
          const original = get(before, w.path) as string;
          equal(cp(original), w.received);
          const kept = stem(value);
          ok(
            original.startsWith(kept),
            `${w.path}: ${JSON.stringify(kept)} is not a prefix of ${JSON.stringify(original)}`,
          );
          if (hasSegmenter) {
            let acc = "";
            const boundaries = new Set([""]);
            for (const x of graphemes(original)) boundaries.add((acc += x));
            ok(boundaries.has(kept), `${w.path}: cut inside a grapheme: ${JSON.stringify(kept)}`);
          }
          put(restored, w.path, original);
        }
        deepEqual(restored, JSON.parse(JSON.stringify(before)), "a field changed without a warning");
        // A second pass (a proxy re-checking) changes nothing.
        const again = fitMessage(m, T);
        ok(again.ok && again.warnings.length === 0);
        deepEqual(again.message, m);
      }),
      { numRuns: 400 },
    );
  });

  it("truncate() on any string and limit: fits, and keeps a grapheme-whole prefix, with either splitter", () => {
    fc.assert(
      fc.property(
        fc.oneof(text(40), fc.string({ unit: "binary", maxLength: 60 })),
        fc.integer({ min: 1, max: 80 }),
        (s, limit) => {
          for (const split of [graphemes, approxGraphemes]) {
            const out = truncate(s, limit, split);
            ok(cp(out) <= limit);
            if (cp(s) <= limit) equal(out, s);
            else {
              let acc = "";
              const boundaries = new Set([""]);
              for (const x of split(s)) boundaries.add((acc += x));
              ok(boundaries.has(stem(out)), JSON.stringify([s, out]));
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

function put(o: any, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g)!;
  for (const k of keys.slice(0, -1)) o = o[/^\d+$/.test(k) ? Number(k) : k];
  o[keys.at(-1)!] = value;
}
