import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createJobQueue } from "~/jobs/create-job-queue.server";
import type { JobDefinition, JobPayload, JobQueue } from "~/jobs/job-queue.server";

/**
 * The job queue itself, on whichever engine this project's database runs
 * (the Job table runner on SQLite, pg-boss on PostgreSQL), with jobs made up
 * for the test. Each test names its jobs afresh, so nothing left over from
 * another test is picked up.
 */

const engine = inject("databaseKind");
type Payload = JobPayload & { n: number };
type Definitions = Record<string, JobDefinition<Payload>>;

const queues: JobQueue<Definitions>[] = [];
/** A worker as a fresh process would have it: its own queue object (and, on PostgreSQL, its own connections). */
function worker(definitions: Definitions) {
  const queue = createJobQueue(definitions, { workerId: `test-${queues.length}` });
  queues.push(queue);
  return queue;
}
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.stop()));
});

const jobName = () => `test-${randomUUID().slice(0, 8)}`;
const base = { attempts: 3, backoff: { firstDelaySeconds: 1, maxDelaySeconds: 60 }, timeoutSeconds: 60 };

/** Runs due jobs until `done` holds, as a worker's polling would. */
async function runUntil(queue: JobQueue<Definitions>, done: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("the job did not run in time");
    await queue.runDueJobs();
    await sleep(100);
  }
}

// Retries wait real seconds (pg-boss counts backoff in whole seconds, with jitter).
describe(`background jobs (${engine})`, { timeout: 20_000 }, () => {
  it("a started worker runs what is enqueued without being asked, and stops after the job it runs", async () => {
    const name = jobName();
    const started: number[] = [];
    const done: number[] = [];
    const queue = worker({
      [name]: {
        ...base,
        async run({ n }) {
          started.push(n);
          await sleep(300);
          done.push(n);
        },
      },
    });
    await queue.start();
    await queue.enqueue(name, { shop: "worker-shop.myshopify.com", n: 1 });
    await expect.poll(() => done, { timeout: 10_000 }).toEqual([1]);

    await queue.enqueue(name, { shop: "worker-shop.myshopify.com", n: 2 });
    await expect.poll(() => started, { timeout: 10_000 }).toEqual([1, 2]);
    await queue.stop();
    expect(done).toEqual([1, 2]);
  });

  it("a job interrupted by a restart runs again and completes afterwards", async () => {
    const name = jobName();
    const events: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const definitions: Definitions = {
      [name]: {
        ...base,
        timeoutSeconds: 1,
        async run({ n }) {
          const attempt = events.filter((e) => e.startsWith("start")).length + 1;
          events.push(`start ${attempt}`);
          // The first run never finishes: its process "dies" here.
          if (attempt === 1) await stuck;
          events.push(`finish ${attempt} (job ${n})`);
        },
      },
    };
    const before = worker(definitions);
    await before.enqueue(name, { shop: "jobs-shop.myshopify.com", n: 7 });
    void before.runDueJobs();
    await expect.poll(() => events).toEqual(["start 1"]);

    // After the restart: a new worker takes the job over once the first run's time is up.
    const after = worker(definitions);
    await runUntil(after, () => events.includes("finish 2 (job 7)"));
    expect(events).toEqual(["start 1", "start 2", "finish 2 (job 7)"]);
    expect(await after.runDueJobs()).toBe(0);

    // The first run, come back to life, cannot claim the job again.
    release();
    await sleep(200);
    expect(await after.runDueJobs()).toBe(0);
    expect(await after.nextRun(name, { shop: "jobs-shop.myshopify.com", n: 7 })).toBeNull();
  });

  it("a failing job is retried with growing waits, and not before its time", async () => {
    const name = jobName();
    const attempts: number[] = [];
    const shop = "retry-shop.myshopify.com";
    const queue = worker({
      [name]: {
        ...base,
        singletonKey: (payload) => payload.shop,
        async run() {
          attempts.push(Date.now());
          if (attempts.length < 3) throw new Error(`Shopify said no (${attempts.length})`);
        },
      },
    });
    await queue.enqueue(name, { shop, n: 1 });
    expect(await queue.runDueJobs()).toBe(1);
    const retry = await queue.nextRun(name, { shop, n: 1 });
    expect(retry?.retry).toBe(true);
    expect(retry!.runAt.getTime()).toBeGreaterThanOrEqual(attempts[0]! + 900);
    // Not due yet: nothing runs.
    expect(await queue.runDueJobs()).toBe(0);

    await runUntil(queue, () => attempts.length === 3);
    const [first, second, third] = attempts as [number, number, number];
    // pg-boss adds up to as much again as jitter; the waits still double.
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1900);
    expect(await queue.nextRun(name, { shop, n: 1 })).toBeNull();
  });

  it("two workers never run the same job", async () => {
    const name = jobName();
    const runs: { worker: string; n: number }[] = [];
    const definitionFor = (label: string): Definitions => ({
      [name]: {
        ...base,
        async run({ n }) {
          runs.push({ worker: label, n });
          await sleep(5);
        },
      },
    });
    const one = worker(definitionFor("one"));
    const two = worker(definitionFor("two"));
    const jobs = Array.from({ length: 40 }, (_, n) => n);
    for (const n of jobs) await one.enqueue(name, { shop: `shop-${n}.myshopify.com`, n });

    const [ranByOne, ranByTwo] = await Promise.all([one.runDueJobs(), two.runDueJobs()]);
    expect(ranByOne + ranByTwo).toBe(jobs.length);
    expect(runs.map((run) => run.n).sort((a, b) => a - b)).toEqual(jobs);
    // Both really worked at the same time.
    expect(new Set(runs.map((run) => run.worker))).toEqual(new Set(["one", "two"]));
  });

  it("per singleton key, one job waits and one runs: enqueueing again adds nothing, and the waiting one runs after", async () => {
    const name = jobName();
    const shop = "singleton-shop.myshopify.com";
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const definitions: Definitions = {
      [name]: {
        ...base,
        singletonKey: (payload) => payload.shop,
        async run({ n }) {
          events.push(`start ${n}`);
          if (n === 1) await held;
          events.push(`finish ${n}`);
        },
      },
    };
    const one = worker(definitions);
    const two = worker(definitions);
    await one.enqueue(name, { shop, n: 1 });
    await one.enqueue(name, { shop, n: 1 });
    const first = one.runDueJobs();
    await expect.poll(() => events).toEqual(["start 1"]);

    // A change while it runs: one more job waits, however often it is asked for.
    await one.enqueue(name, { shop, n: 2 });
    await two.enqueue(name, { shop, n: 3 });
    expect(await two.nextRun(name, { shop, n: 2 })).toMatchObject({ retry: false });
    // It does not start beside the running one.
    expect(await two.runDueJobs()).toBe(0);

    release();
    expect(await first).toBeGreaterThanOrEqual(1);
    await runUntil(two, () => events.length === 4);
    expect(events).toEqual(["start 1", "finish 1", "start 2", "finish 2"]);
    expect(await two.runDueJobs()).toBe(0);
  });
});
