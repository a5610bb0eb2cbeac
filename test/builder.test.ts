import {
  whatsapp,
  message,
  sandbox,
  ValidationError,
  WaError,
  isWaError,
  isValidationError,
  Outgoing,
  validateMessage,
} from "../src/index.ts";
import { describe, it, ok, equal, deepEqual, throws, rejects, issueAt, hasCode } from "./harness.ts";
import { httpProvider } from "../src/providers/_kit/index.ts";

const TO = "+31612345678";

describe("builder", () => {
  it("the issue's example works end to end on the sandbox", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const out = wa
      .text("Order #1042 shipped")
      .buttons(["Track", { id: "help", title: "Help" }])
      .footer("Reply STOP to opt out")
      .to(TO);
    deepEqual(out.message, {
      to: TO,
      type: "buttons",
      body: "Order #1042 shipped",
      footer: "Reply STOP to opt out",
      buttons: [
        { id: "Track", title: "Track" },
        { id: "help", title: "Help" },
      ],
    });
    const req = out.compile();
    equal(req.method, "POST");
    deepEqual(req.body, out.message);
    equal(box.sent.length, 0, "nothing is sent before the Outgoing is awaited");
    const res = await out;
    equal(res.provider, "sandbox");
    equal(res.status, "accepted");
    ok(typeof res.id === "string" && res.id.length > 8);
    deepEqual(box.sent, [out.message]);
  });

  it("every call returns a new draft with no state a user can reach; a partial draft is reusable", () => {
    const base = message.text("Pick one");
    const a = base.buttons(["A", "B"]);
    const b = base.buttons(["C"]).footer("f");
    // Drafts are not frozen (Object.freeze per call cost ~8% of a compile): their state is private
    // and their methods sit on a frozen prototype (test/immutable.test.ts tries to change them).
    ok(
      [base, a, b].every(
        (d) => Object.getOwnPropertyNames(d).length === 0 && Object.isFrozen(Object.getPrototypeOf(d)),
      ),
    );
    ok(a !== base && b !== base);
    const ma = a.to(TO).message,
      mb = b.to(TO).message;
    ok(ma.type === "buttons" && mb.type === "buttons");
    deepEqual(ma.buttons, [
      { id: "A", title: "A" },
      { id: "B", title: "B" },
    ]);
    deepEqual(mb.buttons, [{ id: "C", title: "C" }]);
    equal((a.to(TO).message as any).footer, undefined, "b's footer did not leak into a");
    equal(base.to(TO).message.type, "text");
    // Mutating the caller's input after the call does not change the built message.
    const items: [string, string] = ["X", "Y"];
    const d = message.text("x").buttons(items);
    const first = d.to(TO).message;
    items[0] = "Z";
    ok(first.type === "buttons" && first.buttons[0]!.title === "X");
  });

  it("messages are plain JSON and survive a round trip", () => {
    const built = [
      message.text("hi", { previewUrl: true }).replyTo("wamid.X").ref({ order: 1042 }).to(TO),
      message.image(["https://e.com/a.png", { url: "https://e.com/b.png", altText: "b" }]).to(TO),
      message.document({ url: "https://e.com/a.pdf", filename: "a.pdf", caption: "Invoice" }).to(TO),
      message.location({ latitude: 52.37, longitude: 4.89, name: "Dam" }).to(TO),
      message
        .contacts([{ name: { formatted_name: "Ada Lovelace" }, phones: [{ phone: "+441234", type: "WORK" }] }])
        .to(TO),
      message.reaction("wamid.1", "❤️").to(TO),
      message
        .text("Menu")
        .list("Open", [{ title: "Mains", rows: ["Pasta", { id: "p2", title: "Pizza", description: "Margherita" }] }])
        .header("Today")
        .to(TO),
      message.text("Read more").link("Open", "https://e.com/post").header({ image: "https://e.com/h.png" }).to(TO),
      message.text("Where are you?").locationRequest().to(TO),
      message
        .template("order_update", {
          language: "en_US",
          params: ["Ada", 3],
          header: { image: "https://e.com/h.png" },
          buttons: [{ type: "url", text: "1042" }],
        })
        .options({ bird: { projectId: "p" } })
        .to(TO),
    ];
    for (const out of built) {
      const json = JSON.parse(JSON.stringify(out));
      deepEqual(json, out.message);
      deepEqual(validateMessage(json), out.message, "a round-tripped message validates to itself");
    }
  });

  it("short and full forms: strings become ids and titles deterministically", () => {
    const m = message
      .text("b")
      .buttons([" Yes ", { title: "No" }, { id: "later", title: "Later" }])
      .to(TO).message;
    ok(m.type === "buttons");
    deepEqual(m.buttons, [
      { id: "Yes", title: " Yes " },
      { id: "No", title: "No" },
      { id: "later", title: "Later" },
    ]);
    const l = message
      .text("b")
      .list("Pick", [{ rows: ["One"] }])
      .to(TO).message;
    ok(l.type === "list");
    deepEqual(l.sections, [{ rows: [{ id: "One", title: "One" }] }]);
  });

  it("template shorthand: strings and numbers are text parameters, button index defaults to position", () => {
    const m = message
      .template("t", {
        language: "en",
        params: ["a", 2],
        header: "H",
        buttons: [
          { type: "quickReply", payload: "p" },
          { type: "url", index: 3, text: "x" },
        ],
      })
      .to(TO).message;
    ok(m.type === "template");
    deepEqual(m.template, {
      name: "t",
      language: "en",
      header: [{ type: "text", text: "H" }],
      body: [
        { type: "text", text: "a" },
        { type: "text", text: "2" },
      ],
      buttons: [
        { type: "quickReply", index: 0, payload: "p" },
        { type: "url", index: 3, text: "x" },
      ],
    });
  });

  it("options merge across calls", () => {
    const m = message
      .text("x")
      .options({ bird: { tags: ["a"] } })
      .options({ kaleyra: { waSource: "api" } })
      .to(TO).message;
    deepEqual(m.options, { bird: { tags: ["a"] }, kaleyra: { waSource: "api" } });
  });

  it("a footer on plain text is refused with a fix", () => {
    const e = throws<ValidationError>(() => message.text("x").footer("f").to(TO), isValidationError);
    ok(
      e.issues.some((i) => i.path === "footer" && /not a field of a text message/.test(i.message)),
      e.message,
    );
  });

  it("check() never throws and ignores the recipient when none is given", () => {
    const good = message.text("hi").check();
    deepEqual(good, { ok: true, issues: [], warnings: [] });
    const bad = message.text("").buttons([""]).check();
    equal(bad.ok, false);
    ok(bad.issues.length >= 2);
    const badTo = message.text("hi").check("123");
    equal(badTo.ok, false);
    equal(badTo.issues[0]!.path, "to");
  });

  it("an unbound message compiles for a given provider but cannot send", async () => {
    const out = message.text("x").to(TO);
    ok(out instanceof Outgoing);
    deepEqual(out.compile(sandbox()).body, out.message);
    throws<WaError>(
      () => out.compile(),
      (e) => e.code === "CONFIG",
    );
    await rejects<WaError>(out.send(), (e) => isWaError(e) && e.code === "CONFIG");
  });

  it("an Outgoing sends once, however often it is awaited", async () => {
    const box = sandbox();
    const out = whatsapp({ provider: box }).text("once").to(TO);
    const [a, b] = await Promise.all([out, out.send()]);
    const c = await out;
    equal(box.sent.length, 1);
    equal(a.id, b.id);
    equal(a.id, c.id);
  });

  it("whatsapp() without a provider is a CONFIG error that says what to pass", () => {
    throws<WaError>(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => whatsapp({}),
      (e) => e.code === "CONFIG" && /sandbox\(\)/.test(e.message),
    );
    throws<WaError>(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => whatsapp(undefined),
      (e) => e.code === "CONFIG",
    );
  });

  it("bulk: one result per recipient, in order; an invalid recipient fails alone", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const seen: number[] = [];
    const results = await wa
      .text("Sale")
      .to(["+31612345678", "bad", "+4915112345678"], { concurrency: 2, onProgress: (p) => seen.push(p.done) });
    equal(results.length, 3);
    ok(results[0]!.ok && results[2]!.ok);
    ok(!results[1]!.ok && isValidationError(results[1]!.error));
    equal(results[1]!.to, "bad");
    deepEqual(box.sent.map((m) => m.to).sort(), ["+31612345678", "+4915112345678"]);
    deepEqual(seen, [1, 2, 3]);
  });

  it("bulk accepts async iterables", async () => {
    const box = sandbox();
    async function* numbers() {
      for (let i = 0; i < 25; i++) yield `+3161234${String(i).padStart(4, "0")}`;
    }
    const results = await whatsapp({ provider: box }).text("x").to(numbers(), { concurrency: 4 });
    equal(results.length, 25);
    ok(results.every((r, i) => r.ok && r.to === `+3161234${String(i).padStart(4, "0")}`));
    equal(box.sent.length, 25);
  });

  it("a ValidationError is a WaError with code VALIDATION and JSON without secrets or causes", () => {
    const e = throws<ValidationError>(() => message.text("").to(TO), issueAt("body", /is empty/));
    ok(e instanceof WaError && e instanceof ValidationError);
    equal(e.code, "VALIDATION");
    equal(e.name, "ValidationError");
    const json = e.toJSON();
    deepEqual(Object.keys(json).sort(), ["code", "issues", "message", "name"]);
  });
});

