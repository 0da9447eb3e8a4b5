import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action as ordersWebhook } from "~/routes/webhooks.orders";
import { signChangesetToken, verifyPostPurchaseToken } from "~/services/post-purchase-token.server";
import { demoProducts } from "../../sandbox/demo-shop";
import { signHs256 } from "../../sandbox/stand-in/jwt";
import { createSandboxShop, type SandboxShopState } from "../../sandbox/stand-in/shop-state";
import { webhookHeaders } from "../../sandbox/stand-in/webhooks";
import { resetShop } from "../support/shop-rows";
import { runRoute, TEST_APP } from "../support/shopify-requests";

// The sandbox's demo shop does what Shopify does to an order, and the app
// takes its word for it only as it would take Shopify's: webhooks that
// verify with the app's own HMAC check, changesets the stand-in applies
// only when the app's signature verifies, an input token the app verifies.

const SHOP = "sandbox-stand-in.myshopify.com";
const COURSE = "gid://shopify/ProductVariant/2001"; // $97 "Online course"
const WORKBOOK = "gid://shopify/ProductVariant/2002"; // $36 workbook
const COACHING = 2003; // $197 coaching add-on, as the changeset names it

/** Delivers to the app's real webhook route in this process, signed with `secret`. */
function shopWith(secret = TEST_APP.apiSecret): { shop: SandboxShopState; statuses: number[] } {
  const statuses: number[] = [];
  const shop = createSandboxShop({
    domain: SHOP,
    currency: "USD",
    appOrigin: TEST_APP.url,
    apiKey: TEST_APP.apiKey,
    apiSecret: TEST_APP.apiSecret,
    products: demoProducts(),
    deliver: async (topic, payload) => {
      const body = JSON.stringify(payload);
      const request = new Request(new URL("/webhooks/orders", TEST_APP.url), {
        method: "POST",
        body,
        headers: webhookHeaders({ body, topic, shop: SHOP, secret }),
      });
      const response = await runRoute(ordersWebhook, request);
      statuses.push(response.status);
      return { topic, status: response.status, at: new Date().toISOString() };
    },
  });
  return { shop, statuses };
}

const bumpedCart = {
  cartToken: "cart-1",
  lines: [
    { variantId: COURSE, quantity: 1, attributes: [], discounts: [] },
    {
      variantId: WORKBOOK,
      quantity: 1,
      attributes: [{ key: "_upstack_offer", value: "bump" }],
      discounts: [{ title: "Upstack order bump", amount: 900 }],
    },
  ],
};

const changeset = (sub: string, changes: unknown[] = [{ type: "add_variant", variantID: COACHING, quantity: 1 }]) =>
  signChangesetToken({ iss: TEST_APP.apiKey, jti: randomUUID(), iat: Date.now(), sub, changes });

beforeEach(() => resetShop(SHOP));

describe("the sandbox's demo shop", () => {
  it("places an order and the app accepts its signed orders/create: $97 + $27 bump", async () => {
    const { shop, statuses } = shopWith();
    const order = await shop.placeOrder({ checkoutToken: "checkout-1", ...bumpedCart });

    expect(order.total).toBe(9700 + 2700);
    expect(statuses).toEqual([200]);
    const stored = await db.order.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: order.id } } });
    expect(stored).toMatchObject({ checkoutToken: "checkout-1", totalShop: 12400, shopCurrency: "USD" });
  });

  it("signs webhooks the app refuses when the secret is not the app's", async () => {
    const { shop, statuses } = shopWith("someone-elses-secret");
    const order = await shop.placeOrder({ checkoutToken: "checkout-forged", ...bumpedCart });

    expect(statuses).toEqual([401]);
    expect(await db.order.findUnique({ where: { shop_orderId: { shop: SHOP, orderId: order.id } } })).toBeNull();
  });

  it("applies a changeset the app signed, once, and tells the app: the order holds $321", async () => {
    const { shop, statuses } = shopWith();
    const order = await shop.placeOrder({ checkoutToken: "checkout-2", ...bumpedCart });
    const token = changeset("checkout-2");

    const applied = await shop.applyChangeset({ referenceId: "checkout-2", token });
    expect(applied.ok).toBe(true);
    expect(shop.order(order.id)?.lines.map((l) => l.title)).toEqual(["Online course", "Course workbook + templates", "Coaching add-on"]);
    expect(shop.order(order.id)?.total).toBe(32100);
    expect(statuses).toEqual([200, 200]);
    const stored = await db.order.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: order.id } } });
    expect(stored.totalShop).toBe(32100);

    // The same changeset again (a replay or a double click) changes nothing.
    expect(await shop.applyChangeset({ referenceId: "checkout-2", token })).toEqual({ ok: false, reason: "changeset_already_applied" });
    expect(shop.order(order.id)?.total).toBe(32100);
  });

  it("refuses changesets that are not the app's, not this purchase's, or not paid", async () => {
    const { shop } = shopWith();
    const order = await shop.placeOrder({ checkoutToken: "checkout-3", ...bumpedCart });
    const claims = { iss: TEST_APP.apiKey, jti: randomUUID(), iat: Date.now(), sub: "checkout-3", changes: [{ type: "add_variant", variantID: COACHING, quantity: 1 }] };

    const forged = signHs256(claims, "not-the-app-secret");
    expect(await shop.applyChangeset({ referenceId: "checkout-3", token: forged })).toMatchObject({ ok: false, reason: expect.stringContaining("signature") });
    const tampered = changeset("checkout-3").replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...claims, changes: [{ type: "add_variant", variantID: COACHING, quantity: 5 }] })).toString("base64url")}.`);
    expect(await shop.applyChangeset({ referenceId: "checkout-3", token: tampered })).toMatchObject({ ok: false });
    expect(await shop.applyChangeset({ referenceId: "checkout-3", token: changeset("another-checkout") })).toMatchObject({ ok: false, reason: expect.stringContaining("sub") });
    expect(await shop.applyChangeset({ referenceId: "checkout-3", token: signHs256({ ...claims, iss: "another-app" }, TEST_APP.apiSecret) })).toMatchObject({ ok: false, reason: expect.stringContaining("iss") });
    expect(await shop.applyChangeset({ referenceId: "checkout-3", token: changeset("checkout-3", [{ type: "add_variant", variantID: 999999, quantity: 1 }]) })).toMatchObject({ ok: false });

    shop.setPaymentFailure(true);
    expect(await shop.applyChangeset({ referenceId: "checkout-3", token: changeset("checkout-3") })).toEqual({ ok: false, reason: "payment_failed" });
    expect(shop.order(order.id)?.total).toBe(12400);
  });

  it("gives the post-purchase page an input token the app verifies as Shopify's", async () => {
    const { shop } = shopWith();
    const order = await shop.placeOrder({ checkoutToken: "checkout-4", ...bumpedCart });
    const request = new Request(new URL("/api/post-purchase/offer", TEST_APP.url), {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.postPurchaseInputToken(order)}`, Origin: "https://cdn.shopify.com" },
    });

    const verified = await verifyPostPurchaseToken(request);
    expect(verified).toMatchObject({ shop: SHOP, referenceId: "checkout-4" });
    expect(verified.purchase?.lineItems.map((l) => String(l.product.variant.id))).toEqual(["2001", "2002"]);
  });
});
