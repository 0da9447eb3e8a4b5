import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { BUMP_OFFER_ATTRIBUTE, isBumpDiscountTitle, parseMoney } from "@upstack/core";
import db from "../db.server";
import { type Amounts, type OrderLineSnapshot, type OrderSnapshot, saveOrder } from "../models/order.server";
import { finishBackfill, saveBackfillPage, startingPoint } from "../models/order-backfill.server";
import { deliveryMethodOf } from "./order-webhook.server";


/**
 * The order backfill: reads the last 60 days of the shop's orders (all that
 * read_orders allows) page by page through the Admin API, within Shopify's
 * cost budget, and stores each page with the cursor of the next in one
 * transaction, so a crashed run resumes at the page it had not finished.
 */

const PAGE_SIZE = 25;

const ORDERS_PAGE_QUERY = `#graphql
  query BackfillOrders($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        createdAt
        updatedAt
        checkoutToken
        customer { id }
        paymentGatewayNames
        requiresShipping
        shippingLine { code deliveryCategory }
        totalPriceSet { ...Amounts }
        lineItems(first: 50) {
          nodes {
            id
            quantity
            product { id }
            variant { id }
            customAttributes { key value }
            originalTotalSet { ...Amounts }
            discountAllocations {
              allocatedAmountSet { ...Amounts }
              discountApplication {
                __typename
                ... on AutomaticDiscountApplication { title }
                ... on DiscountCodeApplication { code }
              }
            }
          }
        }
        refunds(first: 20) {
          id
          createdAt
          refundLineItems(first: 50) {
            nodes { quantity lineItem { id } subtotalSet { ...Amounts } }
          }
        }
      }
    }
  }
  fragment Amounts on MoneyBag {
    shopMoney { amount currencyCode }
    presentmentMoney { amount currencyCode }
  }
`;

type MoneyBag = { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string; currencyCode: string } };
type DiscountApplication = { __typename: string; title?: string; code?: string };
type OrderNode = {
  id: string;
  createdAt: string;
  updatedAt: string;
  checkoutToken: string | null;
  customer: { id: string } | null;
  paymentGatewayNames: string[];
  requiresShipping: boolean;
  shippingLine: { code: string | null; deliveryCategory: string | null } | null;
  totalPriceSet: MoneyBag;
  lineItems: {
    nodes: {
      id: string;
      quantity: number;
      product: { id: string } | null;
      variant: { id: string } | null;
      customAttributes: { key: string; value: string | null }[];
      originalTotalSet: MoneyBag;
      discountAllocations: { allocatedAmountSet: MoneyBag; discountApplication: DiscountApplication }[];
    }[];
  };
  refunds: {
    id: string;
    createdAt: string;
    refundLineItems: { nodes: { quantity: number; lineItem: { id: string }; subtotalSet: MoneyBag }[] };
  }[];
};

/** Shopify's report of the query's cost and the budget left (the response's `extensions.cost`). */
export type QueryCost = {
  requestedQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
};

type PageAnswer = {
  data?: { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] } };
  errors?: { message: string }[];
  extensions?: { cost?: QueryCost };
};

/** How long to wait before asking for another page costing as much, so the shop's budget is never overdrawn. */
export function waitBeforeNextPageMs(cost: QueryCost | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const missing = cost.requestedQueryCost - currentlyAvailable;
  if (missing <= 0) return 0;
  return Math.ceil((missing / Math.max(restoreRate, 1)) * 1000);
}

const amounts = (bag: MoneyBag): Amounts => ({
  shop: parseMoney(bag.shopMoney.amount, bag.shopMoney.currencyCode).amount,
  presentment: parseMoney(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode).amount,
});

/** An Admin API order as the same snapshot the order webhooks give. */
export function orderFromAdmin(node: OrderNode): OrderSnapshot {
  const lines = node.lineItems.nodes.map((line): OrderLineSnapshot => {
    const total = amounts(line.originalTotalSet);
    const discounts = line.discountAllocations.map((allocation) => ({
      amount: amounts(allocation.allocatedAmountSet),
      application: allocation.discountApplication,
    }));
    return {
      lineItemId: line.id,
      productId: line.product?.id ?? null,
      variantId: line.variant?.id ?? null,
      quantity: line.quantity,
      paid: {
        shop: total.shop - discounts.reduce((sum, d) => sum + d.amount.shop, 0),
        presentment: total.presentment - discounts.reduce((sum, d) => sum + d.amount.presentment, 0),
      },
      offerAttribute: line.customAttributes.find((attribute) => attribute.key === BUMP_OFFER_ATTRIBUTE)?.value ?? null,
      hasBumpDiscount: discounts.some(
        (d) => d.application.__typename === "AutomaticDiscountApplication" && isBumpDiscountTitle(d.application.title),
      ),
      discountCodes: discounts.flatMap((d) =>
        d.application.__typename === "DiscountCodeApplication" && d.application.code ? [d.application.code] : [],
      ),
    };
  });
  return {
    orderId: node.id,
    placedAt: new Date(node.createdAt),
    updatedAt: new Date(node.updatedAt),
    checkoutToken: node.checkoutToken,
    customerId: node.customer?.id ?? null,
    shopCurrency: node.totalPriceSet.shopMoney.currencyCode,
    presentmentCurrency: node.totalPriceSet.presentmentMoney.currencyCode,
    total: amounts(node.totalPriceSet),
    lines,
    facts: {
      paymentGateways: node.paymentGatewayNames,
      requiresShipping: node.requiresShipping,
      deliveryMethod: deliveryMethodOf(node.shippingLine ? { code: node.shippingLine.code, delivery_category: node.shippingLine.deliveryCategory } : undefined),
    },
    refunds: node.refunds.map((refund) => ({
      refundId: refund.id,
      orderId: node.id,
      createdAt: new Date(refund.createdAt),
      lines: refund.refundLineItems.nodes.map((line) => {
        const subtotal = amounts(line.subtotalSet);
        return { lineItemId: line.lineItem.id, quantity: line.quantity, amountShop: subtotal.shop, amountPresentment: subtotal.presentment };
      }),
    })),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the shop's orders from where the backfill stopped to the end. A
 * failure (Shopify unreachable, throttled beyond the wait) throws, and the
 * job's retry resumes from the stored cursor.
 */
export async function backfillOrders(admin: AdminApiContext, shop: string, wait: (ms: number) => Promise<unknown> = sleep) {
  const start = await startingPoint(shop);
  if (!start) return; // done already
  let cursor = start.cursor;
  const query = `created_at:>='${start.since.toISOString()}'`;
  for (;;) {
    const response = await admin.graphql(ORDERS_PAGE_QUERY, { variables: { first: PAGE_SIZE, after: cursor, query } });
    const body = (await response.json()) as PageAnswer;
    if (!body.data) throw new Error(`Reading orders from Shopify failed: ${body.errors?.map((e) => e.message).join("; ") || "no data"}`);
    const page = body.data.orders;
    const snapshots = page.nodes.map(orderFromAdmin);
    const next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    const saved = await db.$transaction(async (tx) => {
      // The cursor first: when the backfill row is gone (shop/redact meanwhile), nothing is written.
      if (!(await saveBackfillPage(tx, shop, next, snapshots.length))) return false;
      for (const order of snapshots) await saveOrder(tx, shop, order);
      return true;
    });
    if (!saved) return; // the shop was redacted meanwhile
    if (!next) break;
    cursor = next;
    await wait(waitBeforeNextPageMs(body.extensions?.cost));
  }
  await finishBackfill(shop);
}
