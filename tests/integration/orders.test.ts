import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { BUMP_DISCOUNT_TITLE, DEFAULT_DISCOUNT_MESSAGE, type Funnel } from "@upstack/core";
import db from "~/db.server";
import { createFunnel } from "~/models/funnel.server";
import { acceptStep, saveDecision, signStep } from "~/models/post-purchase.server";
import { loadScoreboard } from "~/services/scoreboard.server";
import { action as orders } from "~/routes/webhooks.orders";
import { action as refunds } from "~/routes/webhooks.refunds";
import { action as compliance } from "~/routes/webhooks.compliance";
import { bump, funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { resetShop } from "../support/shop-rows";
import { installShop, runRoute as deliver, webhookRequest } from "../support/shopify-requests";

const SHOP = "orders-shop.myshopify.com";
const OTHER_SHOP = "orders-bystander.myshopify.com";
const BUYER = 7001;
const ORDER = "gid://shopify/Order/5001";

const course = product("Video course", 9700, { productId: 8_200_000_000_001, variantId: 44_200_000_000_001 });
const workbook = product("Workbook", 1900, { productId: 8_200_000_000_002, variantId: 44_200_000_000_002 });
const coaching = product("Coaching call", 19_700, { productId: 8_200_000_000_003, variantId: 44_200_000_000_003 });

let funnelId: string;

async function saveFunnel(shop: string, value: Funnel) {
  const { id: _id, createdAt: _createdAt, ...draft } = value;
  return (await createFunnel(shop, draft)).id;
}

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  await installShop(SHOP);
  funnelId = await saveFunnel(
    SHOP,
    funnel(course, {
      bump: bump(workbook, { type: "percentage", percent: 50 }),
      postPurchase: { upsell: postPurchase(coaching), downsell: null, followUp: null },
    }),
  );
});

const legacy = (gid: string) => Number(gid.split("/").pop());
const usd = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });

type Line = { id: number; product: typeof course; price: string; discount?: { amount: string; index: number }; attribute?: string };

/** An order as Shopify's order webhooks send it (the fields Upstack reads, and a few it must ignore). */
function orderPayload(options: {
  updatedAt?: string;
  lines: Line[];
  total: string;
  applications?: { type: string; title?: string; code?: string }[];
  refunds?: unknown[];
  id?: number;
  checkoutToken?: string;
}) {
  const id = options.id ?? 5001;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    email: "ada@example.com",
    created_at: "2026-11-20T10:00:00-05:00",
    updated_at: options.updatedAt ?? "2026-11-20T10:00:05-05:00",
    checkout_token: options.checkoutToken ?? "checkout-token-1",
    currency: "USD",
    presentment_currency: "USD",
    customer: { id: BUYER, email: "ada@example.com", first_name: "Ada" },
    shipping_address: { address1: "1 Main St" },
    payment_gateway_names: ["shopify_payments"],
    shipping_lines: [{ code: "Standard", title: "Standard", delivery_category: null, price: "5.00" }],
    total_price_set: usd(options.total),
    discount_applications: options.applications ?? [],
    line_items: options.lines.map((line) => ({
      id: line.id,
      product_id: legacy(line.product.productId),
      variant_id: legacy(line.product.variantId),
      quantity: 1,
      requires_shipping: true,
      price_set: usd(line.price),
      properties: line.attribute ? [{ name: "_upstack_offer", value: line.attribute }] : [],
      discount_allocations: line.discount ? [{ amount_set: usd(line.discount.amount), discount_application_index: line.discount.index }] : [],
    })),
    refunds: options.refunds ?? [],
  };
}

const bumpDiscount = { type: "automatic", title: "Upstack order bump" };
const courseLine: Line = { id: 1, product: course, price: "97.00" };
const bumpLine = (over: Partial<Line> = {}): Line => ({
  id: 2,
  product: workbook,
  price: "19.00",
  discount: { amount: "9.50", index: 0 },
  attribute: funnelId,
  ...over,
});

const send = (topic: string, payload: unknown, webhookId = randomUUID()) =>
  deliver(orders, webhookRequest({ path: "/webhooks/orders", topic, shop: SHOP, payload, webhookId }));

