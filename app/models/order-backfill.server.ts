import db from "../db.server";
import type { Transaction } from "./webhook-delivery.server";

/** How far back the backfill reads: all that the read_orders scope allows. */
export const BACKFILL_DAYS = 60;

export type BackfillProgress = {
  state: "running" | "done" | "failed";
  /** Orders placed since this time are being (or were) read. */
  since: Date;
  ordersRead: number;
  finishedAt: Date | null;
  lastError: string | null;
};

/**
 * Records that the shop's backfill should run (at install), keeping one that
 * exists: a second sign-in neither restarts a finished backfill nor rewinds a
 * running one. Answers whether there is work to do.
 */
export async function requestBackfill(tx: Transaction, shop: string, now = new Date()): Promise<boolean> {
  const held = await tx.orderBackfill.findUnique({ where: { shop }, select: { state: true } });
  if (held) return held.state !== "done";
  await tx.orderBackfill.create({ data: { shop, since: new Date(now.getTime() - BACKFILL_DAYS * 24 * 60 * 60 * 1000) } });
  return true;
}

/** Where a run starts: the stored cursor (null: the first page), or nothing when it is done or was never asked for. */
export async function startingPoint(shop: string): Promise<{ since: Date; cursor: string | null } | null> {
  const row = await db.orderBackfill.findUnique({ where: { shop } });
  if (!row || row.state === "done") return null;
  if (row.state === "failed") await db.orderBackfill.update({ where: { shop }, data: { state: "running", lastError: null } });
  return { since: row.since, cursor: row.cursor };
}

/** Moves the cursor past a stored page, in the page's transaction; false when the backfill row is gone (shop redacted). */
export async function saveBackfillPage(tx: Transaction, shop: string, nextCursor: string | null, orders: number) {
  const { count } = await tx.orderBackfill.updateMany({ where: { shop }, data: { cursor: nextCursor, ordersRead: { increment: orders } } });
  return count > 0;
}

export async function finishBackfill(shop: string) {
  await db.orderBackfill.updateMany({ where: { shop }, data: { state: "done", finishedAt: new Date() } });
}

/** The job gave up (no attempts left): the merchant sees why. */
export async function failBackfill(shop: string, error: string) {
  await db.orderBackfill.updateMany({ where: { shop }, data: { state: "failed", lastError: error } });
}

/** What the dashboard shows about the backfill; null when none was asked for. */
export async function backfillProgress(shop: string): Promise<BackfillProgress | null> {
  const row = await db.orderBackfill.findUnique({ where: { shop } });
  if (!row) return null;
  return {
    state: row.state === "done" || row.state === "failed" ? row.state : "running",
    since: row.since,
    ordersRead: row.ordersRead,
    finishedAt: row.finishedAt,
    lastError: row.lastError,
  };
}

/** When Upstack was installed: when its backfill was asked for (at install). Null before that. */
export async function installedAt(shop: string): Promise<Date | null> {
  const row = await db.orderBackfill.findUnique({ where: { shop }, select: { startedAt: true } });
  return row?.startedAt ?? null;
}

/** Whether any order of the shop is stored yet (from the backfill or a webhook), whatever its date. */
export async function shopHasOrders(shop: string): Promise<boolean> {
  return (await db.order.findFirst({ where: { shop }, select: { orderId: true } })) !== null;
}
