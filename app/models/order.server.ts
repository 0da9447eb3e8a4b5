import {
  type ArmAssignment,
  type PostPurchaseSequence,
  type Trigger,
  dayOf,
  funnelForPurchase,
  matchesTrigger,
  orderHoldoutBucket,
  parseOfferAttribute,
  slotOffers,
} from "@upstack/core";
import { collectionProductsForShop } from "./collection-products.server";
import { experimentsRunningAt } from "./experiment.server";
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
  /** What tells whether Shopify could show the post-purchase page (coverage); never a name or an address. */
  facts?: OrderFacts;
};

export type OrderFacts = {
  /** Shopify's payment gateway names, e.g. "shopify_payments", "gift_card". */
  paymentGateways: string[];
  /** Any line needs shipping (false: digital only); null when the source does not say. */
  requiresShipping: boolean | null;
  /** The shipping line's delivery category or else its code, lower case; null without a shipping line. */
  deliveryMethod: string | null;
};

export type OfferKind = "bump" | "upsell" | "downsell" | "followUp" | "thankYou";

export type OfferLine = {
  lineItemId: string;
  offer: OfferKind;
  funnelId: string;
  variantId: string;
  quantity: number;
  paid: Amounts;
  /** The experiment arm the purchase saw on this offer, when one ran. */
  assignment?: ArmAssignment;
};

/**
 * Stores the order when it is newer than the version held (a late, older
 * delivery changes nothing), with the lines Upstack's offers added, and
 * every refund it carries (each counted once, by refund id). Answers whether
 * the order itself was written.
 */
export async function saveOrder(tx: Transaction, shop: string, order: OrderSnapshot): Promise<boolean> {
  // First of all, as every answer of the purchase does (post-purchase.server's `answering`): the accept and
  // the order then join whichever commits last, and both take the locks in the same order (no deadlock).
  if (order.checkoutToken) await lockPurchase(tx, shop, order.checkoutToken);
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
    lines: JSON.stringify(order.lines.map(storedLine)),
    ...(order.facts
      ? {
          paymentGateways: JSON.stringify(order.facts.paymentGateways.slice(0, 10).map((name) => name.slice(0, 100))),
          requiresShipping: order.facts.requiresShipping,
          deliveryMethod: order.facts.deliveryMethod?.toLowerCase().slice(0, 100) ?? null,
        }
      : {}),
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
  await replaceOfferLines(tx, shop, order);
  return true;
}

/**
 * Locks the purchase's post-purchase decision row (PostgreSQL; SQLite takes
 * its write lock), the lock its answers take: the order's attribution and an
 * accept of the purchase run one after the other, and the second sees the
 * first's rows. No decision, nothing to lock: nothing to accept either.
 */
async function lockPurchase(tx: Transaction, shop: string, checkoutToken: string) {
  await tx.postPurchaseDecision.updateMany({ where: { shop, referenceId: checkoutToken }, data: { revision: { increment: 1 } } });
}

/** Just what attribution reads of a line, in a fixed shape (nothing personal). */
const storedLine = (line: OrderLineSnapshot): OrderLineSnapshot => ({
  lineItemId: line.lineItemId,
  productId: line.productId,
  variantId: line.variantId,
  quantity: line.quantity,
  paid: { shop: line.paid.shop, presentment: line.paid.presentment },
  offerAttribute: line.offerAttribute,
  hasBumpDiscount: line.hasBumpDiscount,
  discountCodes: line.discountCodes,
});

/**
 * A post-purchase accept was just recorded (in `tx`, under the purchase's
 * lock): the purchase's stored orders are attributed again from their
 * stored lines, since Shopify's orders/updated with the accepted line may
 * have come before the accept. Orders stored before their lines were kept
 * stay as they are.
 */
export async function reattributePurchase(tx: Transaction, shop: string, checkoutToken: string) {
  const orders = await tx.order.findMany({ where: { shop, checkoutToken, lines: { not: null } } });
  for (const row of orders) {
    const order: OrderSnapshot = {
      orderId: row.orderId,
      placedAt: row.placedAt,
      updatedAt: row.shopifyUpdatedAt,
      checkoutToken: row.checkoutToken,
      customerId: row.customerId,
      shopCurrency: row.shopCurrency,
      presentmentCurrency: row.presentmentCurrency,
      total: { shop: row.totalShop, presentment: row.totalPresentment },
      lines: JSON.parse(row.lines!) as OrderLineSnapshot[],
      refunds: [],
    };
    await markOrderChanged(tx, shop, order.orderId, order.placedAt);
    await replaceOfferLines(tx, shop, order);
  }
}

