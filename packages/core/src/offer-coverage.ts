/**
 * Coverage: for one order and each surface, whether the buyer saw an offer
 * there and, when not, why not, in the merchant's words. Pure: the app loads
 * the facts (the order, the store's plan, Upstack's own records of what it
 * decided and showed for the purchase) and this turns them into a reason.
 *
 * Surfaces:
 * - checkoutBump: the card in checkout, open to apps only on Shopify Plus;
 * - cartBump: the card in the cart (every plan); it reports no views, so it
 *   is "shown" only when the order carries its bump line, "unknown" otherwise;
 * - postPurchase: the one-click page after payment, which Shopify skips for
 *   some orders (wallets, pay-later, gift cards, no shipping address, pickup,
 *   local delivery: see postPurchaseSkippedBy);
 * - thankYou: the thank-you page's offer, for an order that got nothing on
 *   the post-purchase page (one offer after payment, never two).
 *
 * Which reason wins when several apply: what Upstack recorded at the time
 * (a decision, a refusal to offer) first, then what closed the surface to
 * the order (plan, Shopify's skip rules), then the holdout, then "not shown"
 * with what can be said about it. A shown offer is shown, whatever else holds.
 */

export const COVERAGE_SURFACES = ["checkoutBump", "cartBump", "postPurchase", "thankYou"] as const;
export type CoverageSurface = (typeof COVERAGE_SURFACES)[number];

/** Each surface in the merchant's words. */
export const SURFACE_NAMES: Record<CoverageSurface, string> = {
  checkoutBump: "Bump in checkout",
  cartBump: "Bump in the cart",
  postPurchase: "One-click offer after payment",
  thankYou: "Offer on the thank-you page",
};

/** Why a surface offered nothing, as Upstack recorded it when it was asked (OfferSkip). */
export type OfferSkipReason = "holdout" | "no_funnel_matched" | "sold_out";

export const NO_OFFER_REASONS = {
  // Closed to the order by Shopify or the store: it could not have seen the surface.
  not_plus: { closed: true, words: "The store is not on Shopify Plus: apps cannot show offers inside checkout." },
  plan_unknown: { closed: true, words: "Upstack has not read the store's plan yet, so it cannot tell whether checkout offers can show." },
  cart_embed_off: { closed: true, words: "The cart offer is switched off in the theme (App embeds)." },
  wallet_or_pay_later: { closed: true, words: "Paid with a wallet or pay-later method: Shopify shows no post-purchase page for it." },
  not_card_payment: { closed: true, words: "Paid by gift card or a manual method: Shopify shows no post-purchase page for it." },
  card_processor: { closed: true, words: "Paid through a card processor that Shopify shows no post-purchase page for." },
  no_shipping_address: { closed: true, words: "Nothing to ship, so no shipping address (digital goods): Shopify shows no post-purchase page." },
  local_pickup: { closed: true, words: "Local pickup: Shopify shows no post-purchase page." },
  local_delivery: { closed: true, words: "Local delivery: Shopify shows no post-purchase page." },
  // Open to the order, and nothing was offered.
  holdout: { closed: false, words: "In the holdout: kept from the checkout bump and the offers after payment, to measure what they add." },
  no_funnel_matched: { closed: false, words: "No active funnel matched what was bought." },
  sold_out: { closed: false, words: "A funnel matched, but its offer was sold out." },
  post_purchase_offered: { closed: false, words: "The offer after payment was made on the post-purchase page instead (one offer after payment)." },
  no_bump_shown: { closed: false, words: "No bump showed in checkout: no funnel's bump matched the cart, or it was sold out." },
  page_not_shown: {
    closed: false,
    words: "Upstack was never asked: Shopify did not open the post-purchase page (for example for the payment method), or the buyer left.",
  },
  not_asked: { closed: false, words: "Upstack was never asked: the thank-you block is not on the page, or the buyer left before it loaded." },
  not_reported: { closed: false, words: "The cart offer does not report views: Upstack only knows when its line was bought." },
} as const satisfies Record<string, { closed: boolean; words: string }>;

