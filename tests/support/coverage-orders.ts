import { isHeldOut } from "@upstack/core";
import db from "~/db.server";

// Orders of one shop, one of each coverage story, for the coverage tests
// (integration and browser): 1001 bought the upsell after payment, 1002 is
// held out (50% since 2026-11-01), 1003 paid with Apple Pay and got the
// thank-you offer, 1004 is digital only and matched no funnel; 2001 is the
// other shop's. The store is not on Plus.

/** A checkout token on the chosen side of a 50% holdout. */
function tokenThat(heldOut: boolean, prefix: string): string {
  for (let index = 0; ; index++) if (isHeldOut(`${prefix}-${index}`, 50) === heldOut) return `${prefix}-${index}`;
}

const placedAt = new Date("2026-11-20T12:00:00Z");

async function order(shop: string, id: number, checkoutToken: string, facts: { gateways?: string[]; requiresShipping?: boolean; delivery?: string | null } = {}) {
  await db.order.create({
    data: {
      shop,
      orderId: `gid://shopify/Order/${id}`,
      placedAt,
      shopifyUpdatedAt: placedAt,
      checkoutToken,
      shopCurrency: "USD",
      totalShop: 10_000,
      presentmentCurrency: "USD",
      totalPresentment: 10_000,
      paymentGateways: JSON.stringify(facts.gateways ?? ["shopify_payments"]),
      requiresShipping: facts.requiresShipping ?? true,
      deliveryMethod: facts.delivery ?? "standard",
    },
  });
}

/** Four orders of SHOP, one of each story, and one of the other shop. */
export async function seedCoverageOrders(SHOP: string, OTHER_SHOP: string) {
  const shown = tokenThat(false, "shown");
  const held = tokenThat(true, "held");
  const setup = { shopifyPlus: false, cartEmbedEnabled: true };
  await db.shopSetup.upsert({ where: { shop: SHOP }, create: { shop: SHOP, ...setup }, update: setup });
  await db.shopSettings.create({ data: { shop: SHOP, holdoutPercent: 50, holdoutSince: new Date("2026-11-01T00:00:00Z") } });
  const funnel = await db.funnel.create({ data: { shop: SHOP, name: "Course stack", status: "active", definition: "{}" } });
  await db.postPurchaseOfferSet.create({ data: { shop: SHOP, id: "set-1", offers: "{}" } });

  // 1001: card, shipped, got the upsell after payment and bought it.
  await order(SHOP, 1001, shown);
  await db.postPurchaseDecision.create({ data: { shop: SHOP, referenceId: shown, funnelId: funnel.id, currency: "USD", offerSetId: "set-1" } });
  await db.offerEvent.createMany({
    data: ["impression", "accept"].map((type) => ({ shop: SHOP, funnelId: funnel.id, offer: "upsell", type, variantId: "v", purchaseKey: shown, occurredAt: placedAt })),
  });
  await db.orderOfferLine.create({
    data: { shop: SHOP, orderId: "gid://shopify/Order/1001", lineItemId: "gid://shopify/LineItem/1", offer: "upsell", funnelId: funnel.id, variantId: "v", quantity: 1, amountShop: 15_760, amountPresentment: 15_760 },
  });
  // 1002: held out; the post-purchase page recorded it.
  await order(SHOP, 1002, held);
  await db.offerSkip.create({ data: { shop: SHOP, purchaseKey: held, surface: "post_purchase", reason: "holdout" } });
  // 1003: Apple Pay, so no post-purchase page; the thank-you page showed its offer.
  const wallet = tokenThat(false, "wallet");
  await order(SHOP, 1003, wallet, { gateways: ["apple_pay"] });
  await db.postPurchaseDecision.create({
    data: { shop: SHOP, referenceId: wallet, funnelId: funnel.id, currency: "USD", offerSetId: "set-1", surface: "thank_you", thankYouStep: "upsell" },
  });
  // 1004: digital only; the thank-you page found no funnel for it.
  const digital = tokenThat(false, "digital");
  await order(SHOP, 1004, digital, { requiresShipping: false, delivery: null });
  await db.offerSkip.create({ data: { shop: SHOP, purchaseKey: digital, surface: "thank_you", reason: "no_funnel_matched" } });
  // The other shop's order.
  await order(OTHER_SHOP, 2001, "rival-checkout");
  return { funnelId: funnel.id };
}
