import { describe, expect, it } from "vitest";
import { databaseTarget, redactUrl } from "~/db/database-target.server";
import { EnvironmentError, parseEnvironment } from "~/env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://upstack.example.com",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof EnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment validated at boot", () => {
  it("accepts the variables from .env.example", () => {
    expect(parseEnvironment({ ...valid, SCOPES: "read_products,write_discounts", PORT: "8080", DATABASE_URL: "" })).toEqual({
      ...valid,
      SCOPES: "read_products,write_discounts",
      PORT: 8080,
    });
  });

  it("names every missing variable at once, with what it is", () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^SHOPIFY_API_KEY is missing \(the app's Client ID/);
    expect(problems[1]).toMatch(/^SHOPIFY_API_SECRET is missing/);
    expect(problems[2]).toMatch(/^SHOPIFY_APP_URL is missing/);
  });

  it("names malformed variables and says why", () => {
    const problems = problemsOf({
      ...valid,
      SHOPIFY_APP_URL: "upstack.example.com",
      SCOPES: "read products",
      PORT: "eighty",
      DATABASE_URL: "mysql://localhost/upstack",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^SHOPIFY_APP_URL is not an http\(s\) URL/),
      expect.stringMatching(/^SCOPES must be comma-separated scopes/),
      expect.stringMatching(/^DATABASE_URL must start with "file:" .* "postgresql:\/\/"/),
      expect.stringMatching(/^PORT must be a port number/),
    ]);
  });

  it("the error message lists each problem on its own line and points at .env.example", () => {
    expect(() => parseEnvironment({ ...valid, SHOPIFY_API_SECRET: " " })).toThrow(
      /Upstack cannot start: fix these environment variables \(see \.env\.example\):\n {2}- SHOPIFY_API_SECRET is empty/,
    );
  });
});

describe("the SQLite / PostgreSQL switch", () => {
  it("uses the embedded SQLite file when DATABASE_URL is unset or empty", () => {
    for (const unset of [undefined, "", "  "]) {
      expect(databaseTarget(unset)).toMatchObject({ kind: "sqlite", url: "file:./prisma/upstack.sqlite" });
    }
  });

  it("uses PostgreSQL, with its own schema and migrations, for postgres:// and postgresql:// URLs", () => {
    for (const url of ["postgres://u@db/upstack", "postgresql://u:p@db:5432/upstack", "PostgreSQL://db/x"]) {
      expect(databaseTarget(url)).toMatchObject({
        kind: "postgresql",
        url,
        schemaPath: "prisma/postgresql/schema.prisma",
        migrationsPath: "prisma/postgresql/migrations",
      });
    }
  });

  it("refuses other URLs without echoing a password", () => {
    expect(() => databaseTarget("mysql://admin:hunter2@db/upstack")).toThrow(/admin:\*\*\*@db/);
    expect(() => databaseTarget("mysql://admin:hunter2@db/upstack")).not.toThrow(/hunter2/);
    expect(redactUrl("postgresql://u:secret@h/d")).toBe("postgresql://u:***@h/d");
  });
});
