import type { PublishingState } from "../components/publishing-banner";
import db from "../db.server";
import type { Transaction } from "../models/webhook-delivery.server";
import { saveStoreReadingError } from "../models/shop-setup.server";
import { markPublicationPending, publicationStatus, publishShop } from "../services/publishing.server";
import { checkStoreSetup } from "../services/store-setup.server";
import { backfillOrders } from "../services/order-backfill.server";
import { failBackfill, requestBackfill } from "../models/order-backfill.server";
import { adminUnlessUninstalled } from "../services/shop.server";
import { createJobQueue } from "./create-job-queue.server";
import type { JobDefinition, JobQueue } from "./job-queue.server";

/**
 * publish-shop: sends the shop's active funnels to checkout
 * (services/publishing.server). One per shop at a time; a failure (Shopify
 * refused, or could not be reached) is retried for about five hours.
 */
const publishShopJob: JobDefinition<{ shop: string }> = {
  async run({ shop }) {
    const admin = await adminUnlessUninstalled(shop);
    if (!admin) return;
    // The merchant sees "publishing" while it runs, a retry included.
    await markPublicationPending(shop);
    const outcome = await publishShop(admin, shop);
    if (outcome.state === "failed") throw new Error(outcome.error ?? "Publishing to Shopify failed.");
  },
  singletonKey: ({ shop }) => shop,
  attempts: 10,
  backoff: { firstDelaySeconds: 60, maxDelaySeconds: 3600 },
  timeoutSeconds: 300,
};

/**
 * check-store-setup: reads the shop's plan and its live theme's app embeds
 * for the setup guide (services/store-setup.server). Enqueued at install, when
 * the admin home finds the reading missing or a day old, and by "Check again".
 */
const checkStoreSetupJob: JobDefinition<{ shop: string }> = {
  async run({ shop }) {
    const admin = await adminUnlessUninstalled(shop);
    if (!admin) return;
    try {
      await checkStoreSetup(admin, shop);
    } catch (error) {
      await saveStoreReadingError(shop, error instanceof Error ? error.message : String(error));
      throw error;
    }
  },
  singletonKey: ({ shop }) => shop,
  attempts: 3,
  backoff: { firstDelaySeconds: 60, maxDelaySeconds: 600 },
  timeoutSeconds: 60,
};

/**
 * backfill-orders: reads the shop's last 60 days of orders
 * (services/order-backfill.server), enqueued at install. It resumes from its
 * stored cursor, so a retry after a crash or a failure reads no page twice.
 */
const backfillOrdersJob: JobDefinition<{ shop: string }> = {
  async run({ shop }) {
    const admin = await adminUnlessUninstalled(shop);
    if (!admin) return;
    try {
      await backfillOrders(admin, shop);
    } catch (error) {
      await failBackfill(shop, error instanceof Error ? error.message : String(error));
      throw error;
    }
  },
  singletonKey: ({ shop }) => shop,
  attempts: 10,
  backoff: { firstDelaySeconds: 60, maxDelaySeconds: 3600 },
  // A large shop's 60 days take many throttled pages; a run cut short resumes from its cursor.
  timeoutSeconds: 1800,
};

/** Every background job of the app, by name. */
export const APP_JOBS = { "publish-shop": publishShopJob, "check-store-setup": checkStoreSetupJob, "backfill-orders": backfillOrdersJob };

/** At install: the order backfill is recorded and enqueued together, once per shop (a finished one is not run again). */
export async function requestOrderBackfill(shop: string) {
  await db.$transaction(async (tx) => {
    if (await requestBackfill(tx, shop)) await appJobs().enqueue("backfill-orders", { shop }, { tx });
  });
}

/** A store reading older than this is read again when the merchant opens the app. */
const STORE_READING_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Asks for the store to be read again when it never was, or a day ago; enqueueing is a database write, not a call to Shopify. */
export async function refreshStoreReadingIfStale(shop: string, checkedAt: Date | null, { force = false } = {}) {
  if (!force && checkedAt && Date.now() - checkedAt.getTime() < STORE_READING_MAX_AGE_MS) return false;
  await appJobs().enqueue("check-store-setup", { shop });
  return true;
}

type AppJobQueue = JobQueue<typeof APP_JOBS>;
let queue: AppJobQueue | null = null;

/** The process's queue: one connection pool, created on first use. */
export function appJobs(): AppJobQueue {
  queue ??= createJobQueue(APP_JOBS);
  return queue;
}

declare global {
  // The running worker, so a development reload (Vite re-evaluates modules) replaces it instead of adding one.
  var upstackJobWorker: AppJobQueue | undefined;
}

/** Runs jobs in this process until stopped: the production server and `npm run dev` call it at start. */
export async function startJobWorker(): Promise<() => Promise<void>> {
  await globalThis.upstackJobWorker?.stop();
  const worker = appJobs();
  globalThis.upstackJobWorker = worker;
  await worker.start();
  return async () => {
    await worker.stop();
    if (globalThis.upstackJobWorker === worker) globalThis.upstackJobWorker = undefined;
  };
}

/**
 * Asks for the shop's funnels to be published: marks the published state
 * stale and enqueues publish-shop, in the caller's transaction when given
 * (e.g. with the webhook's ledger row), else in one of its own.
 */
export async function requestPublish(shop: string, tx?: Transaction) {
  const request = async (client: Transaction) => {
    await markPublicationPending(shop, client);
    await appJobs().enqueue("publish-shop", { shop }, { tx: client });
  };
  if (tx) await request(tx);
  else await db.$transaction(request);
}

/** What the merchant is told about publishing, from the database only (no call to Shopify). */
export async function publishingState(shop: string): Promise<PublishingState | null> {
  const [publication, next] = await Promise.all([
    publicationStatus(shop),
    appJobs().nextRun("publish-shop", { shop }),
  ]);
  if (!publication) return next ? { state: "publishing" } : null;
  // Published is published; a retry left waiting from before would find nothing new to send.
  if (publication.state === "published") return { state: "live", publishedAt: publication.publishedAt };
  // A retry that is due (or was brought forward by "Try again now") is as good as running.
  if (next?.retry && next.runAt > new Date()) {
    return { state: "retrying", error: publication.lastError, retryAt: next.runAt.toISOString() };
  }
  if (publication.state === "pending" || next) return { state: "publishing" };
  return { state: "failed", error: publication.lastError };
}

/** shop/redact: the shop's jobs go with the rest of its data. */
export function forgetShopJobs(shop: string, tx: Transaction) {
  return appJobs().forgetShop(shop, tx);
}
