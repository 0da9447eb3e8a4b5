import {
  type CoverageSummary,
  type OfferSkipReason,
  type OrderCoverageFacts,
  type SurfaceCoverage,
  isHeldOut,
  orderCoverage,
  summarizeCoverage,
  toGid,
} from "@upstack/core";
import db from "../db.server";
import { readHoldout } from "./shop-settings.server";

/**
 * Coverage's data: for orders of a shop, the facts core's orderCoverage turns
 * into "shown" or "why not" per surface. Everything is read by purchase key
 * (the order's checkout token, what the offer pages record under) in a few
 * queries per batch of orders, never one per order.
 */

type OrderRow = {
  orderId: string;
  placedAt: Date;
  checkoutToken: string | null;
  paymentGateways: string | null;
  requiresShipping: boolean | null;
  deliveryMethod: string | null;
};

const ORDER_FIELDS = {
  orderId: true,
  placedAt: true,
  checkoutToken: true,
  paymentGateways: true,
  requiresShipping: true,
  deliveryMethod: true,
} as const;

/** Keys per IN list: well under SQLite's and PostgreSQL's parameter limits. */
const BATCH = 2000;

const SKIP_REASONS: readonly string[] = ["holdout", "no_funnel_matched", "sold_out"] satisfies OfferSkipReason[];
const asSkip = (reason: string | undefined): OfferSkipReason | null =>
  reason !== undefined && SKIP_REASONS.includes(reason) ? (reason as OfferSkipReason) : null;

function gatewaysOf(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === "string") : null;
  } catch {
    return null;
  }
}

type ShopContext = {
  store: OrderCoverageFacts["store"];
  holdout: { percent: number; since: Date | null };
};

async function shopContext(shop: string): Promise<ShopContext> {
  const [setup, holdout] = await Promise.all([
    db.shopSetup.findUnique({ where: { shop }, select: { shopifyPlus: true, cartEmbedEnabled: true } }),
    readHoldout(shop),
  ]);
  return { store: { shopifyPlus: setup?.shopifyPlus ?? null, cartEmbedEnabled: setup?.cartEmbedEnabled ?? null }, holdout };
}

/**
 * Held out at the share in force when the order was placed. Only the current
 * share and when it was set are known: an order placed before that counts as
 * not held out here (what the offer pages recorded at the time still says
 * "holdout" for them).
 */
function heldOut(order: OrderRow, holdout: ShopContext["holdout"]): boolean {
  if (!order.checkoutToken || holdout.percent === 0 || !holdout.since || order.placedAt < holdout.since) return false;
  return isHeldOut(order.checkoutToken, holdout.percent);
}

/** Each order's coverage facts, read in batches. */
async function factsFor(shop: string, orders: readonly OrderRow[], context: ShopContext): Promise<Map<string, OrderCoverageFacts>> {
  const facts = new Map<string, OrderCoverageFacts>();
  for (let start = 0; start < orders.length; start += BATCH) {
    const batch = orders.slice(start, start + BATCH);
    const keys = batch.flatMap((order) => (order.checkoutToken ? [order.checkoutToken] : []));
    const ids = batch.map((order) => order.orderId);
    const [decisions, skips, impressions, bumpLines] = await Promise.all([
      db.postPurchaseDecision.findMany({
        where: { shop, referenceId: { in: keys } },
        select: { referenceId: true, surface: true, thankYouStep: true },
      }),
      db.offerSkip.findMany({ where: { shop, purchaseKey: { in: keys } }, select: { purchaseKey: true, surface: true, reason: true } }),
      db.offerEvent.findMany({
        where: { shop, purchaseKey: { in: keys }, offer: "bump", type: "impression" },
        select: { purchaseKey: true },
        distinct: ["purchaseKey"],
      }),
      db.orderOfferLine.findMany({ where: { shop, orderId: { in: ids }, offer: "bump" }, select: { orderId: true }, distinct: ["orderId"] }),
    ]);
    const decisionOf = new Map(decisions.map((d) => [d.referenceId, d]));
    const skipOf = new Map(skips.map((s) => [`${s.purchaseKey}\u0000${s.surface}`, s.reason]));
    const seen = new Set(impressions.map((e) => e.purchaseKey));
    const bought = new Set(bumpLines.map((line) => line.orderId));
    for (const order of batch) {
      const key = order.checkoutToken;
      const decision = key ? decisionOf.get(key) : undefined;
      facts.set(order.orderId, {
        heldOut: heldOut(order, context.holdout),
        store: context.store,
        paymentGateways: gatewaysOf(order.paymentGateways),
        requiresShipping: order.requiresShipping,
        deliveryMethod: order.deliveryMethod,
        checkoutBumpSeen: key !== null && seen.has(key),
        bumpBought: bought.has(order.orderId),
        decision: decision
          ? { surface: decision.surface === "thank_you" ? "thank_you" : "post_purchase", thankYouShown: decision.thankYouStep !== null }
          : null,
        skipped: {
          postPurchase: key ? asSkip(skipOf.get(`${key}\u0000post_purchase`)) : null,
          thankYou: key ? asSkip(skipOf.get(`${key}\u0000thank_you`)) : null,
        },
      });
    }
  }
  return facts;
}

