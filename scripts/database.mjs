#!/usr/bin/env node
// Upstack's database commands. SQLite is the default; DATABASE_URL starting
// with postgres:// or postgresql:// switches to PostgreSQL (see prisma.config.ts).
//
//   node scripts/database.mjs generate        Prisma clients for both databases
//   node scripts/database.mjs migrate         apply migrations to DATABASE_URL's database
//   node scripts/database.mjs status          migration status of that database
//   node scripts/database.mjs sync-schema     rewrite prisma/postgresql/schema.prisma from prisma/schema.prisma
//   node scripts/database.mjs new-migration <name>
//                                             write the SQL for both databases from the change
//                                             to prisma/schema.prisma since the last commit
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

/** The PostgreSQL schema is the SQLite one with its provider, url and client output swapped. */
export function postgresSchemaFrom(sqliteSchema) {
  const swaps = [
    ['provider = "sqlite"', 'provider = "postgresql"'],
    ['url      = "file:./upstack.sqlite"', 'url      = "postgresql://localhost:5432/upstack"'],
    ['output       = "../app/db/generated/sqlite"', 'output       = "../../app/db/generated/postgresql"'],
  ];
  let schema = sqliteSchema;
  for (const [from, to] of swaps) {
    if (!schema.includes(from)) throw new Error(`prisma/schema.prisma no longer contains: ${from}`);
    schema = schema.replace(from, to);
  }
  const header =
    "// GENERATED from prisma/schema.prisma by `npm run db:sync-schema`. Do not edit.\n";
  return header + schema.replace(/^\/\/ The source of truth[\s\S]*?\n\n/, "");
}

function prisma(args, env = process.env) {
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), ...args], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function describeTarget() {
  const url = process.env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return { kind: "postgresql", url };
  return { kind: "sqlite", url: url || "file:./prisma/upstack.sqlite" };
}

function ensureSqliteFolder(url) {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
}

/**
 * SQLite: write-ahead logging instead of the rollback journal. A commit then
 * syncs one file once instead of a journal and the database, with the same
 * durability (synchronous stays FULL), and readers no longer wait for a
 * writer. libsql runs SQLite on the event loop, so every commit's sync is
 * time no request is served. The mode is stored in the database file, so
 * setting it here, where every database is migrated (setup, docker-start,
 * the tests), covers every connection. It cannot go in a migration: it may
 * not change inside the transaction a migration runs in.
 */
async function enableWriteAheadLog(url) {
  const { createClient } = await import("@libsql/client");
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  const client = createClient({ url: `file:${path.resolve(root, file)}` });
  try {
    await client.execute("PRAGMA journal_mode = WAL");
  } finally {
    client.close();
  }
}

function newMigration(name) {
  if (!/^[a-z0-9_]+$/.test(name ?? "")) {
    console.error("Usage: node scripts/database.mjs new-migration <snake_case_name>");
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const work = mkdtempSync(path.join(tmpdir(), "upstack-migration-"));
  let previous = null;
  try {
    previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    previous = null; // first migration: diff from an empty database
  }
  const current = readFileSync(SQLITE_SCHEMA, "utf8");
  writeFileSync(POSTGRES_SCHEMA, postgresSchemaFrom(current));
  for (const [kind, folder, toSchema, transform] of [
    ["sqlite", path.join(root, "prisma", "migrations"), SQLITE_SCHEMA, (s) => s],
    ["postgresql", path.join(root, "prisma", "postgresql", "migrations"), POSTGRES_SCHEMA, postgresSchemaFrom],
  ]) {
    const from = previous === null ? ["--from-empty"] : (() => {
      const file = path.join(work, `${kind}-previous.prisma`);
      writeFileSync(file, transform(previous));
      return ["--from-schema-datamodel", file];
    })();
    const sql = execFileSync(
      process.execPath,
      [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"],
      { cwd: root, encoding: "utf8" },
    );
    const dir = path.join(folder, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    const lock = path.join(folder, "migration_lock.toml");
    if (!existsSync(lock)) {
      writeFileSync(lock, `# Written by Prisma's conventions; do not edit.\nprovider = "${kind}"\n`);
    }
    console.log(`${kind}: wrote ${path.relative(root, dir)}/migration.sql`);
  }
}

const [command, ...rest] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("database.mjs")) {
  switch (command) {
    case "generate":
      prisma(["generate", "--schema", SQLITE_SCHEMA]);
      prisma(["generate", "--schema", POSTGRES_SCHEMA]);
      break;
    case "migrate": {
      const target = describeTarget();
      if (target.kind === "sqlite") ensureSqliteFolder(target.url);
      console.log(`Applying migrations to the ${target.kind} database.`);
      prisma(["migrate", "deploy"]);
      if (target.kind === "sqlite") await enableWriteAheadLog(target.url);
      break;
    }
    case "status":
      prisma(["migrate", "status"]);
      break;
    case "sync-schema":
      writeFileSync(POSTGRES_SCHEMA, postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8")));
      console.log(`Wrote ${path.relative(root, POSTGRES_SCHEMA)}`);
      break;
    case "new-migration":
      newMigration(rest[0]);
      break;
    default:
      console.error("Usage: node scripts/database.mjs generate|migrate|status|sync-schema|new-migration <name>");
      process.exit(2);
  }
}
