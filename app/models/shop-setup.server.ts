import db from "../db.server";

/**
 * What the setup guide knows about a store: the plan and the cart embed as
 * the check-store-setup job last read them from Shopify (ShopSetup), and
 * what buyers have been seen using (Upstack's own records). Read by page
 * loaders: no call to Shopify here.
 */

export type StoreReading = {
  shopifyPlus: boolean;
  developmentStore: boolean;
  planName: string | null;
  /** Null when the theme could not be read (no live theme, or no read_themes access). */
  cartEmbedEnabled: boolean | null;
};

export async function saveStoreReading(shop: string, reading: StoreReading) {
  const data = { ...reading, checkedAt: new Date(), lastError: null };
  await db.shopSetup.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

export async function saveStoreReadingError(shop: string, error: string) {
  const lastError = error.slice(0, 500);
  await db.shopSetup.upsert({ where: { shop }, create: { shop, lastError }, update: { lastError } });
}

export type StoreSignals = {
  setup: { plan: { shopifyPlus: boolean; developmentStore: boolean; name: string | null } | null; cartEmbedEnabled: boolean | null; checkedAt: Date | null };
  checkoutBumpSeen: boolean;
  postPurchaseSeen: boolean;
  thankYouSeen: boolean;
};

/** The stored reading and whether each surface has been used by a buyer (which proves it is placed). */
export async function storeSignals(shop: string): Promise<StoreSignals> {
  const [setup, checkoutBump, postPurchase, thankYou] = await Promise.all([
    db.shopSetup.findUnique({ where: { shop } }),
    db.offerEvent.findFirst({ where: { shop, offer: "bump", purchaseKey: { not: null }, dedupeKey: { startsWith: "checkout:" } }, select: { id: true } }),
    db.postPurchaseDecision.findFirst({ where: { shop, surface: "post_purchase" }, select: { id: true } }),
    db.postPurchaseDecision.findFirst({ where: { shop, thankYouStep: { not: null } }, select: { id: true } }),
  ]);
  const plan =
    setup && setup.shopifyPlus !== null
      ? { shopifyPlus: setup.shopifyPlus, developmentStore: setup.developmentStore ?? false, name: setup.planName }
      : null;
  return {
    setup: { plan, cartEmbedEnabled: setup?.cartEmbedEnabled ?? null, checkedAt: setup?.checkedAt ?? null },
    checkoutBumpSeen: checkoutBump !== null,
    postPurchaseSeen: postPurchase !== null,
    thankYouSeen: thankYou !== null,
  };
}
