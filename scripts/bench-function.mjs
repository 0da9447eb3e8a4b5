#!/usr/bin/env node
// Times the bump discount Function in Node on a 200-line cart with 50 funnels,
// and records the figures in bench-results/function.json.
//
//   npm run bench:function
//
// The Function is bundled the way `shopify app build` bundles a JavaScript
// Function before Javy compiles it to Wasm: the CLI's own esbuild, the CLI's
// generated entry module and options, @shopify/shopify_function/run wrapping
// the export. That bundle (the future dist/function.js) is what runs here,
// with a stand-in for the ShopifyFunction global that Javy provides. Node's
// JIT is much faster than Javy's QuickJS interpreter, so these figures compare
// versions of the code; they are not Shopify's instruction count.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants as zlib } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const extension = path.join(root, "extensions", "bump-discount");
const RESULTS_FILE = path.join(root, "bench-results", "function.json");
const LINES = 200;
const FUNNELS = 50;
const WARMUP_RUNS = 500;
const RUNS = 2000;

// ------------------------------------------------------------------ bundle

// The esbuild the CLI itself uses (a dependency of @shopify/cli), not whichever one is hoisted.
const cliRequire = createRequire(createRequire(path.join(root, "package.json")).resolve("@shopify/cli/package.json"));
const esbuild = cliRequire("esbuild");

// What the CLI generates for one `export = "cart-lines-discounts-generate-run"` target.
const ENTRY = `
import __runFunction from "@shopify/shopify_function/run"
import { cartLinesDiscountsGenerateRun as runCartLinesDiscountsGenerateRun } from "user-function"
export function cartLinesDiscountsGenerateRun() { return __runFunction(runCartLinesDiscountsGenerateRun) }
`;

const work = mkdtempSync(path.join(tmpdir(), "bench-function-"));
let bundle;
try {
  const outfile = path.join(work, "function.mjs");
  await esbuild.build({
    stdin: { contents: ENTRY, loader: "ts", resolveDir: extension },
    alias: { "user-function": path.join(extension, "src", "index.ts") },
    outfile,
    bundle: true,
    legalComments: "none",
    target: "es2022",
    format: "esm",
    logLevel: "silent",
  });
  const code = readFileSync(outfile);
  bundle = {
    bytes: code.byteLength,
    brotliBytes: brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    module: await import(pathToFileURL(outfile).href),
  };
} finally {
  rmSync(work, { recursive: true, force: true });
}

// -------------------------------------------------------------- the cart

// Deterministic pseudo-random numbers, so every run measures the same cart.
let seed = 20_260_701;
const random = (n) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % n;
};
const productId = (i) => 8_812_345_600_000 + i; // 13 digits, like real product ids
const variantId = (i) => 45_123_456_700_000 + i; // 14 digits, like real variant ids
const decimal = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

// Funnel k offers bump variant 1000+k. Triggers: every 5th funnel "any order",
// every 5th+1 two variants, the rest three products; some with bounds. Products
// 0-149 may be in the cart, so roughly half the funnels match somewhere in it.
const funnels = [];
for (let k = 0; k < FUNNELS; k++) {
  const funnel = { b: variantId(1000 + k) };
  if (k % 5 === 0) funnel.a = 1;
  else if (k % 5 === 1) funnel.v = [variantId(random(300)), variantId(random(300))];
  else funnel.p = [productId(random(300)), productId(random(300)), productId(random(300))];
  if (k % 7 === 0) funnel.n = 5_000;
  if (k % 11 === 0) funnel.x = 5_000_000;
  funnel.q = 1 + (k % 3);
  if (k % 4 === 0) funnel.f = 150 + k * 10;
  else funnel.d = [10, 12.5, 15, 20, 33.3333][k % 5];
  funnels.push(funnel);
}
const config = { v: 1, c: "USD", m: "Add-on offer", f: funnels };

