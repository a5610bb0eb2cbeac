/**
 * Several business numbers behind one webhook: `whatsapp({ numbers })` (and
 * `createQueueConsumer({ numbers })`) map each number, as inbound events name it
 * (`event.business.id` or `.phone`), to the provider that sends from it.
 * @module
 */
import { ValidationError, WaError } from "../core/errors.ts";
import type { BusinessNumber } from "../inbound/events.ts";
import type { Provider } from "./provider.ts";

/**
 * Business numbers to the provider that sends from each: keyed by the number's provider id
 * (Cloud API `phone_number_id`, Bird `channelId`, Zixflow `phoneId`) or by the number in E.164
 * (`"+15550783881"`: Twilio, Infobip), as `event.business` names it.
 */
export type ProviderNumbers = Readonly<Record<string, Provider>>;

/**
 * The checked map of `numbers` (copied: later changes to the object do not apply), or
 * `undefined` when it is absent. `factories` lets a value be a function of `env` returning a
 * provider (the queue consumer's form).
 * @throws {WaError} `CONFIG` naming the key at fault when `numbers` is not a non-empty plain
 *   object of providers (or, with `factories`, functions), or a key is empty or over 128 characters.
 * @example checkNumbers("whatsapp()", { "106540352242922": cloudApi({ … }) })
 * @internal
 */
export function checkNumbers<P = Provider>(
  where: string,
  numbers: unknown,
  factories = false,
): ReadonlyMap<string, P> | undefined {
  if (numbers === undefined) return undefined;
  const entries =
    typeof numbers === "object" && numbers !== null && !Array.isArray(numbers) ? Object.entries(numbers) : [];
  const bad =
    entries.length === 0
      ? [""]
      : entries.find(
          ([k, v]) => !k || k.length > 128 || !(typeof v === "function" ? factories : typeof v?.compile === "function"),
        );
  if (bad)
    throw new WaError(
      "CONFIG",
      `${where} \`numbers${bad[0] ? `[${JSON.stringify(bad[0].slice(0, 40))}]` : ""}\` must map each business number (its id or E.164 number, 1 to 128 characters) to a provider${factories ? " or a function of env returning one" : ""}, e.g. { "106540352242922": cloudApi({ … }) }.`,
    );
  return new Map(entries as [string, P][]);
}

/**
 * The value of `numbers` for the business number `event` was sent to (by its id, else its
 * phone), `fallback` when there is no map or the event names no number.
 * @throws {ValidationError} `VALIDATION` at `event.business` when the event names a number the map does not list.
 * @internal
 */
export function routeFor<P>(numbers: ReadonlyMap<string, P> | undefined, event: unknown, fallback: P): P {
  if (!numbers) return fallback;
  let id: unknown, phone: unknown;
  try {
    ({ id, phone } = (event as { business?: BusinessNumber }).business ?? {});
  } catch {
    // a getter or Proxy that throws: no number known
  }
  const keys = [id, phone].filter((k): k is string => typeof k === "string");
  if (keys.length === 0) return fallback;
  for (const k of keys) if (numbers.has(k)) return numbers.get(k)!;
  throw new ValidationError([
    {
      path: "event.business",
      message: `The event was sent to business number ${keys.join(" / ")}, which whatsapp({ numbers }) does not list; add it so the answer comes from the number written to.`,
    },
  ]);
}
