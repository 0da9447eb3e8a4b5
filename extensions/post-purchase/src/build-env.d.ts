// What app-origin.ts reads: the Shopify CLI's esbuild replaces each
// `process.env.<NAME>` it knows with a string at build time. There is no
// `process` in the extension's sandbox, so nothing else of it is declared
// (and @types/node stays out of this program).
declare const process: { readonly env: Readonly<Record<string, string | undefined>> };
