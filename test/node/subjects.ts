// Providers the fault-injection suites run against. Each subject builds a provider that talks to
// a local base URL with a given credential, and says what its success, error and "failed on 200"
// answers look like. Real providers (bird, cloudApi, kaleyra, bik, zixflow) are added here after
// merging, with their own answer shapes; every case in faults.test.ts then runs for them too.
import { describeBody, pick, type Provider } from "../../src/provider.ts";

export interface Subject {
  name: string;
  /** The provider, sending to `base`, authenticated with `secret` (a header and/or query value). */
  make(base: string, secret: string): Provider;
  /** Body of a success answer carrying message id `id`. */
  accepted(id: string): unknown;
  /** Body of an error answer with `message` in the provider's format. */
  error(message: string): unknown;
  /** Body of a 200 answer that reports a failure (Zixflow's `status: false`), when the provider has one. */
  refused?: (message: string) => unknown;
  /** The recipient a request body was addressed to (to count sends per recipient). */
  recipient(body: unknown): string;
}

const errorText = (body: unknown): string => {
  const m = pick(body, "error", "message") ?? pick(body, "message") ?? pick(body, "error");
  return typeof m === "string" ? m : describeBody(body);
};

/** Bearer token in Authorization, JSON `{ id }` on success, `{ error: { message, code } }` on failure. */
export const bearer: Subject = {
  name: "bearer (Meta/Bird-like)",
  make: (base, secret) => ({
    name: "bearer",
    kinds: ["text", "buttons"],
    compile: (m) => ({
      url: `${base}/v1/messages`,
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: { to: m.to, text: m.type === "text" ? m.body : "" },
    }),
    parseSuccess: (a) => {
      const id = pick(a.body, "id");
      return typeof id === "string" ? { id, status: "accepted" } : { failed: true, message: `No message id in ${describeBody(a.body)}.` };
    },
    parseError: (a) => ({ message: errorText(a.body), providerCode: pick(a.body, "error", "code") as string | undefined }),
  }),
  accepted: (id) => ({ id }),
  error: (message) => ({ error: { message, code: "E42" } }),
  recipient: (body) => String(pick(body, "to")),
};

/** api-key header plus the key in the query string; a 200 with `status: false` is a failure (Zixflow-like). */
export const statusFlag: Subject = {
  name: "statusFlag (Zixflow-like)",
  make: (base, secret) => ({
    name: "statusFlag",
    kinds: ["text", "buttons"],
    compile: (m) => ({
      url: `${base}/api/send?key=${encodeURIComponent(secret)}`,
      method: "POST",
      headers: { "api-key": secret, "content-type": "application/json" },
      body: { phone: m.to, message: m.type === "text" ? m.body : "" },
    }),
    parseSuccess: (a) => {
      if (pick(a.body, "status") === false) return { failed: true, message: errorText(a.body) };
      const id = pick(a.body, "data", "messageId");
      return typeof id === "string" ? { id, status: "queued" } : { failed: true, message: `No message id in ${describeBody(a.body)}.` };
    },
    parseError: (a) => ({ message: errorText(a.body) }),
  }),
  accepted: (id) => ({ status: true, data: { messageId: id } }),
  error: (message) => ({ status: false, message }),
  refused: (message) => ({ status: false, message }),
  recipient: (body) => String(pick(body, "phone")),
};

export const subjects: Subject[] = [bearer, statusFlag];
