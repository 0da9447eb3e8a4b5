import { describe, expect, it } from "vitest";
import { type OrderCoverageFacts, orderCoverage, postPurchaseSkippedBy, summarizeCoverage } from "./offer-coverage";

// A Plus store, a card order shipped to an address, nothing recorded: the baseline each case changes.
const facts = (changes: Partial<OrderCoverageFacts> = {}): OrderCoverageFacts => ({
  heldOut: false,
  store: { shopifyPlus: true, cartEmbedEnabled: true },
  paymentGateways: ["shopify_payments"],
  requiresShipping: true,
  deliveryMethod: "shipping",
  checkoutBumpSeen: false,
  bumpBought: false,
  decision: null,
  skipped: { postPurchase: null, thankYou: null },
  ...changes,
});

const reasons = (input: OrderCoverageFacts) =>
  Object.fromEntries(orderCoverage(input).map((row) => [row.surface, row.outcome === "shown" ? "shown" : row.reason]));

describe("postPurchaseSkippedBy", () => {
  it("names the payment methods Shopify gives no post-purchase page", () => {
    expect(postPurchaseSkippedBy(facts({ paymentGateways: ["shopify_installments"] }))).toBe("wallet_or_pay_later");
    expect(postPurchaseSkippedBy(facts({ paymentGateways: ["Klarna Pay Later"] }))).toBe("wallet_or_pay_later");
    expect(postPurchaseSkippedBy(facts({ paymentGateways: ["gift_card", "shopify_payments"] }))).toBe("not_card_payment");
    expect(postPurchaseSkippedBy(facts({ paymentGateways: ["Cash on Delivery (COD)"] }))).toBe("not_card_payment");
    expect(postPurchaseSkippedBy(facts({ paymentGateways: ["braintree"] }))).toBe("card_processor");
  });

  it("names pickup, local delivery and a missing shipping address", () => {
    expect(postPurchaseSkippedBy(facts({ deliveryMethod: "pick_up", requiresShipping: false }))).toBe("local_pickup");
    expect(postPurchaseSkippedBy(facts({ deliveryMethod: "local pickup" }))).toBe("local_pickup");
    expect(postPurchaseSkippedBy(facts({ deliveryMethod: "local" }))).toBe("local_delivery");
    expect(postPurchaseSkippedBy(facts({ deliveryMethod: null, requiresShipping: false }))).toBe("no_shipping_address");
  });

  it("gives no reason for a card order shipped to an address, or when nothing is known", () => {
    expect(postPurchaseSkippedBy(facts())).toBeNull();
    expect(postPurchaseSkippedBy(facts({ paymentGateways: null, requiresShipping: null, deliveryMethod: null }))).toBeNull();
    // PayPal Express is not on Shopify's list; only the CVV-keeping "Payments Pro" is.
    expect(postPurchaseSkippedBy(facts({ paymentGateways: ["paypal"] }))).toBeNull();
  });
});

