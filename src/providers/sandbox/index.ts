/**
 * The embedded sandbox provider: no keys, no network. It validates every message as a real
 * provider would, records what it accepted, and answers with generated ids.
 * @module
 */
import type { ProviderErrorInfo } from "../../core/errors.ts";
import type { Message } from "../../core/message.ts";
import { ALL_KINDS, pick, type Provider, type ProviderAnswer } from "../../send/provider.ts";
import { validateMessage } from "../../core/validate.ts";
import { checkFunction, readOptions, refuseUnknown } from "../../send/config.ts";

/** Settings of {@link sandbox}. */
export interface SandboxConfig {
  /**
   * Makes the sandbox refuse some messages, to rehearse error handling: return an error
   * description (and optionally an HTTP status) to refuse, or nothing to accept.
   */
  fail?: (message: Message) => (ProviderErrorInfo & { status?: number }) | undefined | void;
}

/**
 * Settings of {@link sandbox}.
 * @deprecated Renamed {@link SandboxConfig} (`…Config` is a factory's settings, `…Options` a
 * message's); this alias goes in the next minor version.
 */
export type SandboxOptions = SandboxConfig;

/** The sandbox provider, with what it recorded. */
export interface SandboxProvider extends Provider {
  /** Every message the sandbox accepted, in order. */
  readonly sent: readonly Message[];
  /** Forgets what was recorded. */
  reset(): void;
}

/**
 * Creates a sandbox provider: every kind, validated like a real provider, recorded in `sent`.
 * @throws {WaError} `CONFIG` when `options` is not an object or `fail` is not a function; sends reject
 *   with `ValidationError` for invalid messages, or `ProviderError` when `fail` says so.
 * @example
 * const box = sandbox();
 * const wa = whatsapp({ provider: box });
 * await wa.text("hi").to("+31612345678");
 * box.sent[0].body; // "hi"
 */
export function sandbox(options: SandboxConfig = {}): SandboxProvider {
  refuseUnknown("sandbox()", options, ["fail"]);
  const fail = checkFunction<NonNullable<SandboxConfig["fail"]>>(
    "sandbox()",
    "fail",
    readOptions("sandbox()", options, ["fail"]).fail,
  );
  const sent: Message[] = [];
  let count = 0;
  return {
    name: "sandbox",
    kinds: ALL_KINDS,
    get sent() {
      return sent;
    },
    reset() {
      sent.length = 0;
    },
    compile(message) {
      // Re-validate: messages may come from a queue or a browser, not only from the builder.
      const valid = validateMessage(message);
      return {
        url: "sandbox://messages",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: valid as never,
      };
    },
    async deliver(request, message): Promise<ProviderAnswer> {
      const headers = new Headers({ "content-type": "application/json" });
      const refusal = fail?.(message);
      if (refusal) {
        const { status = 400, ...info } = refusal;
        return { status, headers, body: { error: info } };
      }
      sent.push(structuredClone(request.body) as unknown as Message);
      count++;
      return { status: 202, headers, body: { id: `sandbox.${count}.${crypto.randomUUID()}`, status: "accepted" } };
    },
    parseSuccess(answer) {
      return { id: String(pick(answer.body, "id")), status: "accepted" };
    },
    parseError(answer) {
      const info = pick(answer.body, "error") as ProviderErrorInfo | undefined;
      return info && typeof info.message === "string" ? info : { message: "the sandbox refused the message." };
    },
  };
}
