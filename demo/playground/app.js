// The playground page: one form per message kind, built with the fluent builder of the CDN
// bundle; `check()` for inline problems; the neutral Message and each provider's compiled
// request side by side; a phone-style preview; sending through proxy() to the local server.
// Type-checked (JSDoc, demo/playground/tsconfig.json) by the test-types suite against the built
// types: the forms are keyed by `Kind`, so a kind added to wafluent is a type error here until it
// has its form and its preview.
// @ts-check
import * as lib from "/wafluent.min.js";

/** @typedef {import("/wafluent.min.js").Kind} Kind */
/** @typedef {import("/wafluent.min.js").Message} Message */
/** @typedef {import("/wafluent.min.js").Builders} Builders */
/** @typedef {import("/wafluent.min.js").Draft} Draft */
/** @typedef {import("/wafluent.min.js").Outgoing} Outgoing */
/** @typedef {import("/wafluent.min.js").CheckResult} CheckResult */
/** @typedef {import("/wafluent.min.js").ToOptions} ToOptions */
/** @typedef {import("/wafluent.min.js").Media} Media */
/**
 * The form's values by field id: text as typed, checkboxes as booleans (read from the DOM, so
 * each kind's `build` knows which is which).
 * @typedef {Record<string, any>} Fields
 */
/** @typedef {[id: string, label: string, type: string, value: string | boolean, owns: RegExp]} Field */
/**
 * One kind's form: its label, its fields, and how it builds the draft from them.
 * @template {Kind} [K=Kind]
 * @typedef {{ label: string, fields: Field[], build: (f: Fields, w: Builders) => import("/wafluent.min.js").Draft<K> }} Form
 */
/** @typedef {{ name: string, factory: string, credentials: Record<string, string> }} Panel */

const { whatsapp, proxy, isUnsupportedError, isValidationError, isWaError } = lib;

/**
 * Providers shown side by side, in the registry's order (the server's /providers.json, built from
 * src/providers/registry.ts): `{ name, factory, credentials }`. Credentials are placeholders:
 * compile does no I/O. A factory missing from this build is shown as "not in this build".
 */
/** @type {Panel[]} */
const PROVIDERS = await (await fetch("/providers.json")).json();
/** The factories, by name, for the panels (a name this build lacks is shown as missing). */
const FACTORIES = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (lib));

/** The definitions the server was given (`startPlayground({ templates })`) and renderTemplate, or none. */
const TEMPLATES = await import("/templates.js");

const token = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="proxy-token"]')).content;
const wa = whatsapp({ provider: proxy({ url: "/api/whatsapp", headers: { authorization: `Bearer ${token}` } }) });

// Field: [id, label, type, default, issue paths it owns (regex)].
/** @type {Field} */
const header = ["header", "Header (optional)", "text", "", /^header/];
/** @type {Field} */
const footer = ["footer", "Footer (optional)", "text", "", /^footer/];
/** @param {string} s */
const lines = (s) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
/**
 * The draft with the header and footer the form holds.
 * @template {Draft} D
 * @param {D} draft
 * @param {Fields} f
 * @returns {D}
 */
const withFrame = (draft, f) => {
  /** @type {any} a text draft, or one that takes a footer only */
  let d = draft;
  if (f.header) d = d.header(f.header);
  if (f.footer) d = d.footer(f.footer);
  return d;
};
const MAX_BUTTONS = 10;
/** @param {Fields} f @returns {string[]} */
const buttonTitles = (f) =>
  Array.from({ length: MAX_BUTTONS }, (_, i) => f[`button${i + 1}`]).filter((b) => b !== undefined && b !== "");
/** @param {Fields} f @returns {Media} */
const media = (f) => ({
  url: f.url,
  ...(f.caption ? { caption: f.caption } : {}),
  ...(f.filename ? { filename: f.filename } : {}),
});

