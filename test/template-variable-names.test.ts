// Named template variables whose names are also names of Object.prototype's members
// (`constructor`, `toString`) or of the prototype machinery (`__proto__`, `prototype`) reach the
// compiled body of every provider that takes named variables, as own keys: valibot's record
// skipped the last three, and Zixflow read `toString` as "also set by the header".
import { bird, checkMessage, cloudApi, kaleyra, message, sandbox, whatsapp, zixflow } from "../src/index.ts";
import { describe, deepEqual, equal, it, ok } from "./harness.ts";

const TO = "+31612345678";
// JSON.parse makes `__proto__` an own key, as a body posted to a proxy would; an object literal
// would set the prototype instead.
const META_NAMES = JSON.parse('{"__proto__":"a","constructor":"b","prototype":"c"}');
const ALL_NAMES = JSON.parse('{"__proto__":"a","constructor":"b","prototype":"c","toString":"d"}');
const draft = (variables: Record<string, string>) =>
  message.template("order_update", { language: "en", variables }).to(TO);
const own = (o: unknown) => Object.entries(o as object);

describe("template variables with special names", () => {
  it("validation keeps every name, as own keys, prototype untouched", () => {
    const r = checkMessage({
      type: "template",
      to: TO,
      template: { name: "order_update", language: "en", variables: ALL_NAMES },
    });
    ok(r.ok);
    const vars = r.message.type === "template" ? r.message.template.variables : undefined;
    deepEqual(own(vars), [
      ["__proto__", "a"],
      ["constructor", "b"],
      ["prototype", "c"],
      ["toString", "d"],
    ]);
    equal(Object.getPrototypeOf(vars), Object.prototype);
    equal(draft(ALL_NAMES).message.type, "template");
  });

  it("Cloud API sends each as a named parameter", () => {
    const body = draft(META_NAMES).compile(cloudApi({ accessToken: "TOKEN", phoneNumberId: "1234567890" })).body as any;
    deepEqual(body.template.components, [
      {
        type: "body",
        parameters: [
          { type: "text", parameter_name: "__proto__", text: "a" },
          { type: "text", parameter_name: "constructor", text: "b" },
          { type: "text", parameter_name: "prototype", text: "c" },
        ],
      },
    ]);
  });

  it("Kaleyra (Meta's shape) sends each as a named parameter", () => {
    const provider = kaleyra({ apiKey: "k-123456", sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in" });
    const body = draft(META_NAMES).compile(provider).body as any;
    deepEqual(
      body.messaging_object.template.components[0].parameters.map((p: any) => p.parameter_name),
      ["__proto__", "constructor", "prototype"],
    );
  });

  it("Bird sends each as a parameter key", () => {
    const provider = bird({
      accessKey: "k-123456",
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
    });
    const body = message
      .template("e7d8c1a2-0000-4000-8000-000000000001", { language: "en", variables: ALL_NAMES })
      .to(TO)
      .compile(provider).body as any;
    deepEqual(
      body.template.parameters.map((p: any) => [p.key, p.value]),
      [
        ["__proto__", "a"],
        ["constructor", "b"],
        ["prototype", "c"],
        ["toString", "d"],
      ],
    );
  });

  it("Zixflow sends each as a variable, toString included", () => {
    const body = draft(ALL_NAMES).compile(zixflow({ apiKey: "ZX-KEY", phoneId: "104898309288724" })).body as any;
    deepEqual(own(body.variables), [
      ["__proto__", "a"],
      ["constructor", "b"],
      ["prototype", "c"],
      ["toString", "d"],
    ]);
    equal(Object.getPrototypeOf(body.variables), Object.prototype);
    // …and through JSON, as the transport sends it.
    deepEqual(
      own(JSON.parse(JSON.stringify(body)).variables).map(([k]) => k),
      ["__proto__", "constructor", "prototype", "toString"],
    );
  });

  it("the sandbox records them as sent", async () => {
    const box = sandbox();
    await whatsapp({ provider: box }).template("order_update", { language: "en", variables: ALL_NAMES }).to(TO);
    const sent = box.sent[0]!;
    deepEqual(
      own(sent.type === "template" ? sent.template.variables : undefined).map(([k]) => k),
      ["__proto__", "constructor", "prototype", "toString"],
    );
  });
});
