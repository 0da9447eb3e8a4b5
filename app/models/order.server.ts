import { type PostPurchaseSequence, type Trigger, dayOf, matchesTrigger, orderHoldoutBucket } from "@upstack/core";
import { collectionProductsForShop } from "./collection-products.server";
import { parseFunnelDefinition } from "./funnel-definition.server";
import { deleteShopScoreboard, markDays, markOrderChanged } from "./scoreboard-rollups.server";
import type { Transaction } from "./webhook-delivery.server";

/**
 * Orders as the scoreboard needs them, from either source (the order
 * webhooks, app/services/order-webhook.server; the backfill,
 * app/services/order-backfill.server), already in minor units. Nothing
 * personal: the buyer is their customer id only.
 */

/** A sum in the shop's currency and in the buyer's (presentment) currency, minor units. */
export type Amounts = { shop: number; presentment: number };

export type OrderLineSnapshot = {
  /** gid://shopify/LineItem/<id> */
  lineItemId: string;
  productId: string | null;
  variantId: string | null;
  quantity: number;
  /** What the buyer paid for the line after its discounts. */
  paid: Amounts;
  /** The `_upstack_offer` line attribute, which anyone can set: a hint, never proof. */
  offerAttribute: string | null;
  /** A discount allocation from Upstack's automatic bump discount: only the discount Function can put it there. */
  hasBumpDiscount: boolean;
  /** The discount codes allocated to the line (a thank-you offer's single-use code). */
  discountCodes: string[];
};

export type RefundLineSnapshot = { lineItemId: string; quantity: number; amountShop: number; amountPresentment: number };

export type RefundSnapshot = {
  /** gid://shopify/Refund/<id> */
  refundId: string;
  orderId: string;
  createdAt: Date;
  lines: RefundLineSnapshot[];
};

export type OrderSnapshot = {
  /** gid://shopify/Order/<id> */
  orderId: string;
  placedAt: Date;
  /** Shopify's updated_at: which of two versions of the order is newer. */
  updatedAt: Date;
  checkoutToken: string | null;
  /** gid://shopify/Customer/<id> */
  customerId: string | null;
  shopCurrency: string;
  presentmentCurrency: string;
  total: Amounts;
  lines: OrderLineSnapshot[];
  refunds: RefundSnapshot[];
};

export type OfferKind = "bump" | "upsell" | "downsell" | "followUp" | "thankYou";

export type OfferLine = {
  lineItemId: string;
  offer: OfferKind;
  funnelId: string;
  variantId: string;
  quantity: number;
  paid: Amounts;
};

/**
 * Stores the order when it is newer than the version held (a late, older
 * delivery changes nothing), with the lines Upstack's offers added, and
 * every refund it carries (each counted once, by refund id). Answers whether
 * the order itself was written.
 */
export async function saveOrder(tx: Transaction, shop: string, order: OrderSnapshot): Promise<boolean> {
  const fields = {
    placedAt: order.placedAt,
    shopifyUpdatedAt: order.updatedAt,
    checkoutToken: order.checkoutToken,
    customerId: order.customerId,
    shopCurrency: order.shopCurrency,
    totalShop: order.total.shop,
    presentmentCurrency: order.presentmentCurrency,
    totalPresentment: order.total.presentment,
    holdoutBucket: orderHoldoutBucket(order.checkoutToken),
  };
  for (const refund of order.refunds) await saveRefund(tx, shop, refund);
  // An upsert that changes nothing when the order is held: one INSERT ... ON CONFLICT on PostgreSQL, so
  // two first deliveries racing never collide, and the row stays locked until this transaction ends.
  const held = await tx.order.upsert({
    where: { shop_orderId: { shop, orderId: order.orderId } },
    create: { shop, orderId: order.orderId, ...fields },
    update: { shop },
    select: { shopifyUpdatedAt: true },
  });
  if (held.shopifyUpdatedAt > order.updatedAt) return false; // a newer version is stored already
  await markOrderChanged(tx, shop, order.orderId, order.placedAt);
  if (held.shopifyUpdatedAt < order.updatedAt) {
    await tx.order.update({ where: { shop_orderId: { shop, orderId: order.orderId } }, data: fields });
  }
  const offerLines = await attributeOfferLines(tx, shop, order);
  await tx.orderOfferLine.deleteMany({ where: { shop, orderId: order.orderId } });
  if (offerLines.length > 0) {
    await tx.orderOfferLine.createMany({
      data: offerLines.map((line) => ({
        shop,
        orderId: order.orderId,
        lineItemId: line.lineItemId,
        offer: line.offer,
        funnelId: line.funnelId,
        variantId: line.variantId,
        quantity: line.quantity,
        amountShop: line.paid.shop,
        amountPresentment: line.paid.presentment,
      })),
    });
  }
  return true;
}

