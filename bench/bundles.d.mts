// Types of bench/bundles.mjs, for the size budget test.
/** One bundle with a budget: bundled from `source`, or a built file. */
export interface BundleRow {
  name: string;
  what: string;
  source?: string;
  file?: string;
}
export function bundles(): BundleRow[];
export const gzipSize: (code: Uint8Array | string) => number;
export function bundle(source: string): Promise<{ bytes: number; inputs: string[]; code: string; meta: unknown }>;
export function measure(row: BundleRow): Promise<{ bytes: number; inputs: string[] }>;
