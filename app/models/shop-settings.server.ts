import { holdoutBuckets } from "@upstack/core";
import db from "../db.server";

/**
 * The merchant's scoreboard settings (ShopSettings). The holdout share is read
 * by every surface that decides whether a purchase sees offers, and by the
 * dashboard, which measures the lift only over orders placed since the share
 * was last set.
 */

export type HoldoutSetting = {
  /** Percent of purchases that see no offers, 0-100 with at most 2 decimals. */
  percent: number;
  /** When the share was last changed; null while it has never been set. */
  since: Date | null;
};

export async function readHoldout(shop: string): Promise<HoldoutSetting> {
  const row = await db.shopSettings.findUnique({ where: { shop }, select: { holdoutPercent: true, holdoutSince: true } });
  return { percent: row?.holdoutPercent ?? 0, since: row?.holdoutSince ?? null };
}

/** Sets the share (RangeError on a bad one); setting the share it already has changes nothing. */
export async function saveHoldoutPercent(shop: string, percent: number, now: Date = new Date()): Promise<HoldoutSetting> {
  holdoutBuckets(percent);
  const current = await readHoldout(shop);
  if (current.since && current.percent === percent) return current;
  await db.shopSettings.upsert({
    where: { shop },
    create: { shop, holdoutPercent: percent, holdoutSince: now },
    update: { holdoutPercent: percent, holdoutSince: now },
  });
  return { percent, since: now };
}
