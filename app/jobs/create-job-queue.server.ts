import appDb from "../db.server";
import { databaseTarget } from "../db/database-target.server";
import type { JobDefinitions, JobQueue, JobQueueOptions } from "./job-queue.server";
import { createPgBossJobQueue } from "./pg-boss-job-queue.server";
import { createSqliteJobQueue } from "./sqlite-job-queue.server";

/** The engine DATABASE_URL's database calls for: pg-boss on PostgreSQL, the Job table runner on SQLite. */
export function createJobQueue<Defs extends JobDefinitions>(definitions: Defs, options: JobQueueOptions = {}): JobQueue<Defs> {
  const target = databaseTarget(process.env.DATABASE_URL);
  return target.kind === "postgresql"
    ? createPgBossJobQueue(definitions, target.url, options)
    : createSqliteJobQueue(definitions, options.db ?? appDb, options);
}