const offerLines = () => db.orderOfferLine.findMany({ where: { shop: SHOP }, orderBy: { lineItemId: "asc" } });
const storedOrder = () => db.order.findUnique({ where: { shop_orderId: { shop: SHOP, orderId: ORDER } } });

describe("orders/create and orders/updated", () => {
  it("stores the order's totals in minor units and its bump line, and nothing personal", async () => {
    const response = await send("orders/create", orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications: [bumpDiscount] }));
    expect(response.status).toBe(200);
    expect(await storedOrder()).toMatchObject({
      customerId: `gid://shopify/Customer/${BUYER}`,
      shopCurrency: "USD",
      totalShop: 10_650,
      totalPresentment: 10_650,
      checkoutToken: "checkout-token-1",
      // Coverage facts, not the address: whether anything ships, how, and the payment method.
      paymentGateways: '["shopify_payments"]',
      requiresShipping: true,
      deliveryMethod: "standard",
    });
    expect(JSON.stringify(await storedOrder())).not.toMatch(/ada|Main St/i);
    expect(await offerLines()).toMatchObject([
      { offer: "bump", funnelId, variantId: workbook.variantId, lineItemId: "gid://shopify/LineItem/2", amountShop: 950 },
    ]);
  });

  it("keeps the facts that tell why Shopify showed no post-purchase page: pay-later, pickup, digital only", async () => {
    const payload = orderPayload({ lines: [courseLine], total: "97.00" });
    await send("orders/create", {
      ...payload,
      payment_gateway_names: ["shopify_installments"],
      shipping_address: null,
      shipping_lines: [{ code: "Pickup", delivery_category: "PICK_UP" }],
    });
    expect(await storedOrder()).toMatchObject({ paymentGateways: '["shopify_installments"]', deliveryMethod: "pick_up" });
    await send("orders/updated", {
      ...payload,
      updated_at: "2026-11-20T10:30:00-05:00",
      line_items: payload.line_items.map((line) => ({ ...line, requires_shipping: false })),
      shipping_lines: [],
    });
    expect(await storedOrder()).toMatchObject({ requiresShipping: false, deliveryMethod: null });
    // A payload that does not say is unknown, never "digital only".
    await send("orders/updated", {
      ...payload,
      updated_at: "2026-11-20T11:00:00-05:00",
      line_items: payload.line_items.map(({ requires_shipping: _unsaid, ...line }) => line),
    });
    expect(await storedOrder()).toMatchObject({ requiresShipping: null, deliveryMethod: "standard" });
  });

  it("counts a redelivered or duplicated order once", async () => {
    const payload = orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications: [bumpDiscount] });
    const webhookId = randomUUID();
    await send("orders/create", payload, webhookId);
    expect((await send("orders/create", payload, webhookId)).headers.get("X-Upstack-Webhook")).toBe("duplicate");
    // The same order again under another delivery (orders/updated right after create).
    await send("orders/updated", payload);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(1);
    expect(await offerLines()).toHaveLength(1);
  });

  it("keeps the newest version when an older one arrives late", async () => {
    const newer = orderPayload({ updatedAt: "2026-11-20T10:05:00-05:00", lines: [courseLine], total: "97.00" });
    const older = orderPayload({ updatedAt: "2026-11-20T10:01:00-05:00", lines: [courseLine, bumpLine()], total: "106.50", applications: [bumpDiscount] });
    await send("orders/updated", newer);
    expect((await send("orders/updated", older)).status).toBe(200);
    expect((await storedOrder())?.totalShop).toBe(9700);
    expect(await offerLines()).toHaveLength(0);
    // And in order, the newer one replaces the older.
    await resetShop(SHOP);
    await send("orders/create", older);
    await send("orders/updated", newer);
    expect((await storedOrder())?.totalShop).toBe(9700);
    expect(await offerLines()).toHaveLength(0);
  });

  it("keeps the newest of two versions of a new order delivered at the same moment, and acts on both", async () => {
    for (let round = 0; round < 5; round++) {
      await resetShop(SHOP);
      const newer = orderPayload({ updatedAt: "2026-11-20T10:05:00-05:00", lines: [courseLine], total: "97.00" });
      const older = orderPayload({ updatedAt: "2026-11-20T10:01:00-05:00", lines: [courseLine, bumpLine()], total: "106.50" });
      const answers = await Promise.all([send("orders/updated", older), send("orders/updated", newer)]);
      expect(answers.map((answer) => answer.headers.get("X-Upstack-Webhook"))).toEqual(["acted", "acted"]);
      expect((await storedOrder())?.totalShop).toBe(9700);
    }
  });

  it("answers 400 with the reason for a malformed order, and records nothing", async () => {
    const response = await send("orders/create", { id: 5001, line_items: "none" });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/malformed/);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
    const badAmount = orderPayload({ lines: [courseLine], total: "97.001" });
    expect((await send("orders/create", badAmount)).status).toBe(400);
  });

  it("acknowledges orders/edited (an edit summary) without storing an order", async () => {
    const response = await send("orders/edited", { order_edit: { id: 1, order_id: 5001, line_items: { additions: [], removals: [] } } });
    expect(response.status).toBe(200);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect((await send("orders/edited", { nothing: true })).status).toBe(400);
  });
});

