#!/usr/bin/env node
// The `wafluent` command (Node only; nothing here reaches a browser or worker bundle):
//   wafluent templates pull  --provider <cloud-api|kaleyra|bird|twilio|infobip|360dialog> --out src/templates.ts [--base-url URL] [--all]
//   wafluent templates check --provider <cloud-api|kaleyra|bird|twilio|infobip|360dialog> --out src/templates.ts [--base-url URL] [--all]
// Credentials from the environment (META_TOKEN and META_WABA_ID; KALEYRA_KEY, KALEYRA_SID and
// KALEYRA_WABA_ID; BIRD_ACCESS_KEY and BIRD_WORKSPACE_ID; TWILIO_ACCOUNT_SID and
// TWILIO_AUTH_TOKEN; INFOBIP_KEY, INFOBIP_SENDER and INFOBIP_BASE_URL; D360_API_KEY), each also as a kebab-case flag
// (--meta-waba-id). Secrets are never printed. Exit codes: 0 done (or up to date), 1 the file
// differs (check) or the pull failed, 2 a wrong command line.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { NO_LISTING, pullTemplates, TEMPLATE_SOURCES, templatesModule } from "../dist/cli.js";

const flag = (env) => env.toLowerCase().replaceAll("_", "-");
const SOURCES = Object.values(TEMPLATE_SOURCES);
const USAGE = `Usage:
  wafluent templates pull  --provider <${Object.keys(TEMPLATE_SOURCES).join("|")}> --out <file> [--base-url <url>] [--all]
  wafluent templates check --provider <${Object.keys(TEMPLATE_SOURCES).join("|")}> --out <file> [--base-url <url>] [--all]
Credentials (environment variable, or its flag):
${SOURCES.map((s) => `  ${s.provider}: ${s.credentials.map((c) => `${c.env} (--${flag(c.env)})`).join(", ")}`).join("\n")}`;

/** Exits with a message on stderr. */
function die(code, text) {
  process.stderr.write(`${text}\n`);
  process.exit(code);
}

const credentialFlags = {};
for (const s of SOURCES) for (const c of s.credentials) credentialFlags[flag(c.env)] = { type: "string" };
let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      provider: { type: "string" },
      out: { type: "string" },
      "base-url": { type: "string" },
      all: { type: "boolean", default: false },
      ...credentialFlags,
      help: { type: "boolean", short: "h" },
    },
  });
} catch (e) {
  die(2, `${e.message}\n${USAGE}`);
}
const { values, positionals } = args;
if (values.help) die(0, USAGE);
const [group, command] = positionals;
if (group !== "templates" || (command !== "pull" && command !== "check") || positionals.length !== 2) die(2, USAGE);
const provider = values.provider;
const source = Object.hasOwn(TEMPLATE_SOURCES, provider ?? "") ? TEMPLATE_SOURCES[provider] : undefined;
if (!source)
  die(
    2,
    provider === undefined
      ? `--provider is required: ${Object.keys(TEMPLATE_SOURCES).join(", ")}.\n${USAGE}`
      : Object.hasOwn(NO_LISTING, provider)
        ? `--provider ${provider}: ${NO_LISTING[provider]}. Describe its templates with defineTemplates() from wafluent/templates (see docs/templates.md).`
        : `--provider ${JSON.stringify(provider)}: wafluent pulls the template listings of ${Object.keys(TEMPLATE_SOURCES).join(", ")}.\n${USAGE}`,
  );
if (!values.out) die(2, `--out <file> is required.\n${USAGE}`);
const credentials = {};
const secrets = [];
for (const c of source.credentials) {
  const v = values[flag(c.env)] ?? process.env[c.env] ?? "";
  credentials[c.key] = v;
  if (c.secret && v) secrets.push(v);
}
/** `text` with every secret (should a server echo one) replaced. */
const safe = (text) => secrets.reduce((t, s) => t.replaceAll(s, "[secret]"), String(text));

let result;
try {
  result = await pullTemplates({
    provider,
    ...credentials,
    baseUrl: values["base-url"] ?? credentials.baseUrl,
    all: values.all,
    onPage: (page, count) => process.stderr.write(`page ${page}: ${count} templates so far\n`),
  });
} catch (e) {
  const code = typeof e?.code === "string" ? `${e.code}: ` : "";
  die(e?.code === "CONFIG" ? 2 : 1, safe(`wafluent templates ${command}: ${code}${e?.message ?? e}`));
}

const { definitions, skipped } = result;
const text = templatesModule(definitions, provider);
const names = new Set(definitions.map((d) => d.name));
const summary = [
  `${names.size} template${names.size === 1 ? "" : "s"} (${definitions.length} translation${definitions.length === 1 ? "" : "s"})`,
  ...(skipped.length
    ? [
        `${skipped.length} left out:`,
        ...skipped.map((s) => `  ${s.name} (${s.language}): ${s.reason}`),
        ...(values.all
          ? []
          : skipped.some((s) => s.reason.startsWith("status"))
            ? ["  (--all keeps the ones not approved)"]
            : []),
      ]
    : []),
].join("\n");

if (command === "pull") {
  writeFileSync(values.out, text);
  process.stdout.write(safe(`wrote ${values.out}: ${summary}\n`));
  process.exit(0);
}

let current = "";
try {
  current = readFileSync(values.out, "utf8");
} catch {
  die(1, `${values.out} does not exist: run wafluent templates pull first.`);
}
if (current === text) {
  process.stdout.write(safe(`${values.out} is up to date: ${summary}\n`));
  process.exit(0);
}
// A line diff: the lines only in the file (-) and only in the provider's listing (+), in order.
const a = current.split("\n");
const b = text.split("\n");
if (a.length * b.length > 4_000_000) {
  // Too long for a line diff in memory: the first line that differs.
  let at = 0;
  while (a[at] === b[at]) at++;
  process.stdout.write(
    safe(
      `${values.out} differs from the provider's templates from line ${at + 1}:\n- ${a[at] ?? ""}\n+ ${b[at] ?? ""}\nrun wafluent templates pull.\n`,
    ),
  );
  process.exit(1);
}
const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
for (let i = a.length - 1; i >= 0; i--)
  for (let j = b.length - 1; j >= 0; j--)
    lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
const diff = [];
let i = 0;
let j = 0;
while (i < a.length || j < b.length) {
  if (i < a.length && j < b.length && a[i] === b[j]) i++, j++;
  else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) diff.push(`- ${a[i++]}`);
  else diff.push(`+ ${b[j++]}`);
}
process.stdout.write(
  safe(
    `${values.out} differs from the provider's templates (- in the file, + at the provider); run wafluent templates pull:\n${diff.join("\n")}\n`,
  ),
);
process.exit(1);