/** One form per kind of message, keyed by `Kind`: a kind without its form, or a form that builds another kind, does not compile. */
/** @type {{ [K in Kind]: Form<K> }} */
const KINDS = {
  buttons: {
    label: "Reply buttons",
    fields: [
      header,
      ["body", "Body", "textarea", "Your order #1042 has shipped. *Track it* or ask us anything.", /^body/],
      footer,
      // Up to 10: three fields show, and one more as soon as the last one shown is filled.
      ...Array.from(
        { length: MAX_BUTTONS },
        (_, i) =>
          /** @type {Field} */ ([
            `button${i + 1}`,
            `Button ${i + 1}${i === 0 ? "" : " (optional)"}`,
            "text",
            ["Track", "Help"][i] ?? "",
            i === 0 ? /^buttons(\[0\]|$)/ : new RegExp(`^buttons\\[${i}\\]`),
          ]),
      ),
      ["fallback", 'Send as a list when they cannot be buttons (fallback: "list")', "checkbox", false, /^sections/],
    ],
    build: (f, w) =>
      withFrame(w.text(f.body).buttons(buttonTitles(f), f.fallback ? { fallback: "list" } : undefined), f),
  },
  text: {
    label: "Text",
    fields: [
      ["body", "Body", "textarea", "Your order #1042 shipped: https://example.com/t/1042", /^body/],
      ["previewUrl", "Show a link preview", "checkbox", true, /^previewUrl/],
    ],
    build: (f, w) => w.text(f.body, { previewUrl: f.previewUrl }),
  },
  list: {
    label: "List",
    fields: [
      header,
      ["body", "Body", "textarea", "What would you like to order?", /^body/],
      footer,
      ["button", "List button", "text", "See the menu", /^button$/],
      ["section", "Section title (optional)", "text", "Pizza", /^sections\[\d+\]\.title/],
      [
        "rows",
        "Rows, one a line: title | description",
        "textarea",
        "Margherita | Tomato, mozzarella\nDiavola | Spicy salami\nQuattro formaggi",
        /^sections/,
      ],
    ],
    build: (f, w) =>
      withFrame(
        w.text(f.body).list(f.button, [
          {
            ...(f.section ? { title: f.section } : {}),
            rows: lines(f.rows).map((l) => {
              const [title, description] = l.split("|").map((s) => s.trim());
              return description ? { id: title, title, description } : title;
            }),
          },
        ]),
        f,
      ),
  },
  link: {
    label: "Call-to-action link",
    fields: [
      header,
      ["body", "Body", "textarea", "Our spring collection is live.", /^body/],
      footer,
      ["linkText", "Button text", "text", "Open the shop", /^link\.text/],
      ["linkUrl", "URL", "text", "https://example.com/shop", /^link\.url/],
    ],
    build: (f, w) => withFrame(w.text(f.body).link(f.linkText, f.linkUrl), f),
  },
  locationRequest: {
    label: "Location request",
    fields: [["body", "Body", "textarea", "Where should we deliver your order?", /^body/]],
    build: (f, w) => w.text(f.body).locationRequest(),
  },
  image: {
    label: "Image",
    fields: [
      ["url", "Image URL", "text", "https://example.com/parcel.jpg", /^media\[0\]\.(url|id)|^media$/],
      ["caption", "Caption (optional)", "textarea", "Your parcel is on its way", /caption/],
    ],
    build: (f, w) => w.image(media(f)),
  },
  video: {
    label: "Video",
    fields: [
      ["url", "Video URL", "text", "https://example.com/unboxing.mp4", /^media\[0\]\.(url|id)|^media$/],
      ["caption", "Caption (optional)", "textarea", "", /caption/],
    ],
    build: (f, w) => w.video(media(f)),
  },
  document: {
    label: "Document",
    fields: [
      ["url", "Document URL", "text", "https://example.com/invoice-1042.pdf", /^media\[0\]\.(url|id)|^media$/],
      ["filename", "File name", "text", "invoice-1042.pdf", /filename/],
      ["caption", "Caption (optional)", "textarea", "Your invoice", /caption/],
    ],
    build: (f, w) => w.document(media(f)),
  },
  audio: {
    label: "Audio",
    fields: [["url", "Audio URL", "text", "https://example.com/voice-note.mp3", /^media/]],
    build: (f, w) => w.audio(f.url),
  },
  sticker: {
    label: "Sticker",
    fields: [["url", "Sticker URL (webp)", "text", "https://example.com/thanks.webp", /^media/]],
    build: (f, w) => w.sticker(f.url),
  },
  location: {
    label: "Location",
    fields: [
      ["latitude", "Latitude", "number", "52.3731", /latitude/],
      ["longitude", "Longitude", "number", "4.8926", /longitude/],
      ["name", "Name (optional)", "text", "Dam Square", /location\.name/],
      ["address", "Address (optional)", "text", "Dam, Amsterdam", /address/],
    ],
    build: (f, w) =>
      w.location({
        latitude: f.latitude,
        longitude: f.longitude,
        ...(f.name ? { name: f.name } : {}),
        ...(f.address ? { address: f.address } : {}),
      }),
  },
  contacts: {
    label: "Contact card",
    fields: [
      ["contactName", "Name", "text", "Acme Support", /name/],
      ["contactPhone", "Phone", "text", "+31201234567", /phones/],
    ],
    build: (f, w) =>
      w.contacts([
        {
          name: { formatted_name: f.contactName },
          ...(f.contactPhone ? { phones: [{ phone: f.contactPhone, type: "WORK" }] } : {}),
        },
      ]),
  },
  reaction: {
    label: "Reaction",
    fields: [
      ["messageId", "Message id", "text", "wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI", /messageId/],
      ["emoji", "Emoji", "text", "👍", /emoji/],
    ],
    build: (f, w) => w.reaction(f.messageId, f.emoji),
  },
  template: {
    label: "Template",
    fields: [
      ["templateName", "Template name (Bird: its Studio project id)", "text", "order_update", /template\.name/],
      ["language", "Language", "text", "en_US", /language/],
      [
        "params",
        "Positional body parameters {{1}}, {{2}}…, one a line (Meta, Kaleyra, Bik, Zixflow, Infobip)",
        "textarea",
        "Ada\n#1042",
        /template\.body/,
      ],
      ["variables", "Named variables, one a line: name = value (Bird, Zixflow)", "textarea", "", /template\.variables/],
      ["birdProject", "Bird project id (optional; Bird addresses templates by it)", "text", "", /options\.bird/],
    ],
    build: (f, w) => {
      const params = lines(f.params);
      const variables = Object.fromEntries(
        lines(f.variables).map((l) => {
          const at = l.indexOf("=");
          return at < 0 ? [l, ""] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
        }),
      );
      const draft = w.template(f.templateName, {
        language: f.language,
        ...(params.length ? { params } : {}),
        ...(Object.keys(variables).length ? { variables } : {}),
      });
      return f.birdProject ? draft.options({ bird: { projectId: f.birdProject } }) : draft;
    },
  },
  product: {
    label: "Product (catalog)",
    fields: [
      ["body", "Body", "textarea", "Back in stock: the linen shirt.", /^body/],
      footer,
      ["catalogId", "Catalog id", "text", "367025965434465", /catalogId/],
      ["productId", "Product retailer id", "text", "SKU-1042", /productId/],
    ],
    build: (f, w) =>
      withFrame(w.text(f.body).product({ catalogId: f.catalogId, productId: f.productId }), { footer: f.footer }),
  },
  productList: {
    label: "Products (multi-product)",
    fields: [
      ["header", "Header", "text", "Summer picks", /^header/],
      ["body", "Body", "textarea", "Three favourites this week.", /^body/],
      footer,
      ["catalogId", "Catalog id", "text", "367025965434465", /catalogId/],
      ["section", "Section title", "text", "Shirts", /^sections\[\d+\]\.title/],
      ["products", "Product retailer ids, one a line", "textarea", "SKU-1042\nSKU-1043\nSKU-1044", /^sections/],
    ],
    build: (f, w) =>
      withFrame(
        w
          .text(f.body)
          .products(f.catalogId, [{ ...(f.section ? { title: f.section } : {}), productIds: lines(f.products) }]),
        f,
      ),
  },
  catalog: {
    label: "Catalog",
    fields: [
      ["body", "Body", "textarea", "Browse our shop and order in the chat.", /^body/],
      footer,
      ["thumbnail", "Thumbnail product retailer id", "text", "SKU-1042", /thumbnailProductId/],
    ],
    build: (f, w) => withFrame(w.text(f.body).catalog({ thumbnailProductId: f.thumbnail }), { footer: f.footer }),
  },
  flow: {
    label: "Flow",
    fields: [
      header,
      ["body", "Body", "textarea", "Book a table in two taps.", /^body/],
      footer,
      ["flowId", "Flow id", "text", "1234567890", /^flow$|flow\.id/],
      ["cta", "Button text", "text", "Book a table", /flow\.cta/],
      ["screen", "First screen (optional)", "text", "WELCOME", /flow\.screen/],
    ],
    build: (f, w) =>
      withFrame(w.text(f.body).flow({ id: f.flowId, cta: f.cta, ...(f.screen ? { screen: f.screen } : {}) }), f),
  },
};

