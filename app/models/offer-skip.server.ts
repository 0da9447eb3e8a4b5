import type { OfferSkipReason } from "@upstack/core";
import db from "../db.server";
import type { DecisionSurface } from "./post-purchase.server";

/**
 * Why the post-purchase or thank-you page offered a purchase nothing, kept
 * (OfferSkip) so that the per-order view and the coverage numbers can say so
 * later. The latest answer per purchase and page; a decision, once made, wins.
 */
export async function recordOfferSkip(shop: string, purchaseKey: string, surface: DecisionSurface, reason: OfferSkipReason) {
  await db.offerSkip.upsert({
    where: { shop_purchaseKey_surface: { shop, purchaseKey, surface } },
    create: { shop, purchaseKey, surface, reason },
    update: { reason, at: new Date() },
  });
}

export async function offerSkipsFor(shop: string, purchaseKeys: readonly string[]) {
  if (purchaseKeys.length === 0) return [];
  return db.offerSkip.findMany({ where: { shop, purchaseKey: { in: [...purchaseKeys] } } });
}
