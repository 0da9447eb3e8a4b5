import pg from "pg";

/** Where the PostgreSQL tests find their server. Any database on it will do: they create and drop their own. */
export const DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";

export type PostgresPlan = { run: boolean; adminUrl: string };

/**
 * Decides, once per test run, whether the PostgreSQL integration tests run.
 * Unreachable server: skipped with a loud banner, unless
 * UPSTACK_REQUIRE_POSTGRES=1 (set by .ci/run), where it is a failure.
 */
export async function postgresTestPlan(): Promise<PostgresPlan> {
  const adminUrl = process.env.TEST_POSTGRES_URL?.trim() || DEFAULT_TEST_POSTGRES_URL;
  const required = process.env.UPSTACK_REQUIRE_POSTGRES === "1";
  const problem = await connectionProblem(adminUrl);
  if (!problem) return { run: true, adminUrl };

  const message = `PostgreSQL at ${safeUrl(adminUrl)} is not reachable (${problem}).`;
  if (required) {
    throw new Error(`${message} UPSTACK_REQUIRE_POSTGRES=1, so the PostgreSQL tests may not be skipped.`);
  }
  const line = "!".repeat(78);
  console.warn(
    `\n${line}\n!! ${message}\n!! SKIPPING the PostgreSQL integration tests; SQLite ones still run.\n` +
      `!! Set TEST_POSTGRES_URL to a server you can reach (see README, "Tests").\n${line}\n`,
  );
  return { run: false, adminUrl };
}

async function connectionProblem(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

export function safeUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
