import { randomUUID } from "node:crypto";
import type { Database } from "../db.server";
import type { Job } from "../db/generated/sqlite/client";
import { isUniqueViolation } from "../models/unique-key.server";
import {
  backoffSeconds,
  describeError,
  type JobDefinitions,
  type JobQueue,
  type JobQueueOptions,
} from "./job-queue.server";

/**
 * The embedded engine: jobs in the Job table, worked inside the app process.
 * Every step that decides who runs a job is a compare-and-set update (its
 * where clause repeats what the worker read), so two workers never run the
 * same job; the unique keys on queuedKey and runningKey keep one waiting and
 * one running job per singleton key.
 */
export function createSqliteJobQueue<Defs extends JobDefinitions>(
  definitions: Defs,
  db: Database,
  options: JobQueueOptions = {},
): JobQueue<Defs> {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const pollMs = (options.pollSeconds ?? 1) * 1000;
  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  const definitionOf = (name: string) => {
    const definition = definitions[name];
    if (!definition) throw new Error(`No background job is called "${name}".`);
    return definition;
  };

  /** Ends one attempt that failed: retry after the backoff, or give up when attempts ran out. */
  async function fail(job: Job, error: string, lockedBy: string | null) {
    const definition = definitions[job.name];
    const attemptsLeft = definition !== undefined && job.attempts < job.maxAttempts;
    const owned = { id: job.id, state: "running", lockedBy };
    if (!attemptsLeft) {
      await db.job.updateMany({
        where: owned,
        data: { state: "failed", runningKey: null, lockedBy: null, lockedUntil: null, lastError: error },
      });
      return;
    }
    const runAt = new Date(Date.now() + backoffSeconds(definition, job.attempts) * 1000);
    try {
      await db.job.updateMany({
        where: owned,
        data: { state: "queued", queuedKey: job.runningKey, runningKey: null, lockedBy: null, lockedUntil: null, runAt, lastError: error },
      });
    } catch (conflict) {
      // Another job of the same key already waits and will do the same work.
      if (!isUniqueViolation(conflict)) throw conflict;
      await db.job.deleteMany({ where: owned });
    }
  }

  /** Jobs whose worker stopped mid-run (their time ran out) count as a failed attempt. */
  async function recoverInterrupted() {
    const expired = await db.job.findMany({
      where: { state: "running", lockedUntil: { lt: new Date() }, name: { in: Object.keys(definitions) } },
    });
    for (const job of expired) {
      await fail(job, "Interrupted before it finished (the app restarted or stopped); tried again.", job.lockedBy);
    }
  }

  async function claimNext(): Promise<Job | null> {
    const now = new Date();
    const due = await db.job.findMany({
      where: { state: "queued", runAt: { lte: now }, name: { in: Object.keys(definitions) } },
      orderBy: { runAt: "asc" },
      take: 20,
    });
    for (const job of due) {
      const lockedUntil = new Date(Date.now() + definitionOf(job.name).timeoutSeconds * 1000);
      try {
        const { count } = await db.job.updateMany({
          where: { id: job.id, state: "queued" },
          data: {
            state: "running",
            queuedKey: null,
            runningKey: job.queuedKey,
            lockedBy: workerId,
            lockedUntil,
            attempts: { increment: 1 },
          },
        });
        if (count === 1) return { ...job, state: "running", runningKey: job.queuedKey, queuedKey: null, lockedBy: workerId, attempts: job.attempts + 1 };
      } catch (conflict) {
        // A job of the same key is running: this one waits its turn.
        if (!isUniqueViolation(conflict)) throw conflict;
      }
    }
    return null;
  }

  async function run(job: Job) {
    try {
      await definitionOf(job.name).run(JSON.parse(job.payload));
    } catch (error) {
      await fail(job, describeError(error), workerId);
      return;
    }
    // Done jobs leave nothing behind; only jobs that gave up stay, with their last error.
    await db.job.deleteMany({ where: { id: job.id, state: "running", lockedBy: workerId } });
  }

  async function runDueJobs() {
    let ran = 0;
    await recoverInterrupted();
    for (let job = await claimNext(); job; job = await claimNext()) {
      await run(job);
      ran++;
    }
    return ran;
  }

  async function work() {
    while (!stopping) {
      try {
        await runDueJobs();
      } catch (error) {
        console.error(`Background jobs (${workerId}): ${describeError(error)}`);
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    async enqueue(name, payload, { tx } = {}) {
      const definition = definitionOf(name);
      const client = tx ?? db;
      const key = definition.singletonKey?.(payload) ?? null;
      const now = new Date();
      if (key !== null) {
        const waiting = await client.job.findFirst({ where: { name, queuedKey: key } });
        if (waiting) {
          // A retry waiting on its backoff goes now: there is something new to do.
          if (waiting.runAt > now) await client.job.updateMany({ where: { id: waiting.id, state: "queued" }, data: { runAt: now } });
          wake?.();
          return;
        }
      }
      try {
        await client.job.create({
          data: { shop: payload.shop, name, payload: JSON.stringify(payload), queuedKey: key, maxAttempts: definition.attempts, runAt: now },
        });
      } catch (error) {
        // The same key was enqueued a moment ago: that job does this work.
        if (!isUniqueViolation(error)) throw error;
      }
      wake?.();
    },

    async nextRun(name, payload) {
      const key = definitionOf(name).singletonKey?.(payload);
      if (key === undefined) return null;
      const waiting = await db.job.findFirst({ where: { name, queuedKey: key, state: "queued" } });
      return waiting ? { runAt: waiting.runAt, retry: waiting.attempts > 0 } : null;
    },

    runDueJobs,

    async start() {
      if (loop) return;
      stopping = false;
      loop = work();
    },

    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
    },

    async forgetShop(shop, tx) {
      await tx.job.deleteMany({ where: { shop } });
    },
  };
}
