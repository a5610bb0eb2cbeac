/**
 * The types `whatsapp({ provider, templates })` gives `wa.template()`: derived from the
 * definitions' own literal types, so names autocomplete and a wrong language, parameter count,
 * variable name or header kind is a tsc error. Types only: no code.
 * @module
 */
import type { Draft, MediaArg, TemplateOptions, TemplateParamInput } from "../draft-types.ts";
import type { Media } from "../../core/message.ts";

/** Definitions as `whatsapp()` reads them: name → language → definition. */
export type TemplatesLike = { readonly [name: string]: { readonly [language: string]: object } };

/** The body part of the options: `params` as a tuple of exactly the template's count, or `variables` with exactly its keys. */
type BodyOptions<S> = S extends { parameterFormat: "named"; body: { params: infer P extends readonly string[] } }
  ? P extends readonly []
    ? { variables?: Record<string, never>; params?: readonly [] }
    : { variables: { [K in P[number]]: string | number | boolean }; params?: readonly [] }
  : S extends { body: { params: infer P extends readonly string[] } }
    ? P extends readonly []
      ? { params?: readonly []; variables?: never }
      : { params: { readonly [I in keyof P]: TemplateParamInput }; variables?: never }
    : Pick<TemplateOptions, "params" | "variables">;

/** A media header parameter of kind `K`. */
type MediaHeader<K extends "image" | "video" | "document"> = { [P in K]: MediaArg } | { type: K; media: Media };

/** The header part of the options: its parameter has the header's kind; none for a fixed or absent header. */
type HeaderOptions<S> = S extends { header: { type: "text"; params: readonly [string, ...string[]] } }
  ? { header: string | number | { type: "text"; text: string } }
  : S extends { header: { type: infer K extends "image" | "video" | "document" } }
    ? { header: MediaHeader<K> }
    : S extends { header: { type: "location" } }
      ? { header?: TemplateParamInput }
      : { header?: never };

/** The options of `wa.template(name, options)` for the definition `S` in language `L`. */
export type TypedTemplateOptions<S, L extends string> = { language: L } & Pick<
  TemplateOptions,
  "languagePolicy" | "buttons"
> &
  BodyOptions<S> &
  HeaderOptions<S>;

/**
 * `wa.template()` typed by the definitions `T`: `name` one of theirs, `language` one of its
 * languages, and the parameters it takes.
 */
export type TypedTemplate<T extends TemplatesLike> = <
  const N extends keyof T & string,
  const L extends keyof T[N] & string,
>(
  name: N,
  options: TypedTemplateOptions<T[N][L], L>,
) => Draft<"template">;
