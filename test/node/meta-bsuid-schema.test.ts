// Meta's message schema extended with the BSUID send fields (test/fixtures/meta-bsuid-extension.json,
// applied on top of the vendored v23 schema): every body the Cloud API and Kaleyra compile for a
// BSUID recipient, with and without `.ref()`, is valid; the schema without the extension refuses
// them (so the extension is what makes them pass), and the extended one still refuses a body with
// neither `to` nor `recipient`, a malformed BSUID and a callback datum over 512 characters.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { cloudApi, kaleyra, message, type Outgoing } from "../../src/index.ts";
import { describe, it, ok, deepEqual } from "../harness.ts";

const fixtures = new URL("../fixtures/", import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), "utf8"));
const base = read("meta/message.schema.json");
const extension = read("meta-bsuid-extension.json");

/** Applies the extension: `properties` merged into the target's, `required` replaced, `anyOf` set. */
function extend(schema: any, ext: any): any {
  const out = structuredClone(schema);
  const path = String(ext.target).replace(/^#\//, "").split("/");
  let target = out;
  for (const key of path) target = target[key];
  if (!target || typeof target !== "object") throw new Error(`extension target ${ext.target} not found in the schema`);
  target.properties = { ...target.properties, ...ext.properties };
  if (ext.required) target.required = ext.required;
  if (ext.anyOf) target.anyOf = ext.anyOf;
  return out;
}

function validator(schema: any) {
  const ajv = new Ajv2020({ strict: false });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  ajv.addFormat("url", true);
  const validate = ajv.compile(schema);
  return (body: unknown) =>
    validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const errors = validator(extend(base, extension));
const baseErrors = validator(base);

const BSUID = "US.13491208655302741918";
const PARENT = "US.ENT.11815799212886844830";
const meta = cloudApi({ accessToken: "TOKEN", phoneNumberId: "1234567890" });
const kal = kaleyra({ apiKey: "KEY", sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in" });

const drafts: [string, (to: string) => Outgoing][] = [
  ["text", (to) => message.text("Hi").to(to)],
  ["text with ref", (to) => message.text("Hi").ref("ORD-1").to(to)],
  ["reply", (to) => message.text("Hi").replyTo("wamid.A").to(to)],
  ["image", (to) => message.image({ url: "https://example.com/a.jpg", caption: "A" }).to(to)],
  ["buttons", (to) => message.text("Pick").buttons(["Yes", "No"]).to(to)],
  ["template", (to) => message.template("order_update", { language: "en_US", params: ["ORD-1"] }).to(to)],
];

describe("Meta's schema with the BSUID extension", () => {
  it("Meta's published BSUID request is valid with the extension and not without", () => {
    const example = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      recipient: BSUID,
      type: "text",
      text: { body: "Hi" },
    };
    deepEqual(errors(example), []);
    ok(baseErrors(example).length > 0, "the v23 schema alone refuses `recipient` (no `to`)");
  });

  for (const [name, draft] of drafts)
    for (const to of [BSUID, PARENT])
      it(`Cloud API and Kaleyra: ${name} to ${to.slice(0, 6)}… is valid`, () => {
        const out = draft(to);
        const body = out.compile(meta).body as any;
        deepEqual(errors(body), [], JSON.stringify(body));
        deepEqual(errors((out.compile(kal).body as any).messaging_object), []);
        ok(baseErrors(body).length > 0);
      });

  it("still refuses neither `to` nor `recipient`, a malformed BSUID, and 513 characters of callback data", () => {
    ok(errors({ messaging_product: "whatsapp", type: "text", text: { body: "Hi" } }).length > 0);
    ok(errors({ messaging_product: "whatsapp", recipient: "us.123", type: "text", text: { body: "Hi" } }).length > 0);
    ok(
      errors({
        messaging_product: "whatsapp",
        to: "+31612345678",
        biz_opaque_callback_data: "x".repeat(513),
        type: "text",
        text: { body: "Hi" },
      }).length > 0,
    );
    deepEqual(
      errors({
        messaging_product: "whatsapp",
        to: "+31612345678",
        biz_opaque_callback_data: "x".repeat(512),
        type: "text",
        text: { body: "Hi" },
      }),
      [],
    );
  });
});
