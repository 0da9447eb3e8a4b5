import db from "../db.server";
import type { Transaction } from "./webhook-delivery.server";

/**
 * shop/redact is final: after it, nothing may write the shop's data back (a
 * redelivered webhook, a late buyer request). The marker names the shop and
 * the time only; it goes when the shop installs the app again.
 */

export async function isShopRedacted(shop: string, client: Pick<Transaction, "shopRedaction"> = db): Promise<boolean> {
  return (await client.shopRedaction.findUnique({ where: { shop }, select: { shop: true } })) !== null;
}

/** Marks the shop as erased, in the transaction that erases it. */
export async function markShopRedacted(tx: Transaction, shop: string) {
  await tx.shopRedaction.upsert({ where: { shop }, create: { shop }, update: { redactedAt: new Date() } });
}

/** The shop installed the app again: its data may be recorded from now on. */
export async function clearShopRedaction(shop: string) {
  await db.shopRedaction.deleteMany({ where: { shop } });
}
