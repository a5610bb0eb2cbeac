// console.log of a public schema shows the schema (Node's inspector reads a proxy's target).
import { inspect } from "node:util";
import { built } from "../../src/core/schemas/lazy.ts";
import { ButtonSchema, TextMessageSchema } from "../../src/core/schemas/index.ts";
import { describe, it, equal } from "../harness.ts";

describe("lazy schemas in Node's inspector", () => {
  it("inspect() of a public schema prints the schema behind it, also before its first use", () => {
    equal(inspect(ButtonSchema, { depth: 4 }), inspect(built(ButtonSchema), { depth: 4 }));
    equal(inspect(TextMessageSchema), inspect(built(TextMessageSchema)));
  });
});