describe("attribution a buyer cannot forge", () => {
  it("refuses a line with the offer attribute but no Upstack discount", async () => {
    await send("orders/create", orderPayload({ lines: [courseLine, bumpLine({ discount: undefined })], total: "116.00" }));
    expect(await offerLines()).toHaveLength(0);
  });

  it("counts the bump discount under the message buyers saw, the title Shopify gives a Function's discount on the order", async () => {
    const applications = [{ type: "automatic", title: DEFAULT_DISCOUNT_MESSAGE }];
    await send("orders/create", orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications }));
    expect(await offerLines()).toMatchObject([{ offer: "bump", funnelId, lineItemId: "gid://shopify/LineItem/2" }]);
  });

  it("refuses a discount code that copies the bump discount's titles", async () => {
    for (const [second, title] of [BUMP_DISCOUNT_TITLE, DEFAULT_DISCOUNT_MESSAGE].entries()) {
      const applications = [{ type: "discount_code", code: "X", title }];
      const updatedAt = `2026-11-20T10:00:1${second}-05:00`;
      await send("orders/updated", orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications, updatedAt }));
      expect(await storedOrder()).toMatchObject({ shopifyUpdatedAt: new Date(updatedAt) });
      expect(await offerLines()).toHaveLength(0);
    }
  });

  it("refuses a line discounted by another discount that merely carries the attribute", async () => {
    await send(
      "orders/create",
      orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications: [{ type: "discount_code", code: "UPSTACK" }] }),
    );
    expect(await offerLines()).toHaveLength(0);
  });

  it("refuses the bump discount on a variant that is not the funnel's bump, or without its core line", async () => {
    await send("orders/create", orderPayload({ lines: [courseLine, bumpLine({ product: coaching })], total: "106.50", applications: [bumpDiscount] }));
    expect(await offerLines()).toHaveLength(0);
    await send(
      "orders/updated",
      orderPayload({ updatedAt: "2026-11-20T11:00:00-05:00", lines: [bumpLine()], total: "9.50", applications: [bumpDiscount] }),
    );
    expect(await offerLines()).toHaveLength(0);
  });

  it("refuses an attribute naming another shop's funnel", async () => {
    const foreign = await saveFunnel(OTHER_SHOP, funnel(course, { bump: bump(workbook, { type: "percentage", percent: 50 }) }));
    await send("orders/create", orderPayload({ lines: [courseLine, bumpLine({ attribute: foreign })], total: "106.50", applications: [bumpDiscount] }));
    expect(await offerLines()).toHaveLength(0);
  });

  it("counts a post-purchase line only for a signed and accepted step of the order's purchase", async () => {
    const edited = (updatedAt: string) =>
      orderPayload({ updatedAt, lines: [courseLine, { id: 3, product: coaching, price: "197.00" }], total: "294.00" });
    await saveDecision(SHOP, {
      referenceId: "checkout-token-1",
      funnelId,
      customerId: `gid://shopify/Customer/${BUYER}`,
      currency: "USD",
      sequence: { upsell: postPurchase(coaching), downsell: null, followUp: null },
    });
    // Offered but only signed: the buyer has not accepted, so the line (bought some other way) is not ours.
    await signStep(SHOP, "checkout-token-1", "upsell");
    await send("orders/updated", edited("2026-11-20T10:10:00-05:00"));
    expect(await offerLines()).toHaveLength(0);

    await acceptStep(SHOP, "checkout-token-1", "upsell");
    await send("orders/updated", edited("2026-11-20T10:11:00-05:00"));
    expect(await offerLines()).toMatchObject([{ offer: "upsell", funnelId, variantId: coaching.variantId, amountShop: 19_700 }]);
  });

  it("does not count a post-purchase line of another purchase's accepted step", async () => {
    await saveDecision(SHOP, {
      referenceId: "another-checkout",
      funnelId,
      customerId: null,
      currency: "USD",
      sequence: { upsell: postPurchase(coaching), downsell: null, followUp: null },
    });
    await signStep(SHOP, "another-checkout", "upsell");
    await acceptStep(SHOP, "another-checkout", "upsell");
    await send("orders/create", orderPayload({ lines: [courseLine, { id: 3, product: coaching, price: "197.00" }], total: "294.00" }));
    expect(await offerLines()).toHaveLength(0);
  });
});