/**
 * The element `s` selects (the page has every one this script asks for).
 * @template {Element} [E=HTMLElement]
 * @param {string} s
 * @param {ParentNode} [root]
 * @returns {E}
 */
const $ = (s, root = document) => /** @type {E} */ (root.querySelector(s));
/**
 * A new element with attributes (`class` and `text` set the class name and the text) and children.
 * @template {keyof HTMLElementTagNameMap} T
 * @param {T} tag
 * @param {Record<string, string>} [attrs]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[T]}
 */
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
};

/** @type {HTMLSelectElement} */
const kindSelect = $("#kind");
for (const [kind, spec] of Object.entries(KINDS)) kindSelect.append(el("option", { value: kind, text: spec.label }));
/** The form of the kind selected. */
const selected = () => KINDS[/** @type {Kind} */ (kindSelect.value)];

/** @type {{ outgoing: Outgoing } | null} the message, when it is valid */
let current = null;

/**
 * The preview of a message that is not valid yet: the kind's build function runs against this
 * recorder instead of the builder, which keeps the fields as typed (ids default to titles, as
 * the builder does) without checking anything.
 */
/**
 * @param {Form["build"]} build
 * @param {Fields} f
 * @returns {Record<string, any>} the message as typed (unchecked: any field may be missing or odd)
 */
