// Infobip's inbound interactive replies (`INTERACTIVE_BUTTON_REPLY`, `INTERACTIVE_LIST_REPLY`) read
// by the fields of Infobip's own inbound message models (test/fixtures/infobip-replies.ts): the
// button's and the row's id and title, the row's description when there is one, the message
// replied to; a reply without its required id or title is not taken for one.
import { parseWebhook } from "../../src/index.ts";
import { deepEqual, describe, equal, it } from "../harness.ts";
import { brokenReplies, inboundReplies } from "../fixtures/infobip-replies.ts";

const parse = (body: unknown) => parseWebhook(body, { provider: "infobip" }) as any[];

describe("infobip: interactive replies", () => {
  it("a reply button and list rows (with and without a description), each with the message it answers", () => {
    const [button, row, bare] = parse(inboundReplies);
    deepEqual(button.message, { type: "buttonReply", id: "confirm-7f3a", title: "Confirm" });
    deepEqual(row.message, {
      type: "listReply",
      id: "slot-0930",
      title: "09:30",
      description: "Tomorrow, Zagreb office",
    });
    deepEqual(bare.message, { type: "listReply", id: "slot-1400", title: "14:00" });
    for (const e of [button, row, bare]) {
      equal(e.type, "message");
      equal(e.from, "+385919998888");
      equal(e.replyTo, "a28dd97c-1ffb-4fcf-99f1-0b557ed381da");
    }
  });
  it("a reply without its title or its id is not read as a reply", () => {
    const events = parse(brokenReplies);
    equal(events.length, 2);
    for (const e of events) equal(e.message?.type === "buttonReply" || e.message?.type === "listReply", false);
  });
});
