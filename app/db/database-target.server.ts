import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** Where the embedded database lives when DATABASE_URL is not set. */
export const DEFAULT_SQLITE_URL = "file:./prisma/upstack.sqlite";

export type DatabaseTarget =
  | { kind: "sqlite"; url: string; schemaPath: string; migrationsPath: string }
  | { kind: "postgresql"; url: string; schemaPath: string; migrationsPath: string };

/**
 * Decides which database DATABASE_URL points at. SQLite is the default;
 * postgres:// or postgresql:// switches to PostgreSQL. Anything else is a
 * configuration mistake and is named as such.
 */
export function databaseTarget(databaseUrl: string | undefined): DatabaseTarget {
  const url = databaseUrl?.trim() || DEFAULT_SQLITE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return {
      kind: "postgresql",
      url,
      schemaPath: path.join("prisma", "postgresql", "schema.prisma"),
      migrationsPath: path.join("prisma", "postgresql", "migrations"),
    };
  }
  if (url.startsWith("file:")) {
    return {
      kind: "sqlite",
      url,
      schemaPath: path.join("prisma", "schema.prisma"),
      migrationsPath: path.join("prisma", "migrations"),
    };
  }
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${redactUrl(url)}".`,
  );
}

export function createAdapterFactory(target: DatabaseTarget) {
  return target.kind === "postgresql"
    ? new PrismaPg({ connectionString: target.url })
    : new PrismaLibSQL({ url: target.url });
}

/**
 * The adapter the Prisma CLI (migrate deploy, migrate status) uses. On
 * PostgreSQL, Prisma 6.19's schema engine reads the system catalogs, whose
 * `name` and `"char"` columns @prisma/adapter-pg cannot decode
 * (prisma/prisma#27403: "Column type 'name' could not be deserialized").
 * The values arrive as text anyway, so the connection relabels those columns
 * as text. The app's own queries never touch these types and use the plain
 * adapter from createAdapterFactory.
 */
export function createMigrationAdapterFactory(target: DatabaseTarget) {
  if (target.kind === "sqlite") return createAdapterFactory(target);
  return new PrismaPg(new pg.Pool({ connectionString: target.url, Client: CatalogTextClient }));
}

const TEXT_TYPE_FOR_CATALOG_TYPE: Record<number, number> = {
  18: 25, // "char" -> text
  19: 25, // name -> text
  1002: 1009, // "char"[] -> text[]
  1003: 1009, // name[] -> text[]
};

function relabelCatalogColumns(result: unknown) {
  for (const one of Array.isArray(result) ? result : [result]) {
    const fields = (one as pg.QueryResult | undefined)?.fields ?? [];
    for (const field of fields) {
      const text = TEXT_TYPE_FOR_CATALOG_TYPE[field.dataTypeID];
      if (text !== undefined) field.dataTypeID = text;
    }
  }
  return result;
}

class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads: the pool calls it with a callback,
  // a checked-out client awaits a promise. Relabel the fields in both.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : relabelCatalogColumns(result));
    }
    const pending = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (pending instanceof Promise) return pending.then(relabelCatalogColumns) as never;
    return pending as never;
  }
}

/** Hides a password in a connection string before it reaches a log or an error. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
