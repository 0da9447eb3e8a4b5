#!/usr/bin/env node
// Builds Upstack's UI extensions with the project's own Shopify CLI, offline,
// and records each bundle's size in bench-results/extensions.json.
//
//   npm run build:extensions
//
// Functions are skipped: building a JavaScript Function makes the CLI download
// Javy from GitHub. The UI extensions are built alone through a temporary app
// configuration whose extension_directories lists only them.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import { CART_BUMP_ASSET, CART_BUMP_LIMIT_BYTES, bundleCartBump } from "./build-cart-bump.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Shopify's limit for a UI extension's JavaScript, enforced at deploy, not by `app build`.
const LIMIT_BYTES = 64 * 1024;
// Theme check's limit for an app block's JavaScript file, uncompressed (AssetSizeAppBlockJavaScript).
const THEME_JS_LIMIT_BYTES = 10_000;
// The CLI only finds configurations named shopify.app[.<letters, digits, - or _>].toml
// and slugifies --config, so "ui.build" would look for shopify.app.uibuild.toml.
const CONFIG_NAME = "ui-build";
const CONFIG_FILE = path.join(root, `shopify.app.${CONFIG_NAME}.toml`);
const RESULTS_FILE = path.join(root, "bench-results", "extensions.json");
// Legacy Function types (before the unified `type = "function"`), as the CLI lists them.
const FUNCTION_TYPES = new Set([
  "function", "order_discounts", "product_discounts", "shipping_discounts", "cart_checkout_validation",
  "cart_transform", "delivery_customization", "payment_customization", "fulfillment_constraints",
  "order_routing_location_rule", "local_pickup_delivery_option_generator", "pickup_point_delivery_option_generator",
]);

/** Reads `type` and `handle` at the top level and in each [[extensions]] entry; enough for our tomls. */
function parseExtensionToml(text) {
  const top = {};
  const entries = [];
  let current = top;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[\[\s*extensions\s*\]\]/.test(line)) entries.push((current = {}));
    else if (/^\s*\[/.test(line)) current = null; // [extensions.targeting], [build], ...: not ours
    else if (current) {
      const match = /^\s*(type|handle)\s*=\s*"([^"]*)"/.exec(line);
      if (match) current[match[1]] = match[2];
    }
  }
  return { top, entries };
}

