// The URL compiled is the URL fetched, on every provider of the registry: ids that go into a URL
// path (`.`, `..`, `/`, `\`, `?`, `#`, `%`, spaces, control characters, anything off the
// provider's documented shape) are refused with CONFIG (settings) or VALIDATION (Bird's
// contactId), base URLs are kept as fetch will request them (dot segments, upper-case hosts,
// default ports), and the transport refuses a request URL that fetch would rewrite.
import fc from "fast-check";
import * as lib from "../../src/index.ts";
import { isValidationError, isWaError, whatsapp, type HttpRequest, type Provider } from "../../src/index.ts";
import { PROVIDERS } from "../../src/providers/registry.ts";
import { MINIMAL } from "../kinds.ts";
import { describe, deepEqual, equal, it, ok } from "../harness.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const TO = "+31612345678";
const factories = lib as unknown as Record<string, (config?: unknown) => Provider>;

/** Ids and pieces that a URL parser or a server could read as something else. */
const ODD = [
  "",
  ".",
  "..",
  "%2e",
  "%2E%2e",
  ".%2e",
  "a/..",
  "../messages",
  "..\\x",
  "a\\b",
  "a/b",
  "?",
  "#",
  "a?b=1",
  "a b",
  " 1",
  "1 ",
  "\t1",
  "1\n",
  "1\u0000",
  "1\u0085",
  "\u00a0",
  "ü",
  "😀",
  "\uD800",
  ";",
  "@",
  ":",
  "~",
  "+",
  "HX1",
  "ws-1",
  "1",
  "106540352242922",
  "v23.0",
  "v1/../v2",
  "+919876543210",
  "+91 98765",
  "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
  "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90/..",
];

/** Base URL forms: dot segments, case, default ports, escapes, whitespace, IDN hosts. */
const BASES = [
  "https://api.example.com",
  "https://api.example.com/",
  "https://API.Example.COM",
  "HTTPS://api.example.com",
  "https://api.example.com:443",
  "http://api.example.com:80/",
  "https://api.example.com:8443/v1",
  "https://api.example.com/v1/..",
  "https://api.example.com/v1/../..",
  "https://api.example.com/./v1/",
  "https://api.example.com/v1/.",
  "https://api.example.com/%2e%2e/v1",
  "https://api.example.com/%2E/v1",
  "https://api.example.com/a b",
  "https://api.example.com\\v1",
  "https://api.example.com/v1\\..\\v2",
  "https://api.example.com/v1//",
  "https://api.example.com/\tv1",
  " https://api.example.com ",
  "https://bücher.example/x",
  "https://api.example.com/ü",
  "https://api.example.com/?",
  "https://api.example.com/#x",
];

/** The URL fetch requests for `url` (a path resolves against a page). */
const fetched = (url: string) => new URL(url, "https://page.example/app/").href;
const segments = (url: string) => new URL(url, "https://page.example/").pathname.split("/").length;

/** The request a provider compiles for the plainest message of each kind it lists, by kind. */
function compiled(provider: Provider): Map<string, HttpRequest> {
  const out = new Map<string, HttpRequest>();
  for (const kind of provider.kinds) {
    try {
      out.set(kind, provider.compile(MINIMAL[kind as keyof typeof MINIMAL]));
    } catch (e) {
      ok(isWaError(e) && (e.code === "UNSUPPORTED" || e.code === "VALIDATION"), `${provider.name} × ${kind}: ${e}`);
    }
  }
  ok(out.size > 0, `${provider.name} compiled nothing`);
  return out;
}

/** Builds `name` with `config`: the provider, or undefined after checking the refusal is CONFIG. */
function build(name: string, config: Record<string, unknown>, label: string): Provider | undefined {
  try {
    return factories[name]!(config);
  } catch (e) {
    ok(isWaError(e) && e.code === "CONFIG", `${label}: ${e}`);
    return undefined;
  }
}

/**
 * Each request of `provider` is the URL fetched, on `host`, with as many path segments as the
 * reference provider's request of the same kind (plus `extra`, a base URL's own segments).
 */
function check(provider: Provider, reference: Map<string, HttpRequest>, host: string, extra: number, label: string) {
  for (const [kind, req] of compiled(provider)) {
    const where = `${label} × ${kind}: ${req.url}`;
    equal(fetched(req.url), req.url.startsWith("/") ? `https://page.example${req.url}` : req.url, where);
    if (provider.name === "proxy") {
      // The whole URL is the setting: a path stays on the page's host, an absolute URL is its own href.
      if (req.url.startsWith("/")) equal(new URL(fetched(req.url)).host, "page.example", where);
      continue;
    }
    equal(new URL(fetched(req.url)).host, host, where);
    equal(segments(req.url), segments(reference.get(kind)!.url) + extra, where);
  }
}

