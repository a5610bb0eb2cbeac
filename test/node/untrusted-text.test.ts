// Issue 23: a provider's answer is untrusted text. describeBody reads it in one pass (the tag
// stripping regex it replaces was quadratic on a run of "<": 64 KiB blocked a server for
// seconds; test/node/redos.test.ts pins that no regex of src/ backtracks), and the transport
// reads an answer with a byte cap before anything parses it.
import { describe, it, equal } from "../harness.ts";
import fc from "fast-check";
import { describeBody } from "../../src/provider.ts";

/** describeBody's text branch as it was (tags to spaces by regex): the reference on short input. */
const reference = (body: string) => {
  const text = body
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? "an empty body" : `"${text.slice(0, 200)}${text.length > 200 ? "…" : ""}"`;
};

describe("describeBody: untrusted text in one pass", () => {
  it("describes as the tag-stripping regex did (random short bodies of tags, spaces and text)", () => {
    const unit = fc.constantFrom("<", ">", "a", "b", " ", "\n", "\t", "\u00a0", "\u2028", "é", "/");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 500 }), (body) => describeBody(body) === reference(body)),
      { numRuns: 3000 },
    );
  });

  it("adversarial shapes of 64 KiB and 1 MiB: the first 200 visible characters, tags dropped", () => {
    for (const size of [64 * 1024, 1024 * 1024]) {
      equal(describeBody("<".repeat(size)), `"${"<".repeat(200)}…"`, "a run of < with no > is text");
      equal(describeBody(`${"<".repeat(size)}>ok`), '"ok"', "a run of < closed once is one tag");
      equal(describeBody("<a".repeat(size / 2)), `"${"<a".repeat(100)}…"`);
      equal(describeBody(`${" \n".repeat(size / 2)}x`), '"x"');
      equal(describeBody("<b>x</b> ".repeat(size / 9)), `"${"x ".repeat(100)}…"`);
    }
  });

  it("keeps what it said of JSON and of empty bodies", () => {
    equal(describeBody("<h1>Bad Gateway</h1>\n"), '"Bad Gateway"');
    equal(describeBody(" <br> "), "an empty body");
    equal(describeBody({ error: "x" }), '{"error":"x"}');
    equal(describeBody(undefined), "no body");
  });
});