/**
 * Records a refund once: a refund is never changed after it is made, so a
 * second copy (refunds/create, then inside orders/updated, maybe at the same
 * moment) changes nothing. An upsert, so racing copies never collide.
 */
export async function saveRefund(tx: Transaction, shop: string, refund: RefundSnapshot) {
  const data = {
    shop,
    refundId: refund.refundId,
    orderId: refund.orderId,
    createdAt: refund.createdAt,
    amountShop: refund.lines.reduce((total, line) => total + line.amountShop, 0),
    amountPresentment: refund.lines.reduce((total, line) => total + line.amountPresentment, 0),
    lines: JSON.stringify(refund.lines),
  };
  await tx.orderRefund.upsert({ where: { shop_refundId: { shop, refundId: refund.refundId } }, create: data, update: { shop }, select: { shop: true } });
  await markOrderChanged(tx, shop, refund.orderId, null);
}

/**
 * Which lines of the order Upstack's offers added, by proof a buyer cannot
 * forge:
 *
 * - a bump: the line carries Upstack's automatic discount (only the discount
 *   Function applies it), is the bump variant of the funnel its attribute
 *   names, and sits beside a line that triggers that funnel. The attribute
 *   alone proves nothing: a buyer can set it.
 * - a post-purchase offer: the purchase's decision (its referenceId is the
 *   order's checkout token) has the step signed by us and accepted, and the
 *   order has a line of that step's variant.
 * - a thank-you offer: the line's discount code is the single-use code made
 *   when the buyer accepted that purchase's thank-you offer, and the line is
 *   the offer's variant.
 */
export async function attributeOfferLines(tx: Transaction, shop: string, order: OrderSnapshot): Promise<OfferLine[]> {
  const found: OfferLine[] = [];
  const claimed = new Set<string>();
  const claim = (line: OrderLineSnapshot, offer: OfferKind, funnelId: string) => {
    claimed.add(line.lineItemId);
    found.push({ lineItemId: line.lineItemId, offer, funnelId, variantId: line.variantId!, quantity: line.quantity, paid: line.paid });
  };

  for (const line of order.lines) {
    if (!line.hasBumpDiscount || !line.offerAttribute || !line.variantId) continue;
    const funnel = await readFunnel(tx, shop, line.offerAttribute);
    if (!funnel?.bump || funnel.bump.product.variantId !== line.variantId) continue;
    const others = order.lines.filter((other) => other !== line && other.productId && other.variantId);
    if (await besideItsCore(tx, shop, funnel.trigger, others, order)) claim(line, "bump", funnel.id);
  }

  // Post-purchase: added to this order by an accepted changeset. Latest lines first: the edit appends them.
  const unclaimedLatestFirst = () => [...order.lines].reverse().filter((line) => !claimed.has(line.lineItemId) && line.variantId);
  if (order.checkoutToken) {
    const decision = await tx.postPurchaseDecision.findUnique({
      where: { shop_referenceId: { shop, referenceId: order.checkoutToken } },
      select: { funnelId: true, offerSet: { select: { offers: true } } },
    });
    if (decision) {
      const sequence = JSON.parse(decision.offerSet.offers) as PostPurchaseSequence;
      const accepted = await tx.postPurchaseStep.findMany({
        where: { shop, referenceId: order.checkoutToken, signedAt: { not: null }, acceptedAt: { not: null } },
        select: { step: true },
      });
      for (const { step } of accepted) {
        if (step !== "upsell" && step !== "downsell" && step !== "followUp") continue;
        const variantId = sequence[step]?.product.variantId;
        const line = unclaimedLatestFirst().find((candidate) => candidate.variantId === variantId);
        if (line) claim(line, step, decision.funnelId);
      }
    }
  }

  const codes = [...new Set(order.lines.flatMap((line) => line.discountCodes))];
  if (codes.length > 0) {
    const thankYou = await tx.postPurchaseDecision.findMany({
      where: { shop, thankYouCode: { in: codes }, thankYouAcceptedAt: { not: null } },
      select: { funnelId: true, thankYouStep: true, thankYouCode: true, offerSet: { select: { offers: true } } },
    });
    for (const decision of thankYou) {
      const step = decision.thankYouStep;
      if (step !== "upsell" && step !== "downsell") continue;
      const variantId = (JSON.parse(decision.offerSet.offers) as PostPurchaseSequence)[step]?.product.variantId;
      const line = unclaimedLatestFirst().find(
        (candidate) => candidate.variantId === variantId && candidate.discountCodes.includes(decision.thankYouCode!),
      );
      if (line) claim(line, "thankYou", decision.funnelId);
    }
  }
  return found;
}