// 180 ordinary lines, then 20 bump lines (tagged, quantity 1-4) for funnels 0, 2, 4, ... 38.
const lines = [];
let subtotal = 0;
for (let i = 0; i < LINES; i++) {
  const isBump = i >= LINES - 20;
  const item = isBump ? 1000 + (i - (LINES - 20)) * 2 : random(150);
  const cents = 300 + random(20_000);
  const quantity = 1 + random(4);
  subtotal += cents * quantity;
  lines.push({
    id: `gid://shopify/CartLine/${i + 1}`,
    quantity,
    attribute: isBump ? { value: `clx${String(item).padStart(22, "0")}` } : null,
    cost: { amountPerQuantity: { amount: decimal(cents) } },
    merchandise: { id: `gid://shopify/ProductVariant/${variantId(item)}`, product: { id: `gid://shopify/Product/${productId(item)}` } },
  });
}
const input = {
  cart: { lines, cost: { subtotalAmount: { amount: decimal(subtotal), currencyCode: "USD" } } },
  discount: { discountClasses: ["PRODUCT"], metafield: { jsonValue: config } },
};
const inputJson = JSON.stringify(input);
const configBytes = Buffer.byteLength(JSON.stringify(config));
if (configBytes > 10_000) throw new Error(`The bench config is ${configBytes} bytes, over Shopify's 10,000`);

// ------------------------------------------------------------------- run

// Javy's ShopifyFunction global: hands the input over and takes the output.
let output;
globalThis.ShopifyFunction = { readInput: () => input, writeOutput: (value) => (output = value) };
const run = () => bundle.module.cartLinesDiscountsGenerateRun();

run();
const first = JSON.stringify(output);
const candidates = output?.operations?.[0]?.productDiscountsAdd?.candidates?.length ?? 0;
// Measuring an early return would be meaningless: the cart must earn discounts.
if (candidates === 0) throw new Error(`The bench cart earned no discount: ${first}`);

for (let i = 0; i < WARMUP_RUNS; i++) run();
const samples = new Float64Array(RUNS);
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  run();
  samples[i] = Number(process.hrtime.bigint() - start) / 1000;
}
if (JSON.stringify(output) !== first) throw new Error("The Function answered differently for the same input");

// For scale: parsing the input JSON, which Javy does before the Function runs.
const parseStart = process.hrtime.bigint();
for (let i = 0; i < 200; i++) JSON.parse(inputJson);
const parseUs = Number(process.hrtime.bigint() - parseStart) / 1000 / 200;

samples.sort();
const percentile = (p) => samples[Math.min(RUNS - 1, Math.ceil((p / 100) * RUNS) - 1)];
const round = (us) => Math.round(us * 10) / 10;
const results = {
  lines: LINES,
  funnels: FUNNELS,
  runs: RUNS,
  meanUs: round(samples.reduce((sum, us) => sum + us, 0) / RUNS),
  p50Us: round(percentile(50)),
  p99Us: round(percentile(99)),
  candidates,
  inputBytes: Buffer.byteLength(inputJson),
  configBytes,
  inputParseUs: round(parseUs),
  bundleBytes: bundle.bytes,
  bundleBrotliBytes: bundle.brotliBytes,
  node: process.version,
};

mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
console.log(`bump-discount Function, ${LINES} lines x ${FUNNELS} funnels, ${RUNS} runs after ${WARMUP_RUNS} warm-up (Node ${process.version}):`);
console.log(`  mean ${results.meanUs} µs, p50 ${results.p50Us} µs, p99 ${results.p99Us} µs per run; ${candidates} lines discounted`);
console.log(`  input ${results.inputBytes} bytes (config ${configBytes}; Shopify allows 64,000 and 10,000), JSON.parse ${results.inputParseUs} µs`);
console.log(`  bundle (dist/function.js before Javy) ${bundle.bytes} bytes, ${bundle.brotliBytes} bytes brotli`);
console.log(`  -> ${path.relative(root, RESULTS_FILE)}`);