describe("orderCoverage", () => {
  it("a held-out purchase on a Plus store: holdout on every surface that could have shown something", () => {
    expect(reasons(facts({ heldOut: true }))).toEqual({
      checkoutBump: "holdout",
      cartBump: "not_reported",
      postPurchase: "holdout",
      thankYou: "holdout",
    });
  });

  it("a store not on Plus could not show the checkout bump, whatever else holds", () => {
    const rows = orderCoverage(facts({ store: { shopifyPlus: false, cartEmbedEnabled: false }, heldOut: true }));
    expect(rows[0]).toEqual({ surface: "checkoutBump", outcome: "none", reason: "not_plus", couldSee: false });
    expect(rows[1]).toEqual({ surface: "cartBump", outcome: "none", reason: "cart_embed_off", couldSee: false });
  });

  it("a wallet order: Shopify skipped the post-purchase page, the thank-you page took the offer", () => {
    const input = facts({ paymentGateways: ["apple_pay"], decision: { surface: "thank_you", thankYouShown: true } });
    expect(reasons(input)).toMatchObject({ postPurchase: "wallet_or_pay_later", thankYou: "shown" });
    expect(orderCoverage(input)[2]?.couldSee).toBe(false);
  });

  it("an offer on the post-purchase page means none on the thank-you page, by design", () => {
    expect(reasons(facts({ decision: { surface: "post_purchase", thankYouShown: false } }))).toMatchObject({
      postPurchase: "shown",
      thankYou: "post_purchase_offered",
    });
  });

  it("what the server recorded wins over what is computed now (the share may have changed since)", () => {
    const input = facts({ heldOut: false, skipped: { postPurchase: "holdout", thankYou: "sold_out" } });
    expect(reasons(input)).toMatchObject({ postPurchase: "holdout", thankYou: "sold_out" });
    expect(reasons(facts({ skipped: { postPurchase: "no_funnel_matched", thankYou: null } }))).toMatchObject({
      postPurchase: "no_funnel_matched",
      thankYou: "not_asked",
    });
  });

  it("a bump line without a checkout impression was bought from the cart", () => {
    expect(reasons(facts({ bumpBought: true }))).toMatchObject({ checkoutBump: "no_bump_shown", cartBump: "shown" });
    expect(reasons(facts({ bumpBought: true, checkoutBumpSeen: true }))).toMatchObject({ checkoutBump: "shown", cartBump: "not_reported" });
  });

  it("a shown offer is shown even for a purchase that is held out now", () => {
    expect(reasons(facts({ heldOut: true, checkoutBumpSeen: true }))).toMatchObject({ checkoutBump: "shown" });
  });

  it("unknown plan and nothing recorded: says so rather than guess", () => {
    expect(reasons(facts({ store: { shopifyPlus: null, cartEmbedEnabled: null } }))).toEqual({
      checkoutBump: "plan_unknown",
      cartBump: "not_reported",
      postPurchase: "page_not_shown",
      thankYou: "not_asked",
    });
  });
});

describe("summarizeCoverage", () => {
  it("counts shown, could-see and reasons per surface over hand-made orders", () => {
    const summary = summarizeCoverage([
      orderCoverage(facts({ decision: { surface: "post_purchase", thankYouShown: false }, checkoutBumpSeen: true })),
      orderCoverage(facts({ heldOut: true })),
      orderCoverage(facts({ paymentGateways: ["shop_pay_installments", "shopify_installments"] })),
      orderCoverage(facts({ requiresShipping: false, deliveryMethod: null, skipped: { postPurchase: null, thankYou: "no_funnel_matched" } })),
    ]);
    expect(summary.orders).toBe(4);
    const post = summary.surfaces.find((s) => s.surface === "postPurchase");
    expect(post).toEqual({
      surface: "postPurchase",
      orders: 4,
      shown: 1,
      couldSee: 2, // the shown one and the held-out one; the pay-later and the digital order could not
      couldSeeShare: 0.5,
      reasons: [
        { reason: "holdout", orders: 1 },
        { reason: "no_shipping_address", orders: 1 },
        { reason: "wallet_or_pay_later", orders: 1 },
      ],
    });
    const thankYou = summary.surfaces.find((s) => s.surface === "thankYou");
    expect(thankYou?.reasons).toEqual([
      { reason: "holdout", orders: 1 },
      { reason: "no_funnel_matched", orders: 1 },
      { reason: "not_asked", orders: 1 },
      { reason: "post_purchase_offered", orders: 1 },
    ]);
    const bump = summary.surfaces.find((s) => s.surface === "checkoutBump");
    expect(bump).toMatchObject({ shown: 1, couldSee: 4, couldSeeShare: 1 });
  });

  it("no orders: a null share, never NaN", () => {
    expect(summarizeCoverage([]).surfaces[0]).toMatchObject({ orders: 0, couldSeeShare: null, reasons: [] });
  });
});
