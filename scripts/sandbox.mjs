#!/usr/bin/env node
// @ts-check
/**
 * `npm run sandbox`: Upstack on this machine, without a Shopify store.
 *
 * On a fresh clone it installs the dependencies, generates the Prisma
 * clients, migrates the sandbox's own SQLite database (sandbox/.data/,
 * git-ignored), builds the app, then starts the built app against the local
 * stand-in for Shopify (sandbox/) and prints one URL. Each step runs only
 * when its result is missing or older than its sources, so a second start
 * is quick. (Steps 1-2 are scripts/prepare.mjs, which `npm test` runs too.)
 *
 *   SANDBOX_PORT (default 3030), SANDBOX_DATA_DIR (default sandbox/.data)
 *
 * It refuses to run with real Shopify credentials, DATABASE_URL or
 * NODE_ENV=production (sandbox/safety.mjs).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sandboxRefusal } from "../sandbox/safety.mjs";
import { mtime, newest, prepareCheckout, run } from "./prepare.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.resolve(process.env.SANDBOX_DATA_DIR ?? path.join(root, "sandbox", ".data"));
const bundleDir = path.join(root, "sandbox", ".data");
const started = Date.now();

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) fail(`Node ${process.versions.node}: Upstack needs Node 22.12 or newer.`);
const refusal = sandboxRefusal(process.env);
if (refusal) fail(`The sandbox refuses to start: ${refusal}`);

/** @param {string} message */
function fail(message) {
  console.error(message);
  process.exit(1);
}

// 1-2. Dependencies and the Prisma clients (scripts/prepare.mjs, also run before `npm test`).
prepareCheckout();

// 3. The sandbox's database: migrated when a migration was added since the last run.
mkdirSync(dataDir, { recursive: true });
const migrations = readdirSync(path.join(root, "prisma", "migrations")).filter((name) => !name.includes(".")).sort().join("\n");
const migratedStamp = path.join(dataDir, "migrated");
const database = path.join(dataDir, "sandbox.sqlite");
if (!existsSync(database) || !existsSync(migratedStamp) || readFileSync(migratedStamp, "utf8") !== migrations) {
  const env = { ...process.env, DATABASE_URL: `file:${database}` };
  run("migrating the sandbox database", process.execPath, [path.join(root, "scripts", "database.mjs"), "migrate"], env);
  writeFileSync(migratedStamp, migrations);
}

// 4. The app's production build: missing, or older than its sources.
const built = path.join(root, "build", "server", "index.js");
const sources = newest("app", "packages", "public", "prisma/schema.prisma", "vite.config.ts", "package-lock.json", "tsconfig.json");
if (mtime(built) < sources) {
  run("building the app (remix vite:build)", process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    ...process.env,
    NODE_ENV: "production",
  });
}

// 5. The sandbox server, bundled from sandbox/ (TypeScript, with the extensions' code the preview runs) next to its data.
const bundle = path.join(bundleDir, "sandbox-server.mjs");
if (mtime(bundle) < newest("sandbox", "packages", "extensions", "app", "package-lock.json")) {
  const { bundleSandbox } = await import("../sandbox/bundle.mjs");
  await bundleSandbox(root, bundle);
}

console.log(`sandbox: ready to start (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const { runSandbox } = await import(pathToFileURL(bundle).href);
await runSandbox({ root, dataDir });
console.log(`sandbox: started in ${((Date.now() - started) / 1000).toFixed(1)} s. Stop it with Ctrl+C.`);
