// The written trunk prefix "(0)" is dropped only right after a whole country code: which codes
// have two digits decides it, for every one of the 100 two-digit prefixes.
import { recipient } from "../src/core/normalize.ts";
import { describe, equal, it } from "./harness.ts";

// ITU-T E.164 assigned country codes of two digits (the ITU's list of country codes).
const TWO_DIGIT =
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(
    " ",
  );

describe("recipients: two-digit country codes", () => {
  it("drops (0) after each two-digit code (not Italy's 39), and refuses it after any other two digits", () => {
    for (let i = 10; i < 100; i++) {
      const cc = String(i);
      const typed = `+${cc} (0)61234567`;
      const whole = TWO_DIGIT.includes(cc) && cc !== "39" && cc[0] !== "1" && cc[0] !== "7";
      equal(recipient(typed), whole ? `+${cc}61234567` : typed, typed);
    }
  });

  it("reads a one-digit code (1, 7) and a three-digit one by their first digits", () => {
    equal(recipient("+1 (0)2025550123"), "+12025550123");
    equal(recipient("+7 (0)4951234567"), "+74951234567");
    equal(recipient("+212 (0)612345678"), "+212612345678");
    equal(recipient("+21 (0)2612345678"), "+21 (0)2612345678");
    equal(recipient("+353 (0)851234567"), "+353851234567");
  });
});
