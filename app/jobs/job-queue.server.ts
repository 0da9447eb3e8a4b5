import type { Database } from "../db.server";
import type { Transaction } from "../models/webhook-delivery.server";

/**
 * Background jobs: work that talks to Shopify (publishing, and the order
 * backfill to come) runs here instead of inside a request. A job is stored
 * before it runs, so it survives a restart; a failed attempt is retried with
 * exponential backoff; a job whose worker died (its time ran out) is taken
 * over by another worker. Two engines, picked by the database
 * (docs/decisions/0008-background-jobs.md): an in-process runner on the
 * SQLite Job table, and pg-boss on PostgreSQL. Nothing outside app/jobs
 * knows which one runs.
 */

/** Every job acts for one shop (shop/redact removes the shop's jobs). Payloads are JSON. */
export type JobPayload = { shop: string };

export type JobDefinition<P extends JobPayload = JobPayload> = {
  /** Does the work. Throwing fails the attempt: it is retried with backoff until attempts run out. */
  run(payload: P): Promise<void>;
  /**
   * Jobs with the same key never run at the same time, and at most one of
   * them waits: enqueueing while one waits adds nothing (and brings a retry
   * waiting on its backoff forward to now). One may wait while another runs,
   * so a change made during a run is not lost.
   */
  singletonKey?(payload: P): string;
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait before the n-th retry: firstDelaySeconds * 2^(n-1), at most maxDelaySeconds. */
  backoff: { firstDelaySeconds: number; maxDelaySeconds: number };
  /** A run still going after this long is taken as interrupted (its process died) and retried. */
  timeoutSeconds: number;
};

// Each definition's payload type is its own; `any` here only lets a map of them be written down.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobDefinitions = Record<string, JobDefinition<any>>;
export type PayloadOf<D> = D extends JobDefinition<infer P> ? P : never;

export type EnqueueOptions = {
  /** Enqueue inside the caller's transaction: the job exists exactly when the change that asks for it commits. */
  tx?: Transaction;
};

export interface JobQueue<Defs extends JobDefinitions> {
  enqueue<N extends keyof Defs & string>(name: N, payload: PayloadOf<Defs[N]>, options?: EnqueueOptions): Promise<void>;
  /** When the job of this payload's singleton key that waits runs next, and whether it waits as a retry; null when none waits. */
  nextRun<N extends keyof Defs & string>(name: N, payload: PayloadOf<Defs[N]>): Promise<{ runAt: Date; retry: boolean } | null>;
  /**
   * Runs every job that is due now, one at a time, until none is (a retry
   * waiting on its backoff is not due). Returns how many attempts ran. What
   * the worker does on its own; tests call it to run jobs deterministically.
   */
  runDueJobs(): Promise<number>;
  /** Starts working in the background: polls for due jobs (and wakes on this process's enqueues). */
  start(): Promise<void>;
  /** Stops taking jobs, waits for the running ones, and releases connections. */
  stop(): Promise<void>;
  /** Removes every job of the shop that has not finished (shop/redact), inside the caller's transaction. */
  forgetShop(shop: string, tx: Transaction): Promise<void>;
}

export type JobQueueOptions = {
  /** Which worker this is, in logs and locks. */
  workerId?: string;
  /** The Prisma client the SQLite runner uses (tests give a second worker its own). */
  db?: Database;
  /** How often an idle worker looks for due jobs. */
  pollSeconds?: number;
};

/** Seconds to wait before retry number `retry` (1 for the first retry). */
export function backoffSeconds(definition: Pick<JobDefinition, "backoff">, retry: number): number {
  const { firstDelaySeconds, maxDelaySeconds } = definition.backoff;
  return Math.min(firstDelaySeconds * 2 ** Math.max(0, retry - 1), maxDelaySeconds);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
