// A message with thousands of problems lists the first MAX_ISSUES issues and counts the rest
// exactly in a last issue (`more`), and in `ValidationError.more`: 20 000 duplicate rows cost
// 101 issues, not 20 000 (which took 100–200 ms and a message of megabytes).
import {
  checkMessage,
  fitMessage,
  isValidationError,
  MAX_ISSUES,
  message,
  type ValidationError,
  validateMessage,
} from "../src/index.ts";
import { describe, equal, it, match, ok, throws } from "./harness.ts";

const TO = "+31612345678";
const N = 20_000;
const rows = Array.from({ length: N }, () => ({ id: "a", title: "A" }));
const list = { type: "list", to: TO, body: "Pick one", button: "Pick", sections: [{ rows }] };
// Found: rows over 10 in the section, rows over 10 in all, and N - 1 repeated ids.
const FOUND = 2 + (N - 1);

describe("at most MAX_ISSUES issues per message", () => {
  it("20 000 duplicate rows: 100 issues listed, the rest counted exactly", () => {
    equal(MAX_ISSUES, 100);
    const r = checkMessage(list);
    equal(r.ok, false);
    equal(r.issues.length, MAX_ISSUES + 1);
    ok(r.issues.slice(0, MAX_ISSUES).every((i) => i.more === undefined && i.path !== ""));
    const last = r.issues.at(-1)!;
    equal(last.path, "");
    equal(last.more, FOUND - MAX_ISSUES);
    match(last.message, new RegExp(`^…and ${FOUND - MAX_ISSUES} more issues not listed \\(only the first 100 are\\)`));
  });

  it("the ValidationError says how many were not listed, and its message stays short", () => {
    const e = throws<ValidationError>(() => validateMessage(list), isValidationError);
    equal(e.issues.length, MAX_ISSUES + 1);
    equal(e.more, FOUND - MAX_ISSUES);
    match(e.message, new RegExp(`^Invalid message \\(${FOUND} issues\\): `));
    ok(e.message.length < 20_000, `message of ${e.message.length} characters`);
  });

  it("20 000 duplicate buttons through the builder and fitMessage", () => {
    const items = Array.from({ length: N }, () => ({ id: "a", title: "A" }));
    const e = throws<ValidationError>(() => message.text("hi").buttons(items).to(TO), isValidationError);
    // Over 3 buttons, and each repeat of the title and of the id.
    const found = 1 + 2 * (N - 1);
    equal(e.issues.length, MAX_ISSUES + 1);
    equal(e.more, found - MAX_ISSUES);
    const checked = message.text("hi").buttons(items).check(TO);
    equal(checked.issues.length, MAX_ISSUES + 1);
    equal(checked.issues.at(-1)!.more, found - MAX_ISSUES);
    const fitted = fitMessage({ type: "buttons", to: TO, body: "hi", buttons: items }, { overflow: "truncate" });
    ok(fitted.issues.length <= MAX_ISSUES + 1);
    equal(fitted.issues.at(-1)!.more !== undefined, true);
  });

  it("up to MAX_ISSUES issues are all listed, with no count", () => {
    const few = { ...list, sections: [{ rows: rows.slice(0, 50) }] };
    const r = checkMessage(few);
    equal(r.issues.length, 2 + 49);
    ok(r.issues.every((i) => i.more === undefined));
    const e = throws<ValidationError>(() => validateMessage(few), isValidationError);
    equal(e.more, 0);
  });
});