/** The order's offer lines, attributed anew, replace those stored. */
async function replaceOfferLines(tx: Transaction, shop: string, order: OrderSnapshot) {
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
        experimentId: line.assignment?.experimentId ?? null,
        arm: line.assignment?.arm ?? null,
      })),
    });
  }
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
 *
 * With an experiment on the offer, the line records the arm the purchase was
 * assigned (from the checkout token, as every surface assigns it), never one
 * the attribute claims. A bump line may be any arm's variant (the cart bump
 * adds the control's): it counts for the purchase's assigned arm, as an
 * intention-to-treat analysis counts it.
 * - a thank-you offer: the line's discount code is the single-use code made
 *   when the buyer accepted that purchase's thank-you offer, and the line is
 *   the offer's variant.
 */
export async function attributeOfferLines(tx: Transaction, shop: string, order: OrderSnapshot): Promise<OfferLine[]> {
  const found: OfferLine[] = [];
  const claimed = new Set<string>();
  const claim = (line: OrderLineSnapshot, offer: OfferKind, funnelId: string, assignment?: ArmAssignment | null) => {
    claimed.add(line.lineItemId);
    found.push({
      lineItemId: line.lineItemId,
      offer,
      funnelId,
      variantId: line.variantId!,
      quantity: line.quantity,
      paid: line.paid,
      ...(assignment ? { assignment } : {}),
    });
  };

  for (const line of order.lines) {
    if (!line.hasBumpDiscount || !line.offerAttribute || !line.variantId) continue;
    const funnel = await readFunnel(tx, shop, parseOfferAttribute(line.offerAttribute).funnelId);
    if (!funnel) continue;
    const experiments = await experimentsRunningAt(tx, shop, funnel.id, order.placedAt);
    const tested = { ...funnel, experiments: experiments.filter((experiment) => experiment.slot === "bump") };
    if (!slotOffers(tested, "bump").some(({ offer }) => offer.product.variantId === line.variantId)) continue;
    const others = order.lines.filter((other) => other !== line && other.productId && other.variantId);
    if (!(await besideItsCore(tx, shop, funnel.trigger, others, order))) continue;
    const assignment = order.checkoutToken ? funnelForPurchase(tested, order.checkoutToken).assignments.bump : undefined;
    claim(line, "bump", funnel.id, assignment);
  }

  // Post-purchase: added to this order by an accepted changeset. Latest lines first: the edit appends them.
  const unclaimedLatestFirst = () => [...order.lines].reverse().filter((line) => !claimed.has(line.lineItemId) && line.variantId);
  if (order.checkoutToken) {
    const decision = await tx.postPurchaseDecision.findUnique({
      where: { shop_referenceId: { shop, referenceId: order.checkoutToken } },
      select: { funnelId: true, arms: true, offerSet: { select: { offers: true } } },
    });
    if (decision) {
      const arms = decision.arms ? (JSON.parse(decision.arms) as Partial<Record<string, ArmAssignment>>) : {};
      const sequence = JSON.parse(decision.offerSet.offers) as PostPurchaseSequence;
      const accepted = await tx.postPurchaseStep.findMany({
        where: { shop, referenceId: order.checkoutToken, signedAt: { not: null }, acceptedAt: { not: null } },
        select: { step: true },
      });
      for (const { step } of accepted) {
        if (step !== "upsell" && step !== "downsell" && step !== "followUp") continue;
        const variantId = sequence[step]?.product.variantId;
        const line = unclaimedLatestFirst().find((candidate) => candidate.variantId === variantId);
        if (line) claim(line, step, decision.funnelId, arms[step]);
      }
    }
  }

  const codes = [...new Set(order.lines.flatMap((line) => line.discountCodes))];
  if (codes.length > 0) {
    const thankYou = await tx.postPurchaseDecision.findMany({
      where: { shop, thankYouCode: { in: codes }, thankYouAcceptedAt: { not: null } },
      select: { funnelId: true, thankYouStep: true, thankYouCode: true, arms: true, offerSet: { select: { offers: true } } },
    });
    for (const decision of thankYou) {
      const step = decision.thankYouStep;
      if (step !== "upsell" && step !== "downsell") continue;
      const variantId = (JSON.parse(decision.offerSet.offers) as PostPurchaseSequence)[step]?.product.variantId;
      const line = unclaimedLatestFirst().find(
        (candidate) => candidate.variantId === variantId && candidate.discountCodes.includes(decision.thankYouCode!),
      );
      const arms = decision.arms ? (JSON.parse(decision.arms) as Partial<Record<string, ArmAssignment>>) : {};
      if (line) claim(line, "thankYou", decision.funnelId, arms[step]);
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