export type NoOfferReason = keyof typeof NO_OFFER_REASONS;

export type OrderCoverageFacts = {
  /** core's isHeldOut over the order's checkout token at the share then in force. */
  heldOut: boolean;
  store: { shopifyPlus: boolean | null; cartEmbedEnabled: boolean | null };
  /** Shopify's payment gateway names of the order (e.g. "shopify_payments", "gift_card"); null when unknown (older rows). */
  paymentGateways: readonly string[] | null;
  /** Whether any line needs shipping: false is a digital-only order, which has no shipping address; null when unknown. */
  requiresShipping: boolean | null;
  /** The shipping line's delivery category or code, lower case; null when none or unknown. */
  deliveryMethod: string | null;
  /** The checkout card reported an impression for this checkout. */
  checkoutBumpSeen: boolean;
  /** The order carries a bump line proven by the bump discount (checkout or cart). */
  bumpBought: boolean;
  /** The purchase's post-purchase decision, if one was made, and on which page. */
  decision: { surface: "post_purchase" | "thank_you"; thankYouShown: boolean } | null;
  /** What the post-purchase and thank-you servers recorded when they offered nothing. */
  skipped: { postPurchase: OfferSkipReason | null; thankYou: OfferSkipReason | null };
};

export type SurfaceCoverage = {
  surface: CoverageSurface;
  /** shown: an offer was shown; none: nothing was, for `reason`; unknown: the surface cannot tell. */
  outcome: "shown" | "none" | "unknown";
  reason: NoOfferReason | null;
  /** The surface was open to the order (shown, or not shown for a reason other than a closed surface). */
  couldSee: boolean;
};

const result = (surface: CoverageSurface, outcome: SurfaceCoverage["outcome"], reason: NoOfferReason | null): SurfaceCoverage => ({
  surface,
  outcome,
  reason,
  couldSee: reason === null || !NO_OFFER_REASONS[reason].closed,
});

// Gateway names as Shopify reports them on orders, lower case. Wallets paid
// through Shopify Payments (Apple Pay, Google Pay, Shop Pay) report
// "shopify_payments": those are not recognisable here and end as page_not_shown.
const WALLET_OR_PAY_LATER = ["apple_pay", "google_pay", "amazon_pay", "amazon_payments", "klarna", "affirm", "afterpay", "shopify_installments", "sezzle", "zip"];
const NOT_CARD = ["gift_card", "manual", "cash_on_delivery", "cash on delivery (cod)", "bank deposit", "money order"];
const CVV_PROCESSORS = ["braintree", "payflow", "paypal_pro", "paypal payments pro", "eway"];

const gatewayMatches = (gateways: readonly string[], names: readonly string[]) =>
  gateways.some((gateway) => names.some((name) => gateway.toLowerCase().replace(/\s+/g, " ").trim().startsWith(name)));

/**
 * Why Shopify shows no post-purchase page for an order with these facts, or
 * null when nothing known says so (platform notes, "Post-purchase"). Unknown
 * facts (null) are no reason.
 */
export function postPurchaseSkippedBy(facts: Pick<OrderCoverageFacts, "paymentGateways" | "requiresShipping" | "deliveryMethod">): NoOfferReason | null {
  const gateways = facts.paymentGateways ?? [];
  if (gatewayMatches(gateways, WALLET_OR_PAY_LATER)) return "wallet_or_pay_later";
  if (gatewayMatches(gateways, NOT_CARD)) return "not_card_payment";
  if (gatewayMatches(gateways, CVV_PROCESSORS)) return "card_processor";
  const delivery = facts.deliveryMethod ?? "";
  if (/pick[\s_-]?up/.test(delivery)) return "local_pickup";
  if (/^local/.test(delivery)) return "local_delivery";
  if (facts.requiresShipping === false) return "no_shipping_address";
  return null;
}

