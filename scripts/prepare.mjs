#!/usr/bin/env node
// @ts-check
/**
 * Brings a checkout to where the app and its tests can run: installs the
 * dependencies when node_modules is missing or older than package-lock.json,
 * and generates the Prisma clients when they are missing or older than the
 * schema. Quick (a few file dates) when nothing is to do. Run before
 * `npm test` (pretest) and by `npm run sandbox`. Only Node's own modules here:
 * nothing is installed yet when it starts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @param {string} what @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
export function run(what, command, args, env = process.env) {
  const at = Date.now();
  process.stdout.write(`${what}... `);
  const result = spawnSync(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    console.log("failed");
    console.error(result.stdout, result.stderr);
    process.exit(result.status ?? 1);
  }
  console.log(`done (${((Date.now() - at) / 1000).toFixed(1)} s)`);
}

/** The newest modification time under these paths (files and folders, recursively), skipping generated folders. */
export function newest(...paths) {
  let latest = 0;
  const visit = (/** @type {string} */ file) => {
    if (!existsSync(file)) return;
    const stat = statSync(file);
    latest = Math.max(latest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const entry of readdirSync(file)) {
      if (["node_modules", "generated", "dist", ".data"].includes(entry) || entry.startsWith(".")) continue;
      visit(path.join(file, entry));
    }
  };
  for (const p of paths) visit(path.join(root, p));
  return latest;
}

export const mtime = (/** @type {string} */ file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Installs and generates what is missing or stale; nothing when all is current. */
export function prepareCheckout() {
  // Dependencies: missing, or the lock file changed since the last install.
  const installed = path.join(root, "node_modules", ".package-lock.json");
  if (!existsSync(installed) || mtime(path.join(root, "package-lock.json")) > mtime(installed)) {
    run("installing dependencies (npm install)", npm, ["install", "--no-audit", "--no-fund"]);
  }
  // Prisma clients, both (the app bundles both): missing, or older than the schema. Prisma's own
  // install hook may have generated the SQLite one alone.
  const schema = mtime(path.join(root, "prisma", "schema.prisma"));
  const clients = ["sqlite", "postgresql"].map((kind) => path.join(root, "app", "db", "generated", kind));
  if (clients.some((client) => !existsSync(client) || schema > mtime(client))) {
    run("generating the database clients", process.execPath, [path.join(root, "scripts", "database.mjs"), "generate"]);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) prepareCheckout();
