import { defineConfig } from "prisma/config";
import { createMigrationAdapterFactory, databaseTarget } from "./app/db/database-target.server";

// The Prisma CLI (generate, migrate deploy, migrate status) uses the same
// switch as the app: DATABASE_URL decides SQLite or PostgreSQL.
const target = databaseTarget(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: target.schemaPath,
  migrations: { path: target.migrationsPath },
  adapter: async () => createMigrationAdapterFactory(target),
});
