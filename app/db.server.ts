import { PrismaClient as PostgresClient } from "./db/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./db/generated/sqlite/client";
import { createAdapterFactory, databaseTarget } from "./db/database-target.server";

/**
 * The one Prisma client of the process. Both generated clients have the same
 * models and methods (prisma/postgresql/schema.prisma is generated from
 * prisma/schema.prisma), so the SQLite client's type describes either.
 */
export type Database = SqliteClient;

function createDatabase(): Database {
  const target = databaseTarget(process.env.DATABASE_URL);
  const adapter = createAdapterFactory(target);
  // Minimal errors: the default format reads the calling source file to print a code frame, which
  // made every refused duplicate (a unique key doing its job) cost milliseconds.
  return target.kind === "postgresql"
    ? (new PostgresClient({ adapter, errorFormat: "minimal" }) as unknown as Database)
    : new SqliteClient({ adapter, errorFormat: "minimal" });
}

declare global {
  // Survives Vite's module reloads in development, so reloads reuse one pool.
  var upstackDatabase: Database | undefined;
}

const db: Database = globalThis.upstackDatabase ?? createDatabase();
if (process.env.NODE_ENV !== "production") globalThis.upstackDatabase = db;

export default db;
