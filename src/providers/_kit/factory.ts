/**
 * What every provider factory does around its own compile: read its settings (unknown keys refused,
 * each value read once, each checked with a `CONFIG` error naming it), and assemble the provider
 * (its `kinds` from the support table, unsupported kinds and envelope features refused before its
 * compile runs, its credentials given to the redactor, its compile guarded against unvalidated
 * messages). Used by the built-in providers and exported by `wafluent/provider-kit`.
 * @module
 */
import { readOptions, refuseUnknown } from "../../send/config.ts";
import type { Kind } from "../../core/message.ts";
import { guardCompile, kindsOf, type Provider } from "../../send/provider.ts";
import { httpProvider } from "../../send/transport.ts";
import { type EnvelopeGaps, refuseGaps, refuseUnsupported, type SupportTable } from "./support.ts";

/**
 * A check of one setting, in the shape of the kit's checks (`checkSecret`, `checkString`,
 * `checkBaseUrl`, `checkId`): the factory, the key and the value, then the check's own arguments.
 */
export type SettingCheck<R, A extends unknown[]> = (where: string, field: string, value: unknown, ...rest: A) => R;

/** A factory's settings, read by {@link readSettings}: the raw values, and their checks naming the factory. */
export interface FactorySettings<K extends string> {
  /** The factory as errors name it, e.g. `"zixflow()"`. */
  readonly where: string;
  /** Each known key's value as given (read once; absent keys left out). */
  readonly values: Partial<Record<K, unknown>>;
  /**
   * One setting through a check: `check(where, key, value, ...rest)`.
   * @throws {WaError} `CONFIG` from the check, naming the factory and the key.
   */
  check<R, A extends unknown[]>(check: SettingCheck<R, A>, key: K, ...rest: A): R;
}

/**
 * Reads a provider factory's settings object: a key not in `keys` is refused (with the closest
 * known one), a key of `required` missing is named, and every value is read once (a getter that
 * throws is a `CONFIG` error). Its `check` runs one of the kit's checks on one value, so the
 * error names the factory and the key, never the value.
 * @throws {WaError} `CONFIG` when `config` is not an object, has an unknown key or lacks a required one.
 * @example
 * const s = readSettings("gateway()", config, ["apiKey", "baseUrl"], ["apiKey"]);
 * const apiKey = s.check(checkSecret, "apiKey", "Create an API key in the gateway's dashboard.");
 * const base = s.check(checkBaseUrl, "baseUrl", "https://api.gateway.example");
 */
export function readSettings<K extends string>(
  where: string,
  config: unknown,
  keys: readonly K[],
  required: readonly K[] = [],
): FactorySettings<K> {
  refuseUnknown(where, config, keys, required);
  const values = readOptions(where, config, keys, true);
  return { where, values, check: (check, key, ...rest) => check(where, key, values[key], ...rest) };
}

/** What {@link defineProvider} adds around a provider's own functions. */
export interface ProviderFrame {
  /** What it sends: `kinds` is derived from it, and a kind it refuses is refused before `compile` runs. */
  support: SupportTable;
  /**
   * The kinds `support` marks `true`, when a table several providers share has them worked out
   * once at load (wafluent's 360dialog gives Meta's table, `META_SUPPORT`, and its kinds); when
   * absent, `kindsOf(support)`. Give exactly the table's kinds: `provider.kinds` is what callers
   * and the README table read, while a kind the table refuses is refused whatever this says.
   */
  kinds?: readonly Kind[];
  /**
   * Envelope features it cannot express (reply context, BSUID recipient, ref), refused before
   * `compile` runs. When absent, nothing of the envelope is read before `compile`, so a compile
   * that re-validates its input (`validateMessage`, for a message from a queue) reads it first.
   */
  gaps?: EnvelopeGaps;
  /** Its credentials and the headers made of them, for the redactor (never in an error, `raw` or log). */
  secrets: readonly unknown[];
}

/**
 * A provider from its own functions and its frame: `kinds` from the support table; before its
 * `compile` runs, an unsupported kind and an envelope feature it cannot express are refused with
 * their hints; its credentials are registered with the redactor; and a message that is not a
 * validated one (a field missing, a getter that throws) is a `ValidationError`, not a `TypeError`.
 * Every other field of `provider` (`act`, `markRead`, `download`, a method of its own such as
 * Bird's `serviceWindow`, a symbol-keyed one) is kept as given. The result is not frozen: freeze
 * it yourself when it should be (a method of its own that needs the provider, e.g. to find the
 * client's transport with it, refers to the returned object, not to `provider`).
 * @throws {TypeError} when `support` leaves a kind out or gives one neither `true` nor a
 *   non-empty hint (a JavaScript caller's mistake; tsc refuses it). The provider's `compile` throws
 *   `UnsupportedError` (`UNSUPPORTED`) or `ValidationError` (`VALIDATION`) for what it cannot send.
 * @example
 * return defineProvider<GatewayProvider>(
 *   { name: "gateway", compile: (m) => postJson(url, headers, body(m)), parseSuccess, parseError },
 *   { support: SUPPORT, gaps: { ref: "The gateway echoes nothing back: drop .ref()." }, secrets: [apiKey] },
 * );
 * @example
 * // Meta's message object on a gateway's host: Meta's table, its kinds worked out once.
 * return defineProvider<MetaGatewayProvider>(
 *   { name: "metaGateway", compile: (m) => postJson(url, headers, compileMeta("metaGateway", m)), parseSuccess, parseError },
 *   { support: META_SUPPORT, secrets: [apiKey] },
 * );
 */
export function defineProvider<P extends Provider>(
  provider: Omit<P, "kinds">,
  { support, kinds = kindsOf(support), gaps, secrets }: ProviderFrame,
): P {
  const name = provider.name;
  return guardCompile(httpProvider({ ...provider, kinds } as P, ...secrets), (message) => {
    // A message that is no object passes on to compile (a re-validating one names what is wrong).
    refuseUnsupported(name, support, (message as { type?: unknown } | null)?.type);
    if (gaps) refuseGaps(name, message, gaps);
  });
}
