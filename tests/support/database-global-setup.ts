import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    databaseKind: "sqlite" | "postgresql";
    postgresAdminUrl: string;
    databaseUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, "..", "..");

/** Applies the real migrations, exactly as `npm run db:migrate` does. */
function migrate(databaseUrl: string) {
  execFileSync(process.execPath, [path.join(root, "scripts", "database.mjs"), "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

/** A fresh, migrated database per integration project and run; removed afterwards. */
export default async function setup(project: TestProject) {
  const { databaseKind, postgresAdminUrl } = project.getProvidedContext();
  const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;

  if (databaseKind === "sqlite") {
    const file = path.join(tmpdir(), `upstack-test-${suffix}.sqlite`);
    const url = `file:${file}`;
    migrate(url);
    project.provide("databaseUrl", url);
    return () => {
      for (const extra of ["", "-journal", "-wal", "-shm"]) rmSync(file + extra, { force: true });
    };
  }

  const database = `upstack_test_${suffix}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  migrate(url.toString());
  project.provide("databaseUrl", url.toString());
  return async () => {
    const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists "${database}" with (force)`);
    await cleanup.end();
  };
}