function findExtensions() {
  const dir = path.join(root, "extensions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "shopify.extension.toml")))
    .map((entry) => {
      const { top, entries } = parseExtensionToml(readFileSync(path.join(dir, entry.name, "shopify.extension.toml"), "utf8"));
      const parts = entries.length > 0 ? entries : [top];
      return {
        folder: entry.name,
        directory: path.join(dir, entry.name),
        types: parts.map((part) => part.type ?? top.type ?? "unknown"),
        handles: parts.map((part) => part.handle ?? top.handle ?? entry.name),
      };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

/** shopify.app.toml's text with extension_directories set to `folders`, everything else unchanged. */
function uiBuildConfig(appToml, folders) {
  const firstTable = appToml.search(/^[ \t]*\[/m);
  const head = firstTable === -1 ? appToml : appToml.slice(0, firstTable);
  const rest = firstTable === -1 ? "" : appToml.slice(firstTable);
  const list = `extension_directories = [ ${folders.map((f) => JSON.stringify(`extensions/${f}`)).join(", ")} ]`;
  const withoutOld = head.replace(/^extension_directories\s*=\s*\[[\s\S]*?\]\s*$/m, "").trimEnd();
  return `# Temporary, written and deleted by scripts/build-extensions.mjs.\n${withoutOld}\n${list}\n\n${rest}`;
}

function runShopifyBuild() {
  // Run the project's CLI with this Node (the CLI needs 22+; `#!/usr/bin/env node` could pick an older one).
  const require = createRequire(path.join(root, "package.json"));
  const cliPackage = require.resolve("@shopify/cli/package.json");
  const cli = path.join(path.dirname(cliPackage), JSON.parse(readFileSync(cliPackage, "utf8")).bin.shopify);
  const args = ["app", "build", "--config", CONFIG_NAME, "--path", root,
    // The app uses npm workspaces, so the CLI installs nothing anyway; the flag keeps it so.
    "--skip-dependencies-installation"];
  const env = {
    ...process.env,
    // CI=1: no prompts, no background notifications fetch and, above all, no
    // auto-upgrade (which would `npm install` a newer CLI into package.json).
    CI: "1",
    SHOPIFY_CLI_NO_ANALYTICS: "1",
  };
  // Output is passed through and kept: theme check's findings do not fail `app build`, so main() reads them.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on("data", (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

function measure(file) {
  const bytes = readFileSync(file);
  // Brotli at quality 11: Shopify measures the 64 KB limit this way (Shopify/cli#8400,
  // August 2026, moved the CLI's own estimate from deflate to Brotli 11 to match).
  const compressed = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: bytes.length, compressed };
}

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

function writeResults(results) {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${path.relative(root, RESULTS_FILE)}`);
}

async function main() {
  const extensions = findExtensions();
  const ui = [];
  for (const extension of extensions) {
    const functionType = extension.types.find((type) => FUNCTION_TYPES.has(type));
    if (functionType) {
      console.log(`Skipped extensions/${extension.folder} (type "${functionType}"): building a JavaScript Function needs Javy, which the CLI downloads from GitHub.`);
    } else {
      ui.push(extension);
    }
  }
  if (ui.length === 0) {
    console.log("No UI extensions to build.");
    writeResults({});
    return 0;
  }

  // The theme app extension ships its script as an asset: bundle it from its source first.
  writeFileSync(CART_BUMP_ASSET, await bundleCartBump());

  const started = Date.now();
  writeFileSync(CONFIG_FILE, uiBuildConfig(readFileSync(path.join(root, "shopify.app.toml"), "utf8"), ui.map((e) => e.folder)));
  // Ctrl-C reaches the CLI too; make sure the temporary configuration goes with it.
  const cleanUp = () => rmSync(CONFIG_FILE, { force: true });
  const onSignal = (signal) => { cleanUp(); process.exit(signal === "SIGINT" ? 130 : 143); };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let code;
  let output = "";
  try {
    ({ code, output } = await runShopifyBuild());
  } finally {
    cleanUp();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (code !== 0) {
    console.error(`\nshopify app build failed (exit code ${code}); its output is above.`);
    return 1;
  }

  // Measure what the CLI wrote (extensions/<folder>/dist/<handle>.js), not what it printed.
  const results = {};
  const rows = [];
  const problems = [];
  for (const extension of ui) {
    if (extension.types.includes("theme")) {
      // A theme app extension has no bundle: its scripts are assets, loaded by the storefront as they are.
      const assets = path.join(extension.directory, "assets");
      for (const name of existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith(".js")).sort() : []) {
        const { raw, compressed } = measure(path.join(assets, name));
        const key = `${extension.folder}/${name}`;
        results[key] = { originalKB: kb(raw), compressedKB: kb(compressed) };
        rows.push([key, kb(raw).toFixed(1), kb(compressed).toFixed(1), `${((compressed / LIMIT_BYTES) * 100).toFixed(1)}%`]);
        if (raw > THEME_JS_LIMIT_BYTES) problems.push(`${key} is ${raw} bytes, over theme check's ${THEME_JS_LIMIT_BYTES}.`);
        if (name === path.basename(CART_BUMP_ASSET) && compressed > CART_BUMP_LIMIT_BYTES) {
          problems.push(`${key} is ${compressed} bytes compressed, over its ${CART_BUMP_LIMIT_BYTES}-byte budget.`);
        }
      }
      continue;
    }
    extension.handles.forEach((handle) => {
      const file = path.join(extension.directory, "dist", `${handle}.js`);
      // A bundle older than this run is a leftover, not this build's output.
      if (!existsSync(file) || statSync(file).mtimeMs < started - 1000) {
        problems.push(`No bundle built for ${handle}: expected ${path.relative(root, file)}.`);
        return;
      }
      const { raw, compressed } = measure(file);
      results[handle] = { originalKB: kb(raw), compressedKB: kb(compressed) };
      rows.push([handle, kb(raw).toFixed(1), kb(compressed).toFixed(1), `${((compressed / LIMIT_BYTES) * 100).toFixed(1)}%`]);
      if (compressed > LIMIT_BYTES) {
        problems.push(`${handle} is ${kb(compressed)} KB compressed, over Shopify's 64 KB limit: deploy would reject it.`);
      }
    });
  }

  const header = ["Extension", "Original KB", "Compressed KB", "Of 64 KB"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(format(row));
  console.log("(compressed = Brotli quality 11, as Shopify measures the limit)\n");
  writeResults(results);

  // Theme check reports in the CLI's output without failing the build: any finding fails ours.
  const findings = output.match(/\[(?:error|warning)\]: \w+/g) ?? [];
  if (findings.length > 0) problems.push(`Theme check: ${[...new Set(findings)].join(", ")} (details above).`);

  for (const problem of problems) console.error(problem);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = await main();
