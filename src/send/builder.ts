/**
 * The fluent, immutable builder. Each call returns a new draft that points at its
 * parent and holds one step, so a chain costs one small object per call and a partial draft
 * can be reused freely; the message is assembled and validated once, at `.to()`.
 * @module
 */
import { ValidationError } from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import { refuseUnknown, unknownKey } from "./config.ts";
import * as n from "../core/normalize.ts";
import { asWaError, type Bound, Outgoing, recipientKindError, recipientLabel, type Warning } from "./outgoing.ts";
import { type BulkOptions, type BulkResult, readBulkOptions, sendAll } from "./bulk.ts";
import type { SendOptions } from "./sender.ts";
import type { Issue } from "../core/errors.ts";
import { type ButtonsOptions, type FitOptions, fitMessage, type Overflow } from "../core/fit.ts";
import { accept, type SureButton, sureMessage } from "../core/schemas/accept.ts";
import { isE164 } from "../core/recipient.ts";
import { UNREADABLE } from "../core/validate.ts";

/** The issue of `.to()` / `.check()` options that threw while being read. */
const UNREADABLE_OPTIONS =
  '`.to(recipient, options)` options could not be read (a getter or a Proxy that throws); pass a plain object like { overflow: "truncate" }.';

import type { CheckResult, ToOptions, Builders, BulkEntry, Bulk, KindStep } from "./draft-types.ts";

import { defined, copy, snap, Unsure, snapItems } from "./snap.ts";

import { apply, stepIssue } from "./steps.ts";
import type { StepKey } from "./steps.ts";

export type { StepKey } from "./steps.ts";

/** The one runtime class behind every draft interface. @internal */
class Chain {
  readonly #bound: Bound | undefined;
  readonly #parent: Chain | undefined;
  // One step, in three fields rather than a tuple: one object per call, not two.
  readonly #key: StepKey;
  readonly #value: unknown;
  readonly #extra: unknown;

  constructor(bound: Bound | undefined, parent: Chain | undefined, key: StepKey, value?: unknown, extra?: unknown) {
    this.#bound = bound;
    this.#parent = parent;
    this.#key = key;
    this.#value = value;
    this.#extra = extra;
    // Not frozen: the state is private and no method writes it, so a draft cannot be changed
    // (test/node/immutable.test.ts); Object.freeze per call cost about 8% of a compile.
    // Its private methods are static (`Chain.#next(this, …)`): a class with private instance
    // methods stores a brand in every instance, one store and 8 bytes per draft.
  }

  /** The next draft; the values are copied ({@link snap}), so changing them later changes no draft. */
  static #next(self: Chain, key: StepKey, value?: unknown, extra?: unknown): any {
    return new Chain(self.#bound, self, key, copy(value), copy(extra));
  }

