import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { APP_JOBS, appJobs, requestOrderBackfill } from "~/jobs/jobs.server";
import { backfillProgress } from "~/models/order-backfill.server";
import { waitBeforeNextPageMs } from "~/services/order-backfill.server";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { installShop } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// After install, the last 60 days of orders are read in the background, a
// page at a time, and a run cut short resumes where it stopped.

const SHOP = "backfill-shop.myshopify.com";
const shopify = stubAdminGraphql();

const bag = (amount: string) => ({
  shopMoney: { amount, currencyCode: "USD" },
  presentmentMoney: { amount, currencyCode: "USD" },
});

function orderNode(n: number) {
  return {
    id: `gid://shopify/Order/${6000 + n}`,
    createdAt: "2026-11-01T10:00:00Z",
    updatedAt: "2026-11-01T10:00:00Z",
    checkoutToken: `token-${n}`,
    customer: { id: "gid://shopify/Customer/7001" },
    // Coverage facts: order 1 paid by gift card, order 2 digital only, order 3 picked up.
    paymentGatewayNames: n === 1 ? ["gift_card"] : ["shopify_payments"],
    requiresShipping: n !== 2,
    shippingLine: n === 3 ? { code: "Pickup at the shop", deliveryCategory: "PICK_UP" } : n === 2 ? null : { code: "Standard", deliveryCategory: null },
    totalPriceSet: bag("10.00"),
    lineItems: {
      nodes: [
        {
          id: `gid://shopify/LineItem/${n}`,
          quantity: 1,
          product: { id: "gid://shopify/Product/1" },
          variant: { id: "gid://shopify/ProductVariant/1" },
          customAttributes: [],
          originalTotalSet: bag("10.00"),
          discountAllocations: [],
        },
      ],
    },
    refunds: [],
  };
}

/** Three pages of two orders; `failOn` makes that page's first request fail as a Shopify outage would. */
function answerOrders(options: { failOn?: string } = {}) {
  const pages: Record<string, { nodes: ReturnType<typeof orderNode>[]; next: string | null }> = {
    start: { nodes: [orderNode(1), orderNode(2)], next: "cursor-a" },
    "cursor-a": { nodes: [orderNode(3), orderNode(4)], next: "cursor-b" },
    "cursor-b": { nodes: [orderNode(5), orderNode(6)], next: null },
  };
  let failed = false;
  shopify.answer("BackfillOrders", (variables) => {
    const key = (variables?.after as string | null) ?? "start";
    if (key === options.failOn && !failed) {
      failed = true;
      return { errors: [{ message: "Internal error. Looks like something went wrong on our end." }] };
    }
    const page = pages[key]!;
    return {
      data: { orders: { pageInfo: { hasNextPage: page.next !== null, endCursor: page.next }, nodes: page.nodes } },
      extensions: {
        cost: {
          requestedQueryCost: 80,
          actualQueryCost: 20,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1900, restoreRate: 100 },
        },
      },
    };
  });
}

beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  shopify.reset();
  mswServer.use(shopify.handler);
});
afterEach(() => {
  expect(shopify.failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

const cursorsAsked = () => shopify.calls.filter((call) => call.operationName === "BackfillOrders").map((call) => call.variables?.after ?? null);

describe("the order backfill", () => {
  it("reads the last 60 days of orders in the background, and shows its progress", async () => {
    answerOrders();
    await requestOrderBackfill(SHOP);
    expect(await backfillProgress(SHOP)).toMatchObject({ state: "running", ordersRead: 0 });
    await appJobs().runDueJobs();
    expect(await backfillProgress(SHOP)).toMatchObject({ state: "done", ordersRead: 6 });
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(6);
    const facts = await db.order.findMany({
      where: { shop: SHOP, orderId: { in: [6001, 6002, 6003, 6004].map((id) => `gid://shopify/Order/${id}`) } },
      orderBy: { orderId: "asc" },
      select: { paymentGateways: true, requiresShipping: true, deliveryMethod: true },
    });
    expect(facts).toEqual([
      { paymentGateways: '["gift_card"]', requiresShipping: true, deliveryMethod: "standard" },
      { paymentGateways: '["shopify_payments"]', requiresShipping: false, deliveryMethod: null },
      { paymentGateways: '["shopify_payments"]', requiresShipping: true, deliveryMethod: "pick_up" },
      { paymentGateways: '["shopify_payments"]', requiresShipping: true, deliveryMethod: "standard" },
    ]);
    const query = String(shopify.calls[0]?.variables?.query);
    const since = new Date(query.match(/>='([^']+)'/)![1]!);
    expect(Math.round((Date.now() - since.getTime()) / 86_400_000)).toBe(60);
    // Signing in again neither restarts nor repeats it.
    await requestOrderBackfill(SHOP);
    await appJobs().runDueJobs();
    expect(cursorsAsked()).toEqual([null, "cursor-a", "cursor-b"]);
  });

  it("resumes an interrupted backfill from its stored cursor, reading no page twice", async () => {
    answerOrders({ failOn: "cursor-b" });
    await requestOrderBackfill(SHOP);
    await appJobs().runDueJobs();
    expect(await backfillProgress(SHOP)).toMatchObject({ state: "failed", ordersRead: 4 });
    expect((await db.orderBackfill.findUniqueOrThrow({ where: { shop: SHOP } })).cursor).toBe("cursor-b");

    // The retry (here run at once rather than after its backoff).
    await APP_JOBS["backfill-orders"].run({ shop: SHOP });
    expect(cursorsAsked()).toEqual([null, "cursor-a", "cursor-b", "cursor-b"]);
    expect(await backfillProgress(SHOP)).toMatchObject({ state: "done", ordersRead: 6, lastError: null });
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(6);
  });

  it("waits for Shopify's cost budget to refill before a page it cannot afford", () => {
    const cost = (currentlyAvailable: number) => ({
      requestedQueryCost: 300,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable, restoreRate: 50 },
    });
    expect(waitBeforeNextPageMs(cost(1000))).toBe(0);
    expect(waitBeforeNextPageMs(cost(100))).toBe(4000);
  });
});
