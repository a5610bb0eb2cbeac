// The page's /templates.js (demo/playground/server.mjs writes it): the definitions the playground
// was started with, and renderTemplate from dist/templates.js; both undefined without a file.
import type { renderTemplate as render, TemplateDefinition } from "../../dist/templates.js";

/** The definitions by name, then language; undefined when the playground was started without a file. */
export declare const templates: Record<string, Record<string, TemplateDefinition> | undefined> | undefined;
/** wafluent/templates' renderTemplate, served with the definitions (undefined without them). */
export declare const renderTemplate: typeof render;