describe("a post-purchase accept reported after Shopify's edited order", () => {
  const TOKEN = "checkout-token-1";
  const upsellDecision = (shop: string, funnel: string, referenceId = TOKEN) =>
    saveDecision(shop, {
      referenceId,
      funnelId: funnel,
      customerId: `gid://shopify/Customer/${BUYER}`,
      currency: "USD",
      sequence: { upsell: postPurchase(coaching), downsell: null, followUp: null },
    });
  const upsold = (over: { id?: number; checkoutToken?: string } = {}) =>
    orderPayload({ ...over, updatedAt: "2026-11-20T10:10:00-05:00", lines: [courseLine, { id: over.id ? over.id * 10 + 3 : 3, product: coaching, price: "197.00" }], total: "294.00" });
  const november20 = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };

  it("counts the upsell when the accept comes after the edited order, on the order and the dashboard", async () => {
    await upsellDecision(SHOP, funnelId);
    await signStep(SHOP, TOKEN, "upsell");
    await send("orders/create", orderPayload({ lines: [courseLine], total: "97.00" }));
    await send("orders/updated", upsold());
    expect(await offerLines()).toHaveLength(0);
    expect((await loadScoreboard(SHOP, november20)).headline).toMatchObject({ revenueAdded: { amount: 0 }, ordersWithAcceptedOffer: 0 });

    expect(await acceptStep(SHOP, TOKEN, "upsell")).toBe(true);
    expect(await offerLines()).toMatchObject([{ orderId: ORDER, lineItemId: "gid://shopify/LineItem/3", offer: "upsell", funnelId, amountShop: 19_700 }]);
    expect((await loadScoreboard(SHOP, november20)).headline).toMatchObject({
      revenueAdded: { amount: 19_700, currency: "USD" },
      ordersWithAcceptedOffer: 1,
    });
    // A repeated accept report changes nothing.
    expect(await acceptStep(SHOP, TOKEN, "upsell")).toBe(false);
    expect(await offerLines()).toHaveLength(1);
  });

  it("still counts the upsell when the accept comes first", async () => {
    await upsellDecision(SHOP, funnelId);
    await signStep(SHOP, TOKEN, "upsell");
    await acceptStep(SHOP, TOKEN, "upsell");
    await send("orders/updated", upsold());
    expect(await offerLines()).toMatchObject([{ offer: "upsell", amountShop: 19_700 }]);
    expect((await loadScoreboard(SHOP, november20)).headline).toMatchObject({ revenueAdded: { amount: 19_700 }, ordersWithAcceptedOffer: 1 });
  });

  it("never counts a step that was signed but not accepted, nor another shop's accept of the same checkout token", async () => {
    await upsellDecision(SHOP, funnelId);
    await signStep(SHOP, TOKEN, "upsell");
    await send("orders/updated", upsold());
    const foreignFunnel = await saveFunnel(OTHER_SHOP, funnel(course, { postPurchase: { upsell: postPurchase(coaching), downsell: null, followUp: null } }));
    await upsellDecision(OTHER_SHOP, foreignFunnel);
    await signStep(OTHER_SHOP, TOKEN, "upsell");
    expect(await acceptStep(OTHER_SHOP, TOKEN, "upsell")).toBe(true);
    expect(await db.orderOfferLine.findMany({ where: { shop: { in: [SHOP, OTHER_SHOP] } } })).toHaveLength(0);
    expect((await loadScoreboard(SHOP, november20)).headline).toMatchObject({ revenueAdded: { amount: 0 }, ordersWithAcceptedOffer: 0 });
  });

  it("leaves an order stored before its lines were kept as it is", async () => {
    await upsellDecision(SHOP, funnelId);
    await signStep(SHOP, TOKEN, "upsell");
    await send("orders/updated", upsold());
    await db.order.update({ where: { shop_orderId: { shop: SHOP, orderId: ORDER } }, data: { lines: null } });
    expect(await acceptStep(SHOP, TOKEN, "upsell")).toBe(true);
    expect(await offerLines()).toHaveLength(0);
  });

  it("ends with exactly one offer line when the accept and the edited order arrive at the same moment", async () => {
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      const token = `burst-${round}`;
      await upsellDecision(SHOP, funnelId, token);
      await signStep(SHOP, token, "upsell");
      // The accept a little later each round, so that either one commits first and they overlap in between.
      const accept = new Promise<void>((resolve) => setTimeout(resolve, round * 6)).then(() => acceptStep(SHOP, token, "upsell"));
      const [accepted, delivered] = await Promise.all([accept, send("orders/updated", upsold({ id: 9000 + round, checkoutToken: token }))]);
      expect(accepted).toBe(true);
      expect(delivered.status).toBe(200);
    }
    const lines = await offerLines();
    expect(lines.map((line) => line.orderId).sort()).toEqual(Array.from({ length: rounds }, (_, round) => `gid://shopify/Order/${9000 + round}`).sort());
    expect(lines.every((line) => line.offer === "upsell" && line.amountShop === 19_700)).toBe(true);
    expect((await loadScoreboard(SHOP, november20)).headline).toMatchObject({ revenueAdded: { amount: rounds * 19_700 }, ordersWithAcceptedOffer: rounds });
  });
});