export type CoverageRange = { from: Date; to: Date };

/** Coverage per surface over the shop's orders placed in [from, to). */
export async function offerCoverage(shop: string, range: CoverageRange): Promise<CoverageSummary> {
  const [orders, context] = await Promise.all([
    db.order.findMany({ where: { shop, placedAt: { gte: range.from, lt: range.to } }, select: ORDER_FIELDS }),
    shopContext(shop),
  ]);
  const facts = await factsFor(shop, orders, context);
  return summarizeCoverage(orders.map((order) => orderCoverage(facts.get(order.orderId)!)));
}

/** The order's id in Upstack's admin addresses: Shopify's numeric id, or null for anything else. */
export function orderGidOfParam(param: string | undefined): string | null {
  return param && /^\d{1,20}$/.test(param) ? toGid("Order", param) : null;
}

export type RecentOrder = {
  orderId: string;
  legacyId: string;
  placedAt: Date;
  total: { amount: number; currency: string };
  /** The offers whose lines it bought, e.g. ["bump", "upsell"]. */
  bought: string[];
  /** Surfaces that showed it an offer. */
  shown: SurfaceCoverage["surface"][];
};

/** The shop's latest orders with what they got, newest first. */
export async function recentOrders(shop: string, take = 50): Promise<RecentOrder[]> {
  const [orders, context] = await Promise.all([
    db.order.findMany({
      where: { shop },
      orderBy: [{ placedAt: "desc" }, { orderId: "desc" }],
      take,
      select: { ...ORDER_FIELDS, totalShop: true, shopCurrency: true },
    }),
    shopContext(shop),
  ]);
  const facts = await factsFor(shop, orders, context);
  const lines = await db.orderOfferLine.findMany({
    where: { shop, orderId: { in: orders.map((order) => order.orderId) } },
    select: { orderId: true, offer: true },
  });
  return orders.map((order) => ({
    orderId: order.orderId,
    legacyId: order.orderId.split("/").pop() ?? order.orderId,
    placedAt: order.placedAt,
    total: { amount: order.totalShop, currency: order.shopCurrency },
    bought: [...new Set(lines.filter((line) => line.orderId === order.orderId).map((line) => line.offer))],
    shown: orderCoverage(facts.get(order.orderId)!)
      .filter((row) => row.outcome === "shown")
      .map((row) => row.surface),
  }));
}

/** One order: what it got and why not, per surface. Null when the shop has no such order (another shop's included). */
export async function orderOfferReport(shop: string, orderId: string) {
  const order = await db.order.findUnique({
    where: { shop_orderId: { shop, orderId } },
    select: { ...ORDER_FIELDS, totalShop: true, shopCurrency: true, totalPresentment: true, presentmentCurrency: true },
  });
  if (!order) return null;
  const context = await shopContext(shop);
  const facts = (await factsFor(shop, [order], context)).get(order.orderId)!;
  const key = order.checkoutToken;
  const [offerLines, events, refunds] = await Promise.all([
    db.orderOfferLine.findMany({
      where: { shop, orderId },
      select: { lineItemId: true, offer: true, funnelId: true, variantId: true, quantity: true, amountShop: true },
      orderBy: { lineItemId: "asc" },
    }),
    key
      ? db.offerEvent.findMany({
          where: { shop, purchaseKey: key },
          select: { offer: true, type: true, funnelId: true, occurredAt: true },
          orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
          take: 100,
        })
      : Promise.resolve([]),
    db.orderRefund.aggregate({ where: { shop, orderId }, _sum: { amountShop: true } }),
  ]);
  const funnelIds = [...new Set([...offerLines.map((line) => line.funnelId), ...events.map((event) => event.funnelId)])];
  const funnels = await db.funnel.findMany({ where: { shop, id: { in: funnelIds } }, select: { id: true, name: true } });
  return {
    order: {
      orderId: order.orderId,
      legacyId: order.orderId.split("/").pop() ?? order.orderId,
      placedAt: order.placedAt,
      total: { amount: order.totalShop, currency: order.shopCurrency },
      refunded: { amount: refunds._sum.amountShop ?? 0, currency: order.shopCurrency },
    },
    heldOut: facts.heldOut || Object.values(facts.skipped).includes("holdout"),
    coverage: orderCoverage(facts),
    offerLines,
    events,
    funnelNames: Object.fromEntries(funnels.map((funnel) => [funnel.id, funnel.name])) as Record<string, string>,
  };
}

