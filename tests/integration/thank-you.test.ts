import type { LoaderFunctionArgs } from "@remix-run/node";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { type Funnel, isHeldOut } from "@upstack/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { createFunnel } from "~/models/funnel.server";
import { saveHoldoutPercent } from "~/models/shop-settings.server";
import * as offerRoute from "~/routes/api.post-purchase.offer";
import * as signRoute from "~/routes/api.post-purchase.sign";
import * as acceptRoute from "~/routes/api.thank-you.accept";
import * as impressionRoute from "~/routes/api.thank-you.impression";
import * as thankYouOfferRoute from "~/routes/api.thank-you.offer";
import { action as compliance } from "~/routes/webhooks.compliance";
import { funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { postPurchaseRequest, postPurchaseToken } from "../support/post-purchase-requests";
import { installShop, runRoute, TEST_APP, webhookRequest } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// The thank-you page's offer (decision 0011): an order Shopify gave no
// post-purchase page hears the funnel's upsell (or its downsell) there, and
// accepting opens a new checkout priced by a single-use code. One order never
// gets an offer taken on both pages.

const SHOP = "thanks-shop.myshopify.com";
const course = product("Video course", 9700, { productId: 8_400_000_000_001, variantId: 44_400_000_000_001 });
const coaching = product("Coaching call", 19_700, { productId: 8_400_000_000_002, variantId: 44_400_000_000_002 });
const qaPass = product("Group Q&A pass", 4700, { productId: 8_400_000_000_003, variantId: 44_400_000_000_003 });
const BUYER = "gid://shopify/Customer/7001";

const shopify = stubAdminGraphql();
type Order = { id: number; checkoutToken: string; createdAt?: string; customer?: string | null; variant?: number };
const orders = new Map<string, Order>();

const withoutId = ({ id: _id, createdAt: _createdAt, ...draft }: Funnel) => draft;

beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  shopify.reset();
  orders.clear();
  mswServer.use(shopify.handler);
  shopify.answer("UpstackThankYouOrder", (variables) => {
    const order = orders.get(String(variables?.id));
    if (!order) return { data: { order: null } };
    const variant = order.variant ?? 44_400_000_000_001;
    return {
      data: {
        order: {
          id: `gid://shopify/Order/${order.id}`,
          createdAt: order.createdAt ?? new Date().toISOString(),
          checkoutToken: order.checkoutToken,
          currencyCode: "USD",
          presentmentCurrencyCode: "USD",
          customer: order.customer === null ? null : { id: order.customer ?? BUYER },
          lineItems: {
            nodes: [
              {
                quantity: 1,
                product: { id: `gid://shopify/Product/${variant === 44_400_000_000_001 ? 8_400_000_000_001 : 1}` },
                variant: { id: `gid://shopify/ProductVariant/${variant}` },
                discountedTotalSet: { shopMoney: { amount: "97.00", currencyCode: "USD" } },
              },
            ],
          },
        },
      },
    };
  });
  shopify.answer("UpstackThankYouDiscountCreate", {
    data: { discountCodeBasicCreate: { codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" }, userErrors: [] } },
  });
  await createFunnel(
    SHOP,
    withoutId(
      funnel(course, {
        postPurchase: {
          upsell: postPurchase(coaching, { discount: { type: "percentage", percent: 20 } }),
          downsell: postPurchase(qaPass),
          followUp: null,
        },
      }),
    ),
  );
});

afterEach(() => {
  expect(shopify.failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

let nextOrder = 1;
function placeOrder(options: Partial<Order> = {}): { orderIdentity: string; checkoutToken: string } {
  const id = 5_000_000 + nextOrder++;
  const order = { id, checkoutToken: `checkout-${id}`, ...options };
  orders.set(`gid://shopify/Order/${id}`, order);
  return { orderIdentity: `gid://shopify/OrderIdentity/${id}`, checkoutToken: order.checkoutToken };
}

type Route = { action: (args: LoaderFunctionArgs) => unknown };

async function thankYou(route: Route, body: unknown, options: { sub?: string; method?: string } = {}) {
  const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), TEST_APP.apiKey, TEST_APP.apiSecret, { sub: options.sub ?? BUYER });
  const request = new Request(new URL("/api/thank-you/offer", TEST_APP.url), {
    method: options.method ?? "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Origin: "https://checkout.shopify.com" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await runRoute(route.action, request);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const events = (type: string) => db.offerEvent.findMany({ where: { shop: SHOP, type } });

describe("the thank-you offer", () => {
  it("offers the upsell at its offer price to an order that had no post-purchase page", async () => {
    const { orderIdentity, checkoutToken } = placeOrder();
    const answer = await thankYou(thankYouOfferRoute, { orderId: orderIdentity });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(answer.body.offer).toMatchObject({
      step: "upsell",
      productTitle: "Coaching call",
      regularPrice: { amount: "197.00", currencyCode: "USD" },
      offerPrice: { amount: "157.60", currencyCode: "USD" },
    });
    const decision = await db.postPurchaseDecision.findUniqueOrThrow({ where: { shop_referenceId: { shop: SHOP, referenceId: checkoutToken } } });
    expect(decision).toMatchObject({ surface: "thank_you", thankYouStep: "upsell", customerId: BUYER });
  });

  it("opens a new checkout with a single-use code for that variant only, the same on a repeat", async () => {
    const { orderIdentity } = placeOrder();
    await thankYou(thankYouOfferRoute, { orderId: orderIdentity });
    const first = await thankYou(acceptRoute, { orderId: orderIdentity });
    expect(first.status).toBe(200);
    const url = new URL(first.body.checkoutUrl as string);
    expect(`${url.origin}${url.pathname}`).toBe(`https://${SHOP}/cart/44400000000002:1`);
    const code = url.searchParams.get("discount");
    expect(code).toMatch(/^UPSTACK-[A-Z2-9]{12}$/);

    const created = shopify.calls.filter((call) => call.operationName === "UpstackThankYouDiscountCreate");
    expect(created).toHaveLength(1);
    expect(created[0]!.variables?.input).toMatchObject({
      code,
      usageLimit: 1,
      customerGets: { value: { percentage: 0.2 }, items: { products: { productVariantsToAdd: ["gid://shopify/ProductVariant/44400000000002"] } } },
    });

    // A double click: the same checkout, one accept on the scoreboard.
    shopify.answer("UpstackThankYouDiscountCreate", {
      data: { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique." }] } },
    });
    const again = await thankYou(acceptRoute, { orderId: orderIdentity });
    expect(again.body.checkoutUrl).toBe(first.body.checkoutUrl);
    const accepts = await events("accept");
    expect(accepts.map((event) => event.offer)).toEqual(["thankYouUpsell"]);
    expect(accepts[0]!.amount).toBeNull();
  });

  it("records one impression per order, as the thank-you surface", async () => {
    const { orderIdentity } = placeOrder();
    await thankYou(thankYouOfferRoute, { orderId: orderIdentity });
    const answers = await Promise.all([1, 2, 3].map(() => thankYou(impressionRoute, { orderId: orderIdentity })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.filter((a) => a.body.recorded === true)).toHaveLength(1);
    expect((await events("impression")).map((event) => event.offer)).toEqual(["thankYouUpsell"]);
  });

  it("offers the downsell after the upsell was declined on the post-purchase page, nothing after an accept there", async () => {
    const declined = placeOrder();
    const token = await postPurchaseToken({ shop: SHOP, referenceId: declined.checkoutToken, lineItems: [{ productId: 8_400_000_000_001, variantId: 44_400_000_000_001, quantity: 1, total: "97.00" }] });
    await runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", token, { referenceId: declined.checkoutToken }));
    const { action: events } = await import("~/routes/api.post-purchase.events");
    await runRoute(events, postPurchaseRequest("/api/post-purchase/events", token, { referenceId: declined.checkoutToken, offerId: "upsell", type: "decline" }));
    expect((await thankYou(thankYouOfferRoute, { orderId: declined.orderIdentity })).body.offer).toMatchObject({ step: "downsell", productTitle: "Group Q&A pass" });

    const taken = placeOrder();
    const takenToken = await postPurchaseToken({ shop: SHOP, referenceId: taken.checkoutToken, lineItems: [{ productId: 8_400_000_000_001, variantId: 44_400_000_000_001, quantity: 1, total: "97.00" }] });
    await runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", takenToken, { referenceId: taken.checkoutToken }));
    const signed = await runRoute(signRoute.action, postPurchaseRequest("/api/post-purchase/sign", takenToken, { referenceId: taken.checkoutToken, offerId: "upsell" }));
    expect(signed.status).toBe(200);
    expect((await thankYou(thankYouOfferRoute, { orderId: taken.orderIdentity })).body).toEqual({ offer: null });
    const refused = await thankYou(acceptRoute, { orderId: taken.orderIdentity });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("post_purchase_taken");
  });

  it("gives the post-purchase page nothing for an order whose offer went to the thank-you page", async () => {
    const { orderIdentity, checkoutToken } = placeOrder();
    expect((await thankYou(thankYouOfferRoute, { orderId: orderIdentity })).body.offer).toBeTruthy();
    const token = await postPurchaseToken({ shop: SHOP, referenceId: checkoutToken, lineItems: [{ productId: 8_400_000_000_001, variantId: 44_400_000_000_001, quantity: 1, total: "97.00" }] });
    const offers = await runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", token, { referenceId: checkoutToken }));
    expect(await offers.json()).toEqual({ referenceId: checkoutToken, offers: [] });
    const sign = await runRoute(signRoute.action, postPurchaseRequest("/api/post-purchase/sign", token, { referenceId: checkoutToken, offerId: "upsell" }));
    expect(sign.status).toBe(409);
    expect(((await sign.json()) as { code: string }).code).toBe("thank_you_offer");
  });

  it("offers nothing for an order that matches no funnel, an old order, another customer's or an unknown one", async () => {
    const other = placeOrder({ variant: 44_999_000_000_001 });
    expect((await thankYou(thankYouOfferRoute, { orderId: other.orderIdentity })).body).toEqual({ offer: null });
    const old = placeOrder({ createdAt: new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString() });
    expect((await thankYou(thankYouOfferRoute, { orderId: old.orderIdentity })).body).toEqual({ offer: null });
    const theirs = placeOrder({ customer: "gid://shopify/Customer/999" });
    expect((await thankYou(thankYouOfferRoute, { orderId: theirs.orderIdentity })).body).toEqual({ offer: null });
    expect((await thankYou(thankYouOfferRoute, { orderId: "gid://shopify/OrderIdentity/1" })).body).toEqual({ offer: null });
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("refuses malformed requests with a reason", async () => {
    const { orderIdentity } = placeOrder();
    const noId = await thankYou(thankYouOfferRoute, {});
    expect(noId.status).toBe(400);
    expect(noId.body.error).toMatch(/orderId/);
    expect((await thankYou(acceptRoute, { orderId: orderIdentity, discount: 100 })).status).toBe(400);
    expect((await thankYou(thankYouOfferRoute, "not json")).status).toBe(400);
    expect((await thankYou(thankYouOfferRoute, { orderId: "x".repeat(20_000) })).status).toBe(413);
    const notOffered = await thankYou(acceptRoute, { orderId: placeOrder({ variant: 44_999_000_000_001 }).orderIdentity });
    expect(notOffered.status).toBe(404);
    expect(notOffered.body.code).toBe("no_decision");
  });

  it("writes nothing for a redacted shop", async () => {
    const redact = webhookRequest({ path: "/webhooks/compliance", topic: "shop/redact", shop: SHOP, payload: { shop_domain: SHOP } });
    expect((await runRoute(compliance, redact)).status).toBe(200);
    // A late thank-you page (or a script) keeps calling; the session and a funnel are there again.
    await installShop(SHOP);
    await createFunnel(SHOP, withoutId(funnel(course, { postPurchase: { upsell: postPurchase(coaching), downsell: null, followUp: null } })));
    const { orderIdentity } = placeOrder();
    expect((await thankYou(thankYouOfferRoute, { orderId: orderIdentity })).body).toEqual({ offer: null });
    expect((await thankYou(acceptRoute, { orderId: orderIdentity })).status).toBe(404);
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("one order, one offer taken after payment, under concurrency", () => {
  it("never both signs a post-purchase offer and accepts the thank-you offer", async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const { orderIdentity, checkoutToken } = placeOrder();
      const token = await postPurchaseToken({ shop: SHOP, referenceId: checkoutToken, lineItems: [{ productId: 8_400_000_000_001, variantId: 44_400_000_000_001, quantity: 1, total: "97.00" }] });
      expect((await runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", token, { referenceId: checkoutToken }))).status).toBe(200);
      expect((await thankYou(thankYouOfferRoute, { orderId: orderIdentity })).body.offer).toBeTruthy();

      // One side starts a little later each round, so the two meet at the decision's row lock in either order.
      const head = [-120, -60, -30, -10, 0, 0, 5, 10, 30, 60][round]!;
      const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
      const sign = async () => {
        await later(head);
        const response = await runRoute(signRoute.action, postPurchaseRequest("/api/post-purchase/sign", token, { referenceId: checkoutToken, offerId: "upsell" }));
        return response.status;
      };
      const accept = async () => {
        await later(-head);
        return (await thankYou(acceptRoute, { orderId: orderIdentity })).status;
      };
      const answers = await Promise.all([sign(), accept(), sign(), accept()]);
      for (const status of answers) expect([200, 409]).toContain(status);

      const decision = await db.postPurchaseDecision.findUniqueOrThrow({ where: { shop_referenceId: { shop: SHOP, referenceId: checkoutToken } } });
      const signedSteps = await db.postPurchaseStep.count({ where: { shop: SHOP, referenceId: checkoutToken, signedAt: { not: null } } });
      const both = signedSteps > 0 && decision.thankYouAcceptedAt !== null;
      expect(both, `round ${round}: ${JSON.stringify(answers)}`).toBe(false);
      expect(signedSteps > 0 || decision.thankYouAcceptedAt !== null).toBe(true);
      outcomes.add(signedSteps > 0 ? "post-purchase" : "thank-you");
    }
    // Both orders of arrival happen, so both refusals were exercised.
    expect(outcomes.size).toBe(2);
  });
});

describe("the holdout on the thank-you page", () => {
  it("offers nothing to an order whose checkout is held out, the same checkouts the post-purchase page holds out", async () => {
    await saveHoldoutPercent(SHOP, 50);
    const placed = Array.from({ length: 16 }, () => placeOrder());
    const answers = [];
    for (const order of placed) answers.push({ ...order, offer: (await thankYou(thankYouOfferRoute, { orderId: order.orderIdentity })).body.offer });
    const heldOut = answers.filter((answer) => isHeldOut(answer.checkoutToken, 50));
    expect(heldOut.length).toBeGreaterThan(2);
    expect(heldOut.length).toBeLessThan(14);
    for (const answer of answers) expect(answer.offer === null).toBe(heldOut.includes(answer));
    const skips = await db.offerSkip.findMany({ where: { shop: SHOP }, select: { purchaseKey: true, surface: true, reason: true } });
    expect(skips).toHaveLength(heldOut.length);
    for (const skip of skips) expect(skip).toMatchObject({ surface: "thank_you", reason: "holdout" });
    // A held-out order cannot take the offer by calling accept directly.
    const accept = await thankYou(acceptRoute, { orderId: heldOut[0]!.orderIdentity });
    expect(accept.status).toBe(404);
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP, thankYouCode: { not: null } } })).toBe(0);
  });
});