describe("builder: long chains", () => {
  it("a draft reused across 100,000 calls still assembles: the steps are applied in a loop, not recursively", () => {
    let draft = message.text("Hi");
    for (let i = 0; i < 100_000; i++) draft = draft.ref({ step: i });
    const m = draft.to(TO).message as { ref?: unknown; body?: string };
    deepEqual(m.ref, { step: 99_999 });
    equal(m.body, "Hi");
  });
});

describe("bulk entries and Retry-After", () => {
  it("entries() prepares each recipient without sending", async () => {
    const box = sandbox();
    const bulk = whatsapp({ provider: box }).text("x").to(["+31612345678", "nope"]);
    const seen: string[] = [];
    for await (const e of bulk.entries())
      seen.push(e.outgoing ? `ok ${e.outgoing.message.to}` : `err ${e.to} ${e.error.code}`);
    deepEqual(seen, ["ok +31612345678", "err nope VALIDATION"]);
    equal(box.sent.length, 0);
  });
  it("a 429 with Retry-After gives retryAfter in seconds", async () => {
    const wa = whatsapp({
      provider: httpProvider({
        ...sandbox(),
        deliver: undefined,
        name: "t",
        compile: () => ({ url: "https://x.test/", method: "POST", headers: {} }),
      } as any),
      retry: 0,
      fetch: async () =>
        new Response("{}", { status: 429, headers: { "retry-after": "7", "content-type": "application/json" } }),
    });
    const e = await rejects<any>(wa.text("x").to("+31612345678"), hasCode("RATE_LIMITED"));
    equal(e.code, "RATE_LIMITED");
    equal(e.retryAfter, 7);
  });
});