function record(build, f) {
  /** @type {Record<string, any>} */
  const m = {};
  /** @param {any} x */
  const item = (x) => (typeof x === "string" ? { id: x, title: x } : { id: x?.title, ...x });
  /** @param {any} x */
  const mediaOf = (x) => (typeof x === "string" ? { url: x } : { ...x });
  /** @param {any} h */
  const headerOf = (h) => {
    if (typeof h === "string") return { type: "text", text: h };
    const type = ["image", "video", "document"].find((t) => h?.[t] !== undefined);
    return type ? { type, media: mediaOf(h[type]) } : undefined;
  };
  /** @param {Record<string, unknown>} fields @returns {any} the recorder, as the draft it stands for */
  const set = (fields) => (Object.assign(m, fields), draft);
  // The recorder: untyped on purpose (it takes what the form holds, valid or not).
  /** @type {Record<string, (...args: any[]) => unknown>} */
  const draft = {
    header: (h) => set({ header: headerOf(h) }),
    footer: (footer) => set({ footer }),
    options: () => draft,
    buttons: (items) => set({ type: "buttons", buttons: [...items].map(item) }),
    list: (button, sections) =>
      set({
        type: "list",
        button,
        sections: [...sections].map((s) => ({ ...s, rows: [...(s.rows ?? [])].map(item) })),
      }),
    link: (text, url) => set({ type: "link", link: { text, url } }),
    locationRequest: () => set({ type: "locationRequest" }),
    product: (product) => set({ type: "product", product }),
    products: (catalogId, sections) => set({ type: "productList", catalogId, sections }),
    catalog: (catalog) => set({ type: "catalog", catalog }),
    flow: (flow) => set({ type: "flow", flow }),
  };
  /** @type {Record<string, (...args: any[]) => unknown>} */
  const builders = {
    text: (body) => set({ type: "text", body }),
    location: (location) => set({ type: "location", location }),
    contacts: (contacts) => set({ type: "contacts", contacts }),
    reaction: (messageId, emoji) => set({ type: "reaction", reaction: { messageId, emoji } }),
    template: (name, o) =>
      set({
        type: "template",
        template: {
          name,
          language: o.language,
          body: (o.params ?? []).map((/** @type {string} */ text) => ({ type: "text", text })),
          variables: o.variables,
        },
      }),
  };
  for (const type of ["image", "video", "document", "audio", "sticker"])
    builders[type] = (/** @type {unknown} */ x) => set({ type, media: [mediaOf(x)] });
  build(f, /** @type {any} the recorder stands for the builders */ (builders));
  return m;
}