describe("thank-you offers", () => {
  beforeEach(async () => {
    await saveDecision(SHOP, {
      referenceId: "earlier-checkout",
      surface: "thank_you",
      funnelId,
      customerId: null,
      currency: "USD",
      sequence: { upsell: postPurchase(coaching), downsell: null, followUp: null },
    });
  });
  const accept = () =>
    db.postPurchaseDecision.update({
      where: { shop_referenceId: { shop: SHOP, referenceId: "earlier-checkout" } },
      data: { thankYouStep: "upsell", thankYouCode: "UPSTACK-TY-1", thankYouAcceptedAt: new Date() },
    });
  const orderWithCode = (product: typeof course) =>
    orderPayload({
      lines: [{ id: 4, product, price: "197.00", discount: { amount: "19.70", index: 0 } }],
      total: "177.30",
      applications: [{ type: "discount_code", code: "UPSTACK-TY-1" }],
    });

  it("counts the new order's line bought with the accepted offer's single-use code", async () => {
    await accept();
    await send("orders/create", orderWithCode(coaching));
    expect(await offerLines()).toMatchObject([{ offer: "thankYou", funnelId, variantId: coaching.variantId, amountShop: 17_730 }]);
  });

  it("refuses the code on another product, and a code whose offer was never accepted", async () => {
    await send("orders/create", orderWithCode(coaching));
    expect(await offerLines()).toHaveLength(0);
    await accept();
    await send("orders/updated", { ...orderWithCode(workbook), updated_at: "2026-11-21T00:00:00Z" });
    expect(await offerLines()).toHaveLength(0);
  });
});

