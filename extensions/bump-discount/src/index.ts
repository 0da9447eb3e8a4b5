// Entry point the Shopify CLI looks for (src/index.js or src/index.ts). Each
// target's `export` in shopify.extension.toml (kebab-case) maps to the
// camelCase function exported here.
export { cartLinesDiscountsGenerateRun } from "./cart_lines_discounts_generate_run";
