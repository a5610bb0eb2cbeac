import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import { chars, list, optChars, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

const s = (max = 1000) => optChars(max, "Shorten it.");
const items = <E extends v.ObjectEntries>(entries: E, what: string) =>
  v.optional(list(strict(entries, what), 1, 20, what + "s", "Keep the card short."));

/** One contact card, in Meta's shape; `name.formatted_name` is required. */
export const ContactSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      name: strict(
        {
          formatted_name: chars(1000, "Shorten the name."),
          first_name: s(),
          last_name: s(),
          middle_name: s(),
          prefix: s(),
          suffix: s(),
        },
        "a contact name",
      ),
      phones: items({ phone: chars(64, "Use the phone number only."), type: s(20), wa_id: s(20) }, "phone"),
      emails: items({ email: chars(320, "Use the address only."), type: s(20) }, "email"),
      urls: items({ url: chars(2048, "Use a shorter URL."), type: s(20) }, "url"),
      addresses: items(
        { street: s(), city: s(), state: s(), zip: s(20), country: s(), country_code: s(3), type: s(20) },
        "address",
      ),
      org: v.optional(strict({ company: s(), department: s(), title: s() }, "an organisation")),
      birthday: v.optional(
        v.pipe(
          v.string(),
          v.regex(
            /^\d{4}-(?:0[1-9]|1[0-2])-(?:[12]\d|0[1-9]|3[01])$/,
            (i) => `is "${i.input}"; write birthdays as YYYY-MM-DD.`,
          ),
        ),
      ),
    },
    "a contact card",
  ),
);

/** A contacts message: 1 to 5 contact cards. */
export const ContactsMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("contacts"),
      contacts: list(built(ContactSchema), 1, LIMITS.contacts, "contacts", "Send the rest in another message."),
    },
    "a contacts message",
  ),
);
/** Input of {@link ContactsMessageSchema}. */
export type ContactsMessageInput = v.InferInput<typeof ContactsMessageSchema>;