async function readFunnel(tx: Transaction, shop: string, funnelId: string) {
  const row = await tx.funnel.findFirst({ where: { shop, id: funnelId }, select: { id: true, definition: true } });
  if (!row) return null;
  const parsed = parseFunnelDefinition(row.definition);
  return parsed.ok ? { id: row.id, ...parsed.definition } : null;
}

/**
 * Whether the other lines trigger the funnel. The subtotal bounds are left
 * out: the discount Function checked them on the cart, which the order's
 * later edits and refunds no longer show.
 */
async function besideItsCore(tx: Transaction, shop: string, trigger: Trigger, others: OrderLineSnapshot[], order: OrderSnapshot) {
  const collections = trigger.match.type === "collections" ? await collectionProductsForShop(shop, tx) : new Map<string, string[]>();
  const purchase = {
    lines: others.map((line) => ({ productId: line.productId!, variantId: line.variantId!, quantity: line.quantity })),
    subtotal: { amount: 0, currency: order.shopCurrency },
  };
  return matchesTrigger({ ...trigger, minSubtotal: null, maxSubtotal: null }, purchase, collections);
}

/** customers/data_request: the customer's orders as Upstack holds them. */
export async function customerOrders(tx: Transaction, shop: string, customerId: string) {
  const orders = await tx.order.findMany({ where: { shop, customerId }, orderBy: { placedAt: "asc" } });
  const ids = orders.map((order) => order.orderId);
  const offerLines = await tx.orderOfferLine.findMany({ where: { shop, orderId: { in: ids } } });
  const refunds = await tx.orderRefund.findMany({ where: { shop, orderId: { in: ids } } });
  return orders.map((order) => ({
    orderId: order.orderId,
    placedAt: order.placedAt.toISOString(),
    total: { [order.shopCurrency]: order.totalShop, [order.presentmentCurrency]: order.totalPresentment },
    offerLines: offerLines
      .filter((line) => line.orderId === order.orderId)
      .map(({ lineItemId, offer, funnelId, variantId, quantity, amountPresentment }) => ({ lineItemId, offer, funnelId, variantId, quantity, amountPresentment })),
    refunds: refunds
      .filter((refund) => refund.orderId === order.orderId)
      .map((refund) => ({ refundId: refund.refundId, createdAt: refund.createdAt.toISOString(), amountPresentment: refund.amountPresentment })),
  }));
}

/** customers/redact: the customer's orders, their offer lines and refunds go. */
export async function deleteCustomerOrders(tx: Transaction, shop: string, customerId: string) {
  const orders = await tx.order.findMany({ where: { shop, customerId }, select: { orderId: true, placedAt: true } });
  const ids = orders.map((order) => order.orderId);
  if (ids.length === 0) return;
  await markDays(tx, shop, orders.map((order) => dayOf(order.placedAt)));
  await tx.orderOfferLine.deleteMany({ where: { shop, orderId: { in: ids } } });
  await tx.orderRefund.deleteMany({ where: { shop, orderId: { in: ids } } });
  await tx.order.deleteMany({ where: { shop, orderId: { in: ids } } });
}

/** shop/redact */
export async function deleteShopOrders(tx: Transaction, shop: string) {
  await tx.orderOfferLine.deleteMany({ where: { shop } });
  await tx.orderRefund.deleteMany({ where: { shop } });
  await tx.order.deleteMany({ where: { shop } });
  await tx.orderBackfill.deleteMany({ where: { shop } });
  await deleteShopScoreboard(tx, shop);
}