describe("the URL compiled is the URL fetched, on every provider", () => {
  for (const entry of PROVIDERS) {
    const reference = compiled(factories[entry.name]!(entry.example));
    const host = new URL(fetched([...reference.values()][0]!.url)).host;

    it(`${entry.name}: each setting given odd ids is refused with CONFIG, or compiles to the URL fetched on the same host and path shape`, () => {
      for (const key of Object.keys(entry.example)) {
        for (const value of ODD) {
          const label = `${entry.name}({ ${key}: ${JSON.stringify(value)} })`;
          const provider = build(entry.name, { ...entry.example, [key]: value }, label);
          if (provider) check(provider, reference, host, 0, label);
        }
      }
    });

    it(`${entry.name}: random ids (dots, slashes, escapes, spaces) are CONFIG, or the URL fetched`, () => {
      const chars = fc.constantFrom(".", "/", "\\", "%", "2", "e", "?", "#", " ", "\t", "a", "1", "-", "+", "ü");
      for (const key of Object.keys(entry.example))
        fc.assert(
          fc.property(fc.string({ unit: chars, maxLength: 8 }), (value) => {
            const label = `${entry.name}({ ${key}: ${JSON.stringify(value)} })`;
            const provider = build(entry.name, { ...entry.example, [key]: value }, label);
            if (provider) check(provider, reference, host, 0, label);
          }),
          { numRuns: 150 },
        );
    });

    if (entry.name === "sandbox" || entry.name === "proxy") continue;
    it(`${entry.name}: baseUrl forms (dot segments, case, default ports, escapes) compile to the URL fetched`, () => {
      const plain = compiled(factories[entry.name]!({ ...entry.example, baseUrl: "https://ref.example" }));
      for (const baseUrl of BASES) {
        const label = `${entry.name}({ baseUrl: ${JSON.stringify(baseUrl)} })`;
        const provider = build(entry.name, { ...entry.example, baseUrl }, label);
        if (!provider) continue;
        const base = new URL(baseUrl.trim());
        check(provider, plain, base.host, base.pathname.replace(/\/+$/, "").split("/").length - 1, label);
      }
    });
  }

  it("what is fetched is exactly what compile() returned, for every provider with a base URL of dot segments", async () => {
    for (const entry of PROVIDERS) {
      if (entry.name === "sandbox") continue;
      const config =
        entry.name === "proxy"
          ? { url: "https://shop.example/api/v1/../whatsapp" }
          : { ...entry.example, baseUrl: "https://API.example.com:443/v1/./x/../" };
      const provider = factories[entry.name]!(config);
      const seen: string[] = [];
      const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push(new Request(input, init).url);
        return Response.json({});
      };
      const req = compiled(provider).get("text")!;
      await whatsapp({ provider, fetch, retry: 0 })
        .text("Hi")
        .to(TO)
        .then(
          () => undefined,
          () => undefined,
        );
      deepEqual(seen, [req.url], entry.name);
    }
  });
});

describe("bird serviceWindow: contact ids", () => {
  const provider = lib.bird({
    accessKey: "k-1",
    workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
    channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
  });

  it("a contactId that is not a UUID is VALIDATION at path contactId; a UUID compiles to the URL fetched", () => {
    for (const id of ODD) {
      let req: HttpRequest | undefined;
      try {
        req = provider.serviceWindowRequest(TO, id);
      } catch (e) {
        ok(isValidationError(e) && e.issues[0]?.path === "contactId", `${JSON.stringify(id)}: ${e}`);
        continue;
      }
      equal(id, "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90", "only the UUID passes");
      equal(fetched(req.url), req.url);
      ok(req.url.includes(`/contacts/${id}?`), req.url);
    }
  });

  it("serviceWindow() refuses `.` and `..` before any I/O", async () => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      return Response.json({});
    };
    for (const contactId of [".", ".."]) {
      const e = await provider.serviceWindow(TO, { contactId, fetch }).then(
        () => undefined,
        (x: unknown) => x,
      );
      ok(isValidationError(e) && e.issues[0]?.path === "contactId", String(e));
    }
    equal(calls, 0);
  });
});

describe("the transport refuses a request URL that fetch would rewrite", () => {
  const custom = (url: string): Provider =>
    httpProvider({
      name: "custom",
      kinds: ["text"],
      compile: () => ({ url, method: "POST", headers: { authorization: "Bearer k" }, body: {} }),
      parseSuccess: () => ({ id: "m-1", status: "accepted" }),
      parseError: () => ({ message: "refused" }),
    });

  it("dot segments, a backslash, spaces, an upper-case host, a default port, //host: CONFIG, nothing fetched", async () => {
    for (const url of [
      "https://api.example.com/v1/../admin",
      "https://api.example.com/v1/%2e%2e/admin",
      "https://api.example.com/./v1",
      "https://api.example.com\\v1",
      "https://api.example.com/a b",
      "https://API.example.com/v1",
      "https://api.example.com:443/v1",
      "https://api.example.com",
      "//evil.example/api",
      "/\\evil.example/api",
      "/api/../admin",
      "api/whatsapp",
    ]) {
      let calls = 0;
      const fetch = async () => {
        calls++;
        return Response.json({});
      };
      const e = await whatsapp({ provider: custom(url), fetch })
        .text("hi")
        .to(TO)
        .then(
          () => undefined,
          (x: unknown) => x,
        );
      ok(isWaError(e) && e.code === "CONFIG" && /custom compiled a request URL/.test(e.message), `${url}: ${e}`);
      equal(calls, 0, url);
    }
  });

  it("a URL that is its own href is fetched as it is", async () => {
    for (const url of ["https://api.example.com/v1/messages", "https://api.example.com:8443/a%20b/c?x=1"]) {
      const seen: string[] = [];
      const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push(new Request(input, init).url);
        return Response.json({});
      };
      await whatsapp({ provider: custom(url), fetch })
        .text("hi")
        .to(TO);
      deepEqual(seen, [url]);
    }
  });
});