function checkoutBump(facts: OrderCoverageFacts): SurfaceCoverage {
  if (facts.checkoutBumpSeen) return result("checkoutBump", "shown", null);
  if (facts.store.shopifyPlus === false) return result("checkoutBump", "none", "not_plus");
  if (facts.store.shopifyPlus === null) return result("checkoutBump", "none", "plan_unknown");
  if (facts.heldOut) return result("checkoutBump", "none", "holdout");
  return result("checkoutBump", "none", "no_bump_shown");
}

function cartBump(facts: OrderCoverageFacts): SurfaceCoverage {
  // A bump line without a checkout impression was put there in the cart.
  if (facts.bumpBought && !facts.checkoutBumpSeen) return result("cartBump", "shown", null);
  if (facts.store.cartEmbedEnabled === false) return result("cartBump", "none", "cart_embed_off");
  return result("cartBump", "unknown", "not_reported");
}

function postPurchase(facts: OrderCoverageFacts): SurfaceCoverage {
  if (facts.decision?.surface === "post_purchase") return result("postPurchase", "shown", null);
  if (facts.skipped.postPurchase) return result("postPurchase", "none", facts.skipped.postPurchase);
  const skipped = postPurchaseSkippedBy(facts);
  if (skipped) return result("postPurchase", "none", skipped);
  if (facts.heldOut) return result("postPurchase", "none", "holdout");
  return result("postPurchase", "none", "page_not_shown");
}

function thankYou(facts: OrderCoverageFacts): SurfaceCoverage {
  if (facts.decision?.surface === "thank_you" && facts.decision.thankYouShown) return result("thankYou", "shown", null);
  if (facts.decision?.surface === "post_purchase") return result("thankYou", "none", "post_purchase_offered");
  if (facts.skipped.thankYou) return result("thankYou", "none", facts.skipped.thankYou);
  if (facts.heldOut) return result("thankYou", "none", "holdout");
  return result("thankYou", "none", "not_asked");
}

/** Each surface's outcome for one order, in COVERAGE_SURFACES order. */
export function orderCoverage(facts: OrderCoverageFacts): SurfaceCoverage[] {
  return [checkoutBump(facts), cartBump(facts), postPurchase(facts), thankYou(facts)];
}

export type SurfaceSummary = {
  surface: CoverageSurface;
  orders: number;
  shown: number;
  /** Orders the surface was open to (shown, or not shown for a reason other than a closed surface). */
  couldSee: number;
  /** couldSee / orders; null without orders. */
  couldSeeShare: number | null;
  /** Orders with no offer there, by reason, most frequent first (ties by reason name). */
  reasons: { reason: NoOfferReason; orders: number }[];
};

export type CoverageSummary = { orders: number; surfaces: SurfaceSummary[] };

/** Per surface, over many orders (each given as its orderCoverage). */
export function summarizeCoverage(orders: readonly (readonly SurfaceCoverage[])[]): CoverageSummary {
  const surfaces = COVERAGE_SURFACES.map((surface): SurfaceSummary => {
    let shown = 0;
    let couldSee = 0;
    const reasons = new Map<NoOfferReason, number>();
    for (const order of orders) {
      const row = order.find((entry) => entry.surface === surface);
      if (!row) continue;
      if (row.outcome === "shown") shown++;
      if (row.couldSee) couldSee++;
      if (row.reason) reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + 1);
    }
    return {
      surface,
      orders: orders.length,
      shown,
      couldSee,
      couldSeeShare: orders.length === 0 ? null : couldSee / orders.length,
      reasons: [...reasons].map(([reason, count]) => ({ reason, orders: count })).sort((a, b) => b.orders - a.orders || a.reason.localeCompare(b.reason)),
    };
  });
  return { orders: orders.length, surfaces };
}
