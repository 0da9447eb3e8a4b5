#!/usr/bin/env node
// `npm run deploy [-- <shopify app deploy flags>]`: the project's `shopify app deploy`,
// refused without SHOPIFY_APP_URL (from the shell, else .env), which it passes on so the
// CLI bakes it into the post-purchase extension (extensions/post-purchase/src/app-origin.ts).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deployAppUrl } from "./deploy-app-url.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dotenv = path.join(root, ".env");
const { url, error } = deployAppUrl(process.env, existsSync(dotenv) ? readFileSync(dotenv, "utf8") : undefined);
if (error !== undefined) {
  console.error(error);
  process.exit(1);
}
// The project's CLI, run with this Node (the CLI needs 22+).
const cliPackage = createRequire(path.join(root, "package.json")).resolve("@shopify/cli/package.json");
const cli = path.join(path.dirname(cliPackage), JSON.parse(readFileSync(cliPackage, "utf8")).bin.shopify);
const child = spawn(process.execPath, [cli, "app", "deploy", ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, SHOPIFY_APP_URL: url },
  stdio: "inherit",
});
child.on("error", (spawnError) => {
  console.error(spawnError.message);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