describe("refunds", () => {
  const refund = (id: number, amount: string) => ({
    id,
    order_id: 5001,
    created_at: "2026-11-21T09:00:00-05:00",
    note: "Customer changed their mind",
    refund_line_items: [{ id: 90 + id, line_item_id: 2, quantity: 1, subtotal_set: usd(amount) }],
    transactions: [{ kind: "refund", status: "success", amount }],
  });
  const sendRefund = (payload: unknown, webhookId = randomUUID()) =>
    deliver(refunds, webhookRequest({ path: "/webhooks/refunds", topic: "refunds/create", shop: SHOP, payload, webhookId }));

  it("counts a refund once, whether it comes from refunds/create, again, or inside orders/updated", async () => {
    await sendRefund(refund(801, "9.50"));
    await sendRefund(refund(801, "9.50"));
    await send("orders/updated", orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications: [bumpDiscount], refunds: [refund(801, "9.50")] }));
    const stored = await db.orderRefund.findMany({ where: { shop: SHOP } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ refundId: "gid://shopify/Refund/801", orderId: ORDER, amountShop: 950, amountPresentment: 950 });
    expect(JSON.parse(stored[0]!.lines)).toEqual([{ lineItemId: "gid://shopify/LineItem/2", quantity: 1, amountShop: 950, amountPresentment: 950 }]);
    await sendRefund(refund(802, "5.00"));
    expect(await db.orderRefund.count({ where: { shop: SHOP } })).toBe(2);
  });

  it("answers 400 for a malformed refund", async () => {
    expect((await sendRefund({ id: 1 })).status).toBe(400);
    expect(await db.orderRefund.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("compliance", () => {
  const complianceRequest = (topic: string, payload: unknown) =>
    deliver(compliance, webhookRequest({ path: "/webhooks/compliance", topic, shop: SHOP, payload }));
  const customer = { id: BUYER, email: "ada@example.com" };

  beforeEach(async () => {
    await send("orders/create", orderPayload({ lines: [courseLine, bumpLine()], total: "106.50", applications: [bumpDiscount] }));
    await deliver(
      refunds,
      webhookRequest({
        path: "/webhooks/refunds",
        topic: "refunds/create",
        shop: SHOP,
        payload: { id: 801, order_id: 5001, created_at: "2026-11-21T09:00:00Z", refund_line_items: [] },
      }),
    );
  });

  it("customers/data_request reports the customer's orders", async () => {
    await complianceRequest("customers/data_request", { shop_domain: SHOP, customer, orders_requested: [5001], data_request: { id: 1 } });
    const request = await db.customerDataRequest.findFirstOrThrow({ where: { shop: SHOP } });
    expect(JSON.parse(request.report).orders).toMatchObject([
      { orderId: ORDER, total: { USD: 10_650 }, offerLines: [{ offer: "bump", funnelId }], refunds: [{ refundId: "gid://shopify/Refund/801" }] },
    ]);
  });

  it("customers/redact removes the customer's orders, their offer lines and refunds", async () => {
    // What the offer pages recorded for the order's checkout goes too; another checkout's stays.
    await db.offerSkip.createMany({
      data: ["checkout-token-1", "someone-else"].map((purchaseKey) => ({ shop: SHOP, purchaseKey, surface: "thank_you", reason: "holdout" })),
    });
    await complianceRequest("customers/redact", { shop_domain: SHOP, customer, orders_to_redact: [5001] });
    expect((await db.offerSkip.findMany({ where: { shop: SHOP } })).map((skip) => skip.purchaseKey)).toEqual(["someone-else"]);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.orderOfferLine.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.orderRefund.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("after shop/redact an order webhook records nothing", async () => {
    await complianceRequest("shop/redact", { shop_domain: SHOP });
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
    const response = await send("orders/updated", orderPayload({ updatedAt: "2026-11-22T00:00:00Z", lines: [courseLine], total: "97.00" }));
    expect(response.headers.get("X-Upstack-Webhook")).toBe("redacted");
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(0);
  });
});
