import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom } from "../../scripts/database.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const migrationsOf = (folder: string) =>
  readdirSync(path.join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe("SQLite and PostgreSQL stay in step", () => {
  it("prisma/postgresql/schema.prisma is exactly what `npm run db:sync-schema` makes of prisma/schema.prisma", () => {
    const expected = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(readFileSync(POSTGRES_SCHEMA, "utf8"), "run `npm run db:sync-schema`").toBe(expected);
  });

  it("both databases have the same migrations, each with SQL", () => {
    const sqlite = migrationsOf("prisma/migrations");
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationsOf("prisma/postgresql/migrations")).toEqual(sqlite);
    for (const folder of ["prisma/migrations", "prisma/postgresql/migrations"]) {
      for (const migration of sqlite) {
        expect(readFileSync(path.join(root, folder, migration, "migration.sql"), "utf8")).toMatch(/CREATE|ALTER|DROP/);
      }
    }
  });

  it("the PostgreSQL schema differs only in provider, url and client output", () => {
    const pg = postgresSchemaFrom('generator client {\n  output       = "../app/db/generated/sqlite"\n}\ndatasource db {\n  provider = "sqlite"\n  url      = "file:./upstack.sqlite"\n}\nmodel A { id String @id }\n');
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../../app/db/generated/postgresql"');
    expect(pg).toContain("model A { id String @id }");
    expect(() => postgresSchemaFrom('datasource db {\n  provider = "mysql"\n}')).toThrow(/no longer contains/);
  });
});
