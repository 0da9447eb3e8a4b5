import { randomUUID } from "node:crypto";
import { fromPrisma, PgBoss, type Job } from "pg-boss";
import {
  describeError,
  type JobDefinition,
  type JobDefinitions,
  type JobPayload,
  type JobQueue,
  type JobQueueOptions,
} from "./job-queue.server";

/** pg-boss keeps its tables in this schema of the app's database; it creates and migrates them itself. */
const SCHEMA = "pgboss";
/** How often a worker looks for jobs whose run timed out (their process died) and retries them. */
const SUPERVISE_SECONDS = 30;

/**
 * The PostgreSQL engine: pg-boss (docs/decisions/0008-background-jobs.md).
 * Workers claim jobs with SELECT ... FOR UPDATE SKIP LOCKED, so any number of
 * app instances share one queue. A job with a singleton key goes to a
 * "stately" queue: per key, at most one job waits and one runs.
 */
export function createPgBossJobQueue<Defs extends JobDefinitions>(
  definitions: Defs,
  connectionString: string,
  options: JobQueueOptions = {},
): JobQueue<Defs> {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const boss = new PgBoss({
    connectionString,
    schema: SCHEMA,
    application_name: `upstack-jobs:${workerId}`,
    max: 4,
    // Maintenance (retrying timed-out runs) is driven by start() and runDueJobs(), not by every instance that enqueues.
    supervise: false,
    schedule: false,
    // Each supervise pass checks every queue for timed-out runs.
    monitorIntervalSeconds: 1,
  });
  boss.on("error", (error) => console.error(`Background jobs (${workerId}): ${describeError(error)}`));
  const names = Object.keys(definitions);
  const workers = new Map<string, string>();
  let started: Promise<void> | null = null;
  let superviseTimer: NodeJS.Timeout | null = null;

  const definitionOf = (name: string) => {
    const definition = definitions[name];
    if (!definition) throw new Error(`No background job is called "${name}".`);
    return definition;
  };

  const queueOptions = (definition: JobDefinition) => ({
    retryLimit: definition.attempts - 1,
    retryDelay: definition.backoff.firstDelaySeconds,
    retryBackoff: true,
    retryDelayMax: definition.backoff.maxDelaySeconds,
    expireInSeconds: definition.timeoutSeconds,
    // Finished jobs are kept a day for whoever looks into pg-boss's tables, then deleted.
    deleteAfterSeconds: 24 * 3600,
  });

  /** Creates pg-boss's schema (or migrates it) and our queues, once per process. */
  function ready() {
    started ??= (async () => {
      await boss.start();
      for (const name of names) {
        const definition = definitionOf(name);
        const existing = await boss.getQueue(name);
        if (existing) await boss.updateQueue(name, queueOptions(definition));
        else await boss.createQueue(name, { policy: definition.singletonKey ? "stately" : "standard", ...queueOptions(definition) });
      }
    })();
    return started;
  }

  async function runOne(name: string, job: Job<JobPayload>) {
    try {
      await definitionOf(name).run(job.data);
    } catch (error) {
      await boss.fail(name, job, { message: describeError(error) });
      return;
    }
    await boss.complete(name, job);
  }

  return {
    async enqueue(name, payload, { tx } = {}) {
      const definition = definitionOf(name);
      await ready();
      const singletonKey = definition.singletonKey?.(payload);
      // null: a job of the same key already waits and does this work.
      await boss.send(name, payload, { ...(singletonKey ? { singletonKey } : {}), ...(tx ? { db: fromPrisma(tx) } : {}) });
      const worker = workers.get(name);
      if (worker) boss.notifyWorker(worker);
    },

    async nextRun(name, payload) {
      const key = definitionOf(name).singletonKey?.(payload);
      if (key === undefined) return null;
      await ready();
      const waiting = await boss.findJobs<JobPayload>(name, { key, queued: true });
      const next = waiting.sort((a, b) => a.startAfter.getTime() - b.startAfter.getTime())[0];
      return next ? { runAt: next.startAfter, retry: next.state === "retry" } : null;
    },

    async runDueJobs() {
      await ready();
      await boss.supervise();
      let ran = 0;
      for (let more = true; more; ) {
        more = false;
        for (const name of names) {
          const [job] = await boss.fetch<JobPayload>(name);
          if (!job) continue;
          await runOne(name, job);
          ran++;
          more = true;
        }
      }
      return ran;
    },

    async start() {
      await ready();
      for (const name of names) {
        if (workers.has(name)) continue;
        const id = await boss.work<JobPayload>(name, { pollingIntervalSeconds: options.pollSeconds ?? 2 }, async ([job]) => {
          if (job) await definitionOf(name).run(job.data);
        });
        workers.set(name, id);
      }
      superviseTimer ??= setInterval(() => {
        boss.supervise().catch((error) => console.error(`Background jobs (${workerId}): ${describeError(error)}`));
      }, SUPERVISE_SECONDS * 1000);
    },

    async stop() {
      if (superviseTimer) clearInterval(superviseTimer);
      superviseTimer = null;
      workers.clear();
      if (started) await boss.stop({ graceful: true, close: true });
      started = null;
    },

    async forgetShop(shop, tx) {
      await ready();
      const db = fromPrisma(tx);
      for (const name of names) {
        const jobs = await boss.findJobs<JobPayload>(name, { data: { shop }, db });
        if (jobs.length > 0) await boss.deleteJob(name, jobs.map((job) => job.id), { db });
      }
    },
  };
}
