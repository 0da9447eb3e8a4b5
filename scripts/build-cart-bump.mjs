#!/usr/bin/env node
// Bundles the cart bump's storefront script (storefront/cart-bump.ts, with the
// core rule it imports) into the theme app extension's asset. A theme app
// extension ships its assets as they are, so the bundle is committed; the unit
// test tests/unit/cart-bump-asset.test.ts fails when it is stale or too large.
//
//   node scripts/build-cart-bump.mjs          writes the asset
//   node scripts/build-cart-bump.mjs --check  exits 1 if the committed asset is stale
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CART_BUMP_SOURCE = path.join(root, "storefront", "cart-bump.ts");
export const CART_BUMP_ASSET = path.join(root, "extensions", "cart-bump", "assets", "cart-bump.js");
/** The budget for the storefront script, compressed (Shopify suggests at most 10 KB). */
export const CART_BUMP_LIMIT_BYTES = 5 * 1024;

/** The asset's text, built in memory. */
export async function bundleCartBump() {
  const result = await build({
    entryPoints: [CART_BUMP_SOURCE],
    bundle: true,
    minify: true,
    format: "iife",
    // Browsers Shopify's themes support (the last two versions of each).
    target: ["es2020"],
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  return `/* Upstack cart bump: built from storefront/cart-bump.ts by scripts/build-cart-bump.mjs; do not edit. */\n${result.outputFiles[0].text}`;
}

/** Brotli 11, as build-extensions measures every bundle. */
export function compressedSize(text) {
  return brotliCompressSync(Buffer.from(text), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await bundleCartBump();
  if (process.argv.includes("--check")) {
    const stale = readFileSync(CART_BUMP_ASSET, "utf8") !== text;
    if (stale) console.error("extensions/cart-bump/assets/cart-bump.js is stale: run node scripts/build-cart-bump.mjs");
    process.exitCode = stale ? 1 : 0;
  } else {
    writeFileSync(CART_BUMP_ASSET, text);
    console.log(`Wrote ${path.relative(root, CART_BUMP_ASSET)}: ${text.length} bytes, ${compressedSize(text)} compressed.`);
  }
}