  replyTo(id: unknown) {
    return Chain.#next(this, "replyTo", id);
  }
  ref(data: unknown) {
    return Chain.#next(this, "ref", data);
  }
  options(options: unknown) {
    return Chain.#next(this, "options", options);
  }
  header(header: unknown) {
    return Chain.#next(this, "header", header);
  }
  footer(text: unknown) {
    return Chain.#next(this, "footer", text);
  }
  buttons(items: unknown, options?: unknown) {
    // The items' copy, checked once here for every `.to()`: an `Unsure` when the check failed.
    return new Chain(this.#bound, this, "buttons", snapItems(items), copy(options));
  }
  list(label: unknown, sections: unknown) {
    return Chain.#next(this, "list", label, sections);
  }
  link(text: unknown, url: unknown) {
    return Chain.#next(this, "link", text, url);
  }
  locationRequest() {
    return Chain.#next(this, "locationRequest");
  }
  product(product: unknown) {
    return Chain.#next(this, "product", product);
  }
  products(catalogId: unknown, sections: unknown) {
    return Chain.#next(this, "products", catalogId, sections);
  }
  catalog(options: unknown) {
    return Chain.#next(this, "catalog", options);
  }
  flow(flow: unknown) {
    return Chain.#next(this, "flow", flow);
  }

  /**
   * Assembles the message to `to` from the steps, first call to last, with its undefined keys
   * dropped (`.footer(undefined)`, a link preview unset), and the overflow and fallback policy
   * that applies (`undefined`: the default, which changes nothing) from the overflow mode and the
   * last `.buttons()` options. A loop, not recursion: a chain of any length cannot overflow the stack.
   */
  static #apply(self: Chain, to: unknown, overflow: unknown): [Record<string, unknown>, FitOptions | undefined] {
    const m: Record<string, any> = { to: n.recipient(to) };
    const nodes: Chain[] = [];
    for (let node: Chain | undefined = self; node; node = node.#parent) nodes.push(node);
    let buttons: unknown;
    let holes = m.to === undefined;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i]!;
      if (apply(m, node.#key, node.#value, node.#extra)) holes = true;
      if (node.#key === "buttons") buttons = node.#extra;
    }
    return [
      holes ? defined(m) : m,
      (overflow === undefined || overflow === "error") && buttons === undefined
        ? undefined
        : { overflow: (overflow ?? "error") as Overflow, buttons: buttons as ButtonsOptions },
    ];
  }

  /**
   * The keys of step options no step knows (`text(body, { previewURL })`, `.buttons(items,
   * { fallbak })`, `template(name, { paramz })`, `.options({ Bird })`), as issues for `.to()` and
   * `check()`: a draft step never throws, and an ignored misspelling would drop the setting.
   */
  static #odd(self: Chain): Issue[] | undefined {
    let odd: Issue[] | undefined;
    for (let node: Chain | undefined = self; node; node = node.#parent) {
      const issue =
        node.#extra === undefined && node.#key !== "options"
          ? undefined
          : stepIssue(node.#key, node.#value, node.#extra, self.#bound?.provider.name);
      if (issue) (odd ??= []).unshift(issue);
    }
    return odd;
  }

  /** The overflow mode that applies: `.to()`'s options, else the client's (`undefined`: `"error"`). */
  static #overflow(self: Chain, options: unknown): unknown {
    const own = typeof options === "object" && options !== null ? (options as ToOptions).overflow : undefined;
    return own ?? self.#bound?.overflow;
  }

  /**
   * The builder's own fast lane, under the default policy: a text, or reply buttons with a text
   * header and footer, made of the steps `text`, `reply`, `replyTo`, `ref`, `header`, `footer`
   * and `buttons`, is assembled straight into the message {@link accept} would return for the
   * message `#apply` assembles, by the same code ({@link sureMessage}), without that intermediate
   * message. The buttons were checked when `.buttons()` copied them (not an {@link Unsure}); here
   * they are copied once more, so no two messages share them. Anything else returns `undefined`, for the full path
   * (`#apply`, then {@link accept} or valibot), which words every issue.
   * test/builder-lane.test.ts pins that both paths agree, output and issues, on random drafts.
   */
  static #fast(self: Chain, to: unknown): Message | undefined {
    // Walked from the last call back to the first: the first value met of each field is the one
    // that stands (a later `.footer()` replaces an earlier one). `seen` has one bit per field.
    let seen = 0;
    let body: unknown, preview: unknown, header: unknown, footer: unknown, replyTo: unknown, ref: unknown;
    let items: SureButton[] | undefined;
    let from: unknown;
    for (let node: Chain | undefined = self; node; node = node.#parent) {
      switch (node.#key) {
        case "text": {
          if (node.#parent) return undefined; // only ever the first step
          body = node.#value;
          const extra = node.#extra;
          preview =
            typeof extra === "object" && extra !== null ? (extra as { previewUrl?: unknown }).previewUrl : extra;
          break;
        }
        case "buttons":
          if (seen & 1) break;
          // Options bring the fit policy; items not surely valid go to valibot.
          if (node.#value instanceof Unsure || node.#extra !== undefined) return undefined;
          seen |= 1;
          items = node.#value as SureButton[];
          break;
        case "header":
          if (!(seen & 2)) (seen |= 2), (header = node.#value);
          break;
        case "footer":
          if (!(seen & 4)) (seen |= 4), (footer = node.#value);
          break;
        case "ref":
          if (!(seen & 16)) (seen |= 16), (ref = node.#value);
          break;
        // biome-ignore lint/suspicious/noFallthroughSwitchClause: `wa.reply(event)` is a replyTo that also names the sender.
        case "reply": // its id unless `.replyTo()` came later; its sender unless `.to()` names one
          from = node.#extra;
        case "replyTo":
          if (!(seen & 8)) (seen |= 8), (replyTo = node.#value);
          break;
        default:
          return undefined;
      }
    }
    if (!items && header !== undefined) return undefined; // a text with a header: valibot words it
    let recipient = to === undefined ? from : to;
    if (typeof recipient !== "string") return undefined;
    if (!isE164(recipient)) {
      recipient = n.recipient(recipient);
      if (typeof recipient !== "string" || !isE164(recipient)) return undefined; // a BSUID too: valibot adds toKind
    }
    // `ref` copied: the message's own (accept() passes it through as given).
    return sureMessage(recipient, replyTo, copy(ref), body, items ? header : preview, footer, items);
  }

  check(recipient?: unknown, options?: unknown): CheckResult {
    let applied: [Record<string, unknown>, FitOptions | undefined];
    try {
      applied = Chain.#apply(this, recipient ?? "+10000000000", Chain.#overflow(this, options));
    } catch {
      return { ok: false, issues: [UNREADABLE], warnings: [] };
    }
    const [input, policy] = applied;
    // Bytes (`image(file)`) go to the provider's media hook (`withMedia()`) before validation.
    const held = this.#bound?.provider.media?.hold(input);
    const r = fitMessage(snap(input, 0), policy);
    const all = (this.#bound?.templates?.(input) ?? []).concat(held ? held.issues : [], r.issues);
    const found = recipient === undefined ? all.filter((i) => i.path !== "to") : all;
    const own = unknownKey(".check(recipient, options)", options, ["overflow"]);
    const odd = own ? [...(Chain.#odd(this) ?? []), { path: "", message: own }] : Chain.#odd(this);
    const issues = odd ? [...odd, ...found] : found;
    return { ok: issues.length === 0, issues, warnings: r.warnings };
  }

  to(recipients: unknown, options?: BulkOptions & ToOptions): Outgoing | Bulk {
    return isList(recipients) ? Chain.#many(this, recipients, options) : Chain.#one(this, recipients, options);
  }

  /** `.to(list)`: apart from `.to(recipient)`, whose call then allocates none of the closures below. */
  static #many(self: Chain, list: Iterable<unknown> | AsyncIterable<unknown>, options: unknown): Bulk {
    const { overflow, ...bulkOptions } = readBulkOptions(options);
    if (Array.isArray(list) && list.length === 0)
      throw new ValidationError([
        {
          path: "to",
          message:
            "`to` received an empty list of recipients, so there is no one to send to. Pass at least one phone number or BSUID, or skip the send when the list is empty (`if (recipients.length > 0)`).",
          limit: 1,
          received: 0,
        },
      ]);
    const policy: ToOptions = { overflow };
    const prepare = (to: unknown) => Chain.#one(self, to, policy);
    const send = (more?: SendOptions) => sendAll(list, prepare, { ...bulkOptions, ...more });
    let sent: Promise<BulkResult[]> | undefined;
    const bulk: Bulk = {
      send: (more?: SendOptions) => (sent ??= send(more)),
      then: (ok, fail) => (sent ??= send()).then(ok, fail),
      async *entries() {
        // A list's items are not awaited (`for await` would read a `then` of each one).
        const it =
          Symbol.asyncIterator in list
            ? (list as AsyncIterable<unknown>)[Symbol.asyncIterator]()
            : (list as Iterable<unknown>)[Symbol.iterator]();
        let done = false;
        try {
          for (let step = await it.next(); !(done = !!step.done); step = await it.next()) {
            const to = step.value;
            const odd = recipientKindError(to);
            if (odd) {
              yield { to: recipientLabel(to), error: odd };
              continue;
            }
            let entry: BulkEntry;
            try {
              const outgoing = prepare(to);
              entry = { to: outgoing.message.to, outgoing };
            } catch (e) {
              entry = { to: recipientLabel(to), error: asWaError(e) };
            }
            yield entry;
          }
        } finally {
          // Closed as `for await` would close it when the caller stops early or the list throws.
          if (!done) await it.return?.();
        }
      },
    };
    return Object.freeze(bulk);
  }

  static #one(self: Chain, to: unknown, options: unknown): Outgoing {
    if (options !== undefined) refuseUnknown(".to(recipient, options)", options, ["overflow"]);
    let overflow: unknown;
    try {
      overflow = Chain.#overflow(self, options);
    } catch {
      throw new ValidationError([{ path: "options", message: UNREADABLE_OPTIONS }]);
    }
    const odd = Chain.#odd(self);
    if (!odd && (overflow === undefined || overflow === "error")) {
      let fast: Message | undefined;
      try {
        fast = Chain.#fast(self, to);
      } catch {
        // A step's value threw while being read: the full path below reports it.
      }
      if (fast) return new Outgoing(fast, NO_WARNINGS, self.#bound);
    }
    let applied: [Record<string, unknown>, FitOptions | undefined];
    try {
      applied = Chain.#apply(self, to, overflow);
    } catch {
      // A step's argument or the recipient threw while being read (a getter, a Proxy trap).
      throw new ValidationError([UNREADABLE]);
    }
    const [input, policy] = applied;
    self.#bound?.templates?.(input, true); // throws the template's issues (wafluent/templates)
    // Bytes (`image(file)`) go to the provider's media hook (`withMedia()`) before validation.
    const held = self.#bound?.provider.media?.hold(input);
    // The default policy changes nothing: a message the fast lane proves valid goes out as is.
    const sure = !odd && !held && policy === undefined ? acceptOrNot(input) : undefined;
    if (sure) return new Outgoing(sure, NO_WARNINGS, self.#bound);
    // valibot passes some values through (`ref`, Flow data, …): a copy, so the message it
    // returns shares nothing with this draft.
    const r = fitMessage(snap(input, 0), policy);
    const issues = held ? held.issues.concat(r.issues) : r.issues;
    if (odd || !r.ok || issues.length) throw new ValidationError(odd ? [...odd, ...issues] : issues);
    return new Outgoing(held ? held.back(r.message) : r.message, r.warnings, self.#bound);
  }
}

/** {@link accept}'s verdict, or `undefined` when reading `input` threw (fitMessage then reports it). */
function acceptOrNot(input: unknown): Message | undefined {
  try {
    return accept(input);
  } catch {
    return undefined;
  }
}

/** Whether `.to(x)` got a list of recipients: an (async) iterable object; a Proxy that throws is none. */
function isList(x: unknown): x is Iterable<unknown> | AsyncIterable<unknown> {
  try {
    return typeof x === "object" && x !== null && (Symbol.iterator in x || Symbol.asyncIterator in x);
  } catch {
    return false;
  }
}

/** The warnings of a message the policy did not change (`outgoing.warnings` is read-only). */
const NO_WARNINGS: readonly Warning[] = /* @__PURE__ */ Object.freeze([]);

/** The entry points' names, in the order `builders()` lists them. */
const ENTRY_NAMES = "text image video audio document sticker location contacts reaction template";
/** The entry points, in the order `builders()` lists them. */
const ENTRIES = /* @__PURE__ */ ENTRY_NAMES.split(" ") as (keyof Builders & StepKey)[];

/** The space-separated words of `S`. @internal */
type Words<S extends string> = S extends `${infer W} ${infer R}` ? W | Words<R> : S;
/** Compiles only when `T` is `never`: tsc names what is in it. @internal */
type None<T extends never> = T;
/**
 * Does not compile while {@link ENTRY_NAMES} and {@link Builders} disagree, or while a kind's step
 * ({@link KindStep}) is neither an entry point nor a method of {@link Chain}: a kind added to
 * `KINDS` and given its method in draft-types.ts is named here until `builders()` or the chain
 * records its step.
 * @internal
 */
export type BuildersAreImplemented = None<
  | Exclude<keyof Builders, Words<typeof ENTRY_NAMES>>
  | Exclude<Words<typeof ENTRY_NAMES>, keyof Builders>
  | Exclude<KindStep, keyof Builders | keyof Chain>
>;

/**
 * Creates the builder entry points, bound to a client or not; with `reply`, every draft starts
 * with the reply context and the sender as default recipient (`wa.reply(event)`). @internal
 */
export function builders(bound: Bound | undefined, reply?: { id: string; from: string }): Builders {
  // The methods every draft shares cannot be replaced (once, not per draft: drafts are not frozen).
  if (!Object.isFrozen(Chain.prototype)) Object.freeze(Chain.prototype);
  const start = (key: StepKey) => (value?: unknown, extra?: unknown) => {
    const first = new Chain(bound, undefined, key, copy(value), copy(extra));
    return reply ? new Chain(bound, first, "reply", reply.id, reply.from) : first;
  };
  return Object.freeze(Object.fromEntries(ENTRIES.map((key) => [key, start(key)]))) as unknown as Builders;
}
