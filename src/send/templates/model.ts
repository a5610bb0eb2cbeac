/**
 * The data model of template definitions (types only), apart from {@link defineTemplates} so
 * that the check (./check.ts) and the definitions (./definition.ts) both read it without
 * importing each other.
 * @module
 */
/**
 * A template's header: text (with at most one placeholder, named in `params`) or a media or
 * location header whose value is given at send time.
 */
export type TemplateHeaderDefinition =
  | {
      type: "text";
      /** The header text, placeholders included (`"Order {{1}}"`). */
      text: string;
      /** The placeholder names in `text`, in order of appearance (`["1"]`); `[]` or absent when fixed. */
      params?: readonly string[];
    }
  | { type: "image" | "video" | "document" | "location" };

/**
 * One button of a template. `url` takes a parameter (the URL suffix) when its `url` holds a
 * placeholder; `copyCode` takes the code; `quickReply` and `flow` take an optional payload or token.
 */
export type TemplateButtonDefinition =
  | { type: "quickReply"; text: string }
  | { type: "url"; text: string; url: string }
  | { type: "phone"; text: string; phone: string }
  | { type: "copyCode"; text?: string }
  | { type: "flow"; text: string; flowId?: string }
  | { type: "catalog"; text: string }
  | { type: "otp"; text?: string; otpType?: string };

/** A template in one language, without its name and language (the keys it is filed under). */
export interface TemplateSpec {
  /** `MARKETING`, `UTILITY` or `AUTHENTICATION` (as the provider lists it). */
  readonly category: string;
  /** `APPROVED` (the default when absent), `PENDING`, `REJECTED`, `PAUSED`, … */
  readonly status?: string;
  /** `positional`: `{{1}}`, `{{2}}`, sent as `params`; `named`: `{{first_name}}`, sent as `variables`. */
  readonly parameterFormat: "positional" | "named";
  readonly header?: TemplateHeaderDefinition;
  readonly body: {
    /** The body text, placeholders included. */
    readonly text: string;
    /** The placeholder names in `text`, in order of first appearance (`["1", "2"]` or `["first_name"]`). */
    readonly params: readonly string[];
  };
  readonly footer?: string;
  readonly buttons?: readonly TemplateButtonDefinition[];
  /** The provider's ids for this template (Cloud API `id`, Bird `projectId` and `version`, …). */
  readonly ids?: Readonly<Record<string, string>>;
}

/** A template in one language: its name, language and content. */
export interface TemplateDefinition extends TemplateSpec {
  readonly name: string;
  readonly language: string;
}

/** What {@link defineTemplates} takes: template name → language → content. */
export type TemplateSpecs = { readonly [name: string]: { readonly [language: string]: TemplateSpec } };