/** Three button fields show; past those, one more as soon as the last one shown is filled. */
function growButtons() {
  const inputs = [
    .../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll("input[data-field]")),
  ].filter((i) => /^button\d+$/.test(i.dataset.field ?? ""));
  let last = -1;
  inputs.forEach((input, i) => {
    if (input.value !== "") last = i;
  });
  inputs.forEach((input, i) => {
    const label = input.closest("label");
    if (label) label.hidden = i > Math.max(last + 1, 2);
  });
}

function renderFields() {
  const box = $("#fields");
  box.replaceChildren();
  for (const [id, label, type, value] of selected().fields) {
    /** @type {HTMLInputElement | HTMLTextAreaElement} */
    let input;
    if (type === "textarea") input = el("textarea", { id: `f-${id}`, rows: "3" });
    else if (type === "checkbox") {
      input = el("input", { id: `f-${id}`, type: "checkbox" });
      input.checked = value === true;
    } else
      input = el("input", {
        id: `f-${id}`,
        type: type === "number" ? "text" : type,
        ...(type === "number" ? { inputmode: "decimal" } : {}),
      });
    if (type !== "checkbox") input.value = String(value);
    input.dataset.field = id;
    box.append(
      el(
        "label",
        { class: `field${type === "checkbox" ? " check" : ""}` },
        el("span", { text: label }),
        input,
        el("small", { class: "error", "data-error-for": id }),
      ),
    );
  }
  update();
}

/** @returns {Fields} */
function values() {
  /** @type {Fields} */
  const f = {};
  for (const input of document.querySelectorAll("[data-field]")) {
    if (input instanceof HTMLInputElement && input.type === "checkbox") f[input.dataset.field ?? ""] = input.checked;
    else if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)
      f[input.dataset.field ?? ""] = input.value;
  }
  return f;
}

function update() {
  const spec = selected();
  const f = values();
  growButtons();
  for (const e of document.querySelectorAll("[data-error-for]")) e.textContent = "";
  for (const i of document.querySelectorAll("[data-field]")) i.removeAttribute("aria-invalid");
  const general = $("#general-issues");
  general.replaceChildren();
  $("#result").textContent = "";
  $("#result").className = "";

  // The message-level policy: overflow "truncate" shortens over-long text, with a warning each.
  /** @type {ToOptions | undefined} */
  const policy = f.overflow ? { overflow: "truncate" } : undefined;
  /** @type {Draft | undefined} */
  let draft;
  /** @type {CheckResult} */
  let check;
  try {
    draft = spec.build(f, wa);
    check = draft.check(f.to, policy);
  } catch (error) {
    check = {
      ok: false,
      issues: [{ path: "", message: isWaError(error) ? error.message : String(error) }],
      warnings: [],
    };
  }
  // Fields go to the library as typed (coordinates too), so every issue quotes what the user typed.
  const issues = check.issues;
  for (const issue of issues) {
    const owner = issue.path === "to" ? "to" : spec.fields.find(([, , , , re]) => re.test(issue.path))?.[0];
    const slot = owner && document.querySelector(`[data-error-for="${owner}"]`);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${issue.message}` : issue.message;
      document.querySelector(`[data-field="${owner}"]`)?.setAttribute("aria-invalid", "true");
    } else general.append(el("p", { text: issue.message }));
  }
  general.hidden = general.childElementCount === 0;
  const warnings = $("#warnings");
  warnings.replaceChildren(...(check.warnings ?? []).map((w) => el("p", { text: w.message })));
  warnings.hidden = warnings.childElementCount === 0;

  current = null;
  if (check.ok && draft) {
    try {
      current = { outgoing: draft.to(f.to, policy) };
    } catch (error) {
      general.append(el("p", { text: isWaError(error) ? error.message : String(error) }));
      general.hidden = false;
    }
  }
  /** @type {HTMLButtonElement} */ ($("#send")).disabled = !current;
  document.body.dataset.valid = String(Boolean(current));
  renderPayloads();
  // A valid message is previewed as it will be sent (truncated, or turned into a list); one with
  // issues as typed, marked invalid, so the preview never disappears while the user fixes it.
  /** @type {Record<string, any> | undefined} a message, or one as typed */
  let preview = current?.outgoing.message;
  if (!preview) {
    try {
      preview = { to: f.to, ...record(spec.build, f) };
    } catch {
      preview = undefined;
    }
  }
  renderPreview(preview, current ? null : issues.length);
}

function renderPayloads() {
  const neutral = $("#neutral");
  neutral.textContent = current
    ? JSON.stringify(current.outgoing.message, null, 2)
    : "Fix the highlighted fields to see the message.";
  neutral.classList.toggle("muted", !current);
  const grid = $("#providers");
  grid.replaceChildren();
  for (const p of PROVIDERS) {
    /** @type {"compiled" | "unsupported" | "missing" | "invalid" | "refused" | "error"} */
    let state;
    /** @type {string} */
    let body;
    const factory = FACTORIES[p.factory];
    if (typeof factory !== "function") {
      state = "missing";
      body = `not in this build: this copy of wafluent has no ${p.factory}() provider.`;
    } else if (!current) {
      state = "invalid";
      body = "waiting for a valid message";
    } else {
      try {
        const req = current.outgoing.compile(factory(p.credentials));
        state = "compiled";
        // Headers carry the dummy credentials above; a real page never sees real ones (the proxy holds them).
        const headers = Object.entries(req.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join("\n");
        body = `${req.method} ${req.url}\n${headers}\n\n${JSON.stringify(req.body, null, 2)}`;
      } catch (error) {
        if (isUnsupportedError(error)) {
          state = "unsupported";
          body = `unsupported: ${error.message}`;
        } else if (isValidationError(error)) {
          state = "refused";
          body = `refused by ${p.name}: ${error.issues.map((i) => i.message).join(" ")}`;
        } else {
          state = "error";
          body = isWaError(error) ? `${error.code}: ${error.message}` : `error: ${error}`;
        }
      }
    }
    const badge = {
      compiled: "request",
      unsupported: "unsupported",
      missing: "not in this build",
      invalid: "—",
      refused: "refused",
      error: "error",
    }[state];
    grid.append(
      el(
        "article",
        { class: `provider ${state}`, "data-provider": p.factory, "data-state": state },
        el("header", {}, el("strong", { text: p.name }), el("span", { class: "badge", text: badge })),
        el("pre", { class: "code", text: body }),
      ),
    );
  }
}

/** WhatsApp's inline formatting: *bold*, _italic_, ~strike~, ```mono```. */
/** @param {string} text */
function formatted(text) {
  const node = el("div", { class: "text" });
  const parts = text.split(/(```[^`]+```|\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g);
  for (const part of parts) {
    if (/^```[^`]+```$/.test(part)) node.append(el("code", { text: part.slice(3, -3) }));
    else if (/^\*[^*]+\*$/.test(part)) node.append(el("strong", { text: part.slice(1, -1) }));
    else if (/^_[^_]+_$/.test(part)) node.append(el("em", { text: part.slice(1, -1) }));
    else if (/^~[^~]+~$/.test(part)) node.append(el("s", { text: part.slice(1, -1) }));
    else node.append(document.createTextNode(part));
  }
  return node;
}

const time = () => el("span", { class: "time", text: "12:30" });
/** @param {Record<string, any> | undefined} m a media object as typed */
const fileName = (m) => {
  if (m?.filename) return m.filename;
  try {
    return new URL(m?.url).pathname.split("/").pop() ?? "";
  } catch {
    return m?.url ?? m?.id ?? "";
  }
};
/**
 * @param {"image" | "video" | "document" | "audio" | "sticker"} type
 * @param {Record<string, any> | undefined} m a media object as typed
 */
const mediaBox = (type, m) =>
  el(
    "div",
    { class: `media ${type}`, "data-media": type },
    el("span", {
      class: "media-icon",
      text: { image: "🖼", video: "▶", document: "📄", audio: "🎤", sticker: "🙂" }[type],
    }),
    el("span", { text: fileName(m) }),
  );

/**
 * Shows `m` as WhatsApp would. `issues` is null for a valid message; otherwise the preview is of
 * the message as typed, marked invalid with the number of issues.
 */
/**
 * @param {Record<string, any> | undefined} m a message, or one as typed
 * @param {number | null} issues
 */
function renderPreview(m, issues = null) {
  const chat = $("#chat");
  const sheet = $("#sheet");
  sheet.hidden = true;
  chat.replaceChildren(el("div", { class: "day", text: "TODAY" }));
  const preview = $(".preview");
  preview.classList.toggle("invalid", issues !== null);
  preview.dataset.preview = issues === null ? "valid" : "invalid";
  const banner = $("#preview-state");
  banner.hidden = issues === null;
  banner.textContent =
    issues === null
      ? ""
      : `Not sendable yet: ${issues === 1 ? "1 issue" : `${issues} issues`} (see the form). Preview of the message as typed.`;
  if (!m) {
    chat.append(el("div", { class: "placeholder", text: "Nothing to preview yet." }));
    return;
  }
  try {
    chat.append(bubbleOf(m, sheet));
  } catch {
    chat.append(
      el("div", {
        class: "placeholder",
        text: "This message cannot be previewed until the highlighted fields are fixed.",
      }),
    );
  }
}

/**
 * @param {Record<string, any>} m a message, or one as typed (any field may be missing or odd: the caller catches)
 * @param {HTMLElement} sheet
 */
function bubbleOf(m, sheet) {
  const bubble = el("div", { class: "bubble" });
  const row = el("div", { class: "msg" }, bubble);
  if (m.header?.type === "text") bubble.append(el("div", { class: "header", text: m.header.text }));
  else if (m.header) bubble.append(mediaBox(m.header.type, m.header.media));
  switch (m.type) {
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker":
      bubble.append(mediaBox(m.type, m.media[0]));
      if (m.media[0].caption) bubble.append(formatted(m.media[0].caption));
      break;
    case "location":
      bubble.append(
        el("div", { class: "map", text: "📍" }),
        el("div", { class: "header", text: m.location.name ?? `${m.location.latitude}, ${m.location.longitude}` }),
        ...(m.location.address ? [el("div", { class: "footer", text: m.location.address })] : []),
      );
      break;
    case "contacts":
      bubble.append(
        el(
          "div",
          { class: "contact" },
          el("span", { class: "avatar", text: m.contacts[0].name.formatted_name[0] }),
          el("strong", { text: m.contacts[0].name.formatted_name }),
        ),
      );
      row.append(el("div", { class: "actions" }, el("button", { type: "button", class: "action", text: "Message" })));
      break;
    case "reaction":
      bubble.append(el("div", { class: "quoted", text: `reacting to ${m.reaction.messageId.slice(0, 18)}…` }));
      bubble.append(el("div", { class: "reaction", text: m.reaction.emoji || "(reaction removed)" }));
      break;
    case "template":
      bubble.append(el("div", { class: "header", text: `Template “${m.template.name}” (${m.template.language})` }));
      bubble.append(
        el("div", {
          class: "text",
          text:
            [
              ...(m.template.body ?? []).map(
                (/** @type {any} */ p, /** @type {number} */ i) => `{{${i + 1}}} = ${p.text ?? p.fallback ?? p.type}`,
              ),
              ...Object.entries(m.template.variables ?? {}).map(([k, v]) => `{{${k}}} = ${v}`),
            ].join("\n") || "no parameters",
        }),
      );
      {
        // With a definitions file: the text the recipient sees (wafluent/templates' renderTemplate).
        const def = TEMPLATES.templates?.[m.template.name]?.[m.template.language];
        if (def) {
          const { body: params, variables, header, buttons } = m.template;
          const text = TEMPLATES.renderTemplate(def, { params, variables, header: header?.[0], buttons });
          bubble.append(el("div", { class: "text rendered", text }));
        }
      }
      break;
    default:
      if (m.type === "product")
        bubble.append(
          el(
            "div",
            { class: "contact" },
            el("span", { class: "avatar", text: "🛍" }),
            el("strong", { text: m.product.productId }),
          ),
        );
      if (m.body !== undefined) bubble.append(formatted(m.body));
  }
  if (m.footer) bubble.append(el("div", { class: "footer", text: m.footer }));
  bubble.append(time());
  if (m.type === "buttons")
    row.append(
      el(
        "div",
        { class: "actions" },
        ...m.buttons.map((/** @type {{ title: string }} */ b) =>
          el("button", { type: "button", class: "action reply", text: `↩ ${b.title}` }),
        ),
      ),
    );
  if (m.type === "link")
    row.append(
      el(
        "div",
        { class: "actions" },
        el("a", { class: "action", href: m.link.url, target: "_blank", rel: "noopener", text: `↗ ${m.link.text}` }),
      ),
    );
  if (m.type === "product")
    row.append(el("div", { class: "actions" }, el("button", { type: "button", class: "action", text: "View" })));
  if (m.type === "productList")
    row.append(
      el(
        "div",
        { class: "actions" },
        el("button", {
          type: "button",
          class: "action",
          text: `☰ View items (${m.sections.reduce((/** @type {number} */ n, /** @type {{ productIds: string[] }} */ s) => n + s.productIds.length, 0)})`,
        }),
      ),
    );
  if (m.type === "catalog")
    row.append(
      el("div", { class: "actions" }, el("button", { type: "button", class: "action", text: "🛍 View catalog" })),
    );
  if (m.type === "flow")
    row.append(
      el("div", { class: "actions" }, el("button", { type: "button", class: "action", text: `▤ ${m.flow.cta}` })),
    );
  if (m.type === "locationRequest")
    row.append(
      el("div", { class: "actions" }, el("button", { type: "button", class: "action", text: "📍 Send location" })),
    );
  if (m.type === "list") {
    const open = el("button", { type: "button", class: "action list-open", text: `☰ ${m.button}` });
    open.addEventListener("click", () => {
      sheet.replaceChildren(
        el(
          "div",
          { class: "sheet-head" },
          el("button", { type: "button", class: "close", "aria-label": "Close", text: "✕" }),
          el("strong", { text: m.button }),
        ),
        ...m.sections
          .flatMap((/** @type {{ title?: string, rows: { title: string, description?: string }[] }} */ s) => [
            s.title ? el("div", { class: "sheet-section", text: s.title }) : null,
            ...s.rows.map((r) =>
              el(
                "label",
                { class: "sheet-row" },
                el(
                  "span",
                  {},
                  el("strong", { text: r.title }),
                  r.description ? el("small", { text: r.description }) : null,
                ),
                el("input", { type: "radio", name: "row" }),
              ),
            ),
          ])
          .filter(Boolean),
        el("div", { class: "sheet-foot" }, el("button", { type: "button", class: "sheet-send", text: "Send" })),
      );
      $(".close", sheet).addEventListener("click", () => (sheet.hidden = true));
      sheet.hidden = false;
    });
    row.append(el("div", { class: "actions" }, open));
  }
  return row;
}

$("#send").addEventListener("click", async () => {
  if (!current) return;
  const out = $("#result");
  out.className = "pending";
  out.textContent = "sending…";
  /** @type {HTMLButtonElement} */ ($("#send")).disabled = true;
  try {
    const r = await current.outgoing;
    out.className = "ok";
    out.textContent = `✔ ${r.status} by ${r.provider}: ${r.id}`;
  } catch (error) {
    out.className = "failed";
    out.textContent = isWaError(error) ? `✖ ${error.code}: ${error.message}` : `✖ ${error}`;
  } finally {
    // An Outgoing sends once; build a fresh one so the next click sends again.
    const text = out.textContent,
      cls = out.className;
    update();
    out.textContent = text;
    out.className = cls;
  }
});

kindSelect.addEventListener("change", renderFields);
document.addEventListener("input", (e) => {
  if (e.target instanceof Element && e.target.matches("[data-field]")) update();
});
kindSelect.value = "buttons";
renderFields();
