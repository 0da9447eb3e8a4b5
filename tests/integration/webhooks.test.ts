import { createHmac, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { appJobs, requestPublish } from "~/jobs/jobs.server";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { action as compliance } from "~/routes/webhooks.compliance";
import { action as products } from "~/routes/webhooks.products";
import { action as orders } from "~/routes/webhooks.orders";
import { action as refunds } from "~/routes/webhooks.refunds";
import { loader as appLayout } from "~/routes/app";
import { http, HttpResponse } from "msw";
import { mswServer } from "../support/msw-server";
import { MODEL_NAMES, modelHasShopColumn, resetShop, rowsForShop } from "../support/shop-rows";
import { adminRequest, installShop, runRoute as deliver, SCOPES, TEST_APP, webhookRequest } from "../support/shopify-requests";

const SHOP = "webhook-shop.myshopify.com";
const OTHER_SHOP = "bystander-shop.myshopify.com";


async function reset() {
  await resetShop(SHOP, OTHER_SHOP);
  await installShop(SHOP);
  await installShop(OTHER_SHOP);
}

const sessionsOf = (shop: string) => db.session.findMany({ where: { shop } });

const customer = { id: 7001, email: "ada@example.com", phone: null };
const dataRequestPayload = (who = customer, requestId = 9001) => ({
  shop_id: 1,
  shop_domain: SHOP,
  orders_requested: [4001, 4002],
  customer: who,
  data_request: { id: requestId },
});

beforeEach(reset);

describe("app/uninstalled", () => {
  const request = (webhookId: string, secret?: string) =>
    webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop: SHOP, payload: { id: 1 }, webhookId, secret });

  it("deletes the shop's sessions and no other shop's", async () => {
    const response = await deliver(uninstalled, request(randomUUID()));
    expect(response.status).toBe(200);
    expect(await sessionsOf(SHOP)).toHaveLength(0);
    expect(await sessionsOf(OTHER_SHOP)).toHaveLength(1);
  });

  it("acts once: a redelivery of the same webhook changes nothing", async () => {
    const webhookId = randomUUID();
    expect((await deliver(uninstalled, request(webhookId))).headers.get("X-Upstack-Webhook")).toBe("acted");
    // The merchant reinstalls; then Shopify redelivers the old uninstall.
    await installShop(SHOP);
    const again = await deliver(uninstalled, request(webhookId));
    expect(again.status).toBe(200);
    expect(again.headers.get("X-Upstack-Webhook")).toBe("duplicate");
    expect(await sessionsOf(SHOP)).toHaveLength(1);
  });

  it("rejects a forged HMAC with 401 and changes nothing", async () => {
    const response = await deliver(uninstalled, request(randomUUID(), "not-the-app-secret"));
    expect(response.status).toBe(401);
    expect(await sessionsOf(SHOP)).toHaveLength(1);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("rejects a body altered after signing", async () => {
    const signed = request(randomUUID());
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: JSON.stringify({ id: 2 }),
    });
    expect((await deliver(uninstalled, tampered)).status).toBe(401);
    expect(await sessionsOf(SHOP)).toHaveLength(1);
  });
});

describe("app/scopes_update", () => {
  const request = (current: string[], webhookId = randomUUID()) =>
    webhookRequest({
      path: "/webhooks/app/scopes_update",
      topic: "app/scopes_update",
      shop: SHOP,
      payload: { id: 1, previous: SCOPES.split(","), current, updated_at: new Date().toISOString() },
      webhookId,
    });

  it("records the scopes now granted on the shop's sessions", async () => {
    const response = await deliver(scopesUpdate, request(["read_products", "write_discounts"]));
    expect(response.status).toBe(200);
    expect((await sessionsOf(SHOP)).map((s) => s.scope)).toEqual(["read_products,write_discounts"]);
    expect((await sessionsOf(OTHER_SHOP)).map((s) => s.scope)).toEqual([SCOPES]);
  });

  it("a redelivery does not overwrite a newer change", async () => {
    const webhookId = randomUUID();
    await deliver(scopesUpdate, request(["read_products"], webhookId));
    await deliver(scopesUpdate, request(["read_products", "read_orders"]));
    await deliver(scopesUpdate, request(["read_products"], webhookId));
    expect((await sessionsOf(SHOP)).map((s) => s.scope)).toEqual(["read_products,read_orders"]);
  });

  it("answers 400 with the reason for a signed but malformed payload, and changes nothing", async () => {
    const response = await deliver(
      scopesUpdate,
      webhookRequest({ path: "/webhooks/app/scopes_update", topic: "app/scopes_update", shop: SHOP, payload: { current: "all" } }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/current/);
    expect((await sessionsOf(SHOP)).map((s) => s.scope)).toEqual([SCOPES]);
  });
});

describe("compliance webhooks", () => {
  const complianceRequest = (topic: string, payload: unknown, webhookId = randomUUID(), shop = SHOP) =>
    webhookRequest({ path: "/webhooks/compliance", topic, shop, payload, webhookId });

  it("customers/data_request records the request with the report of what we hold", async () => {
    const response = await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload()));
    expect(response.status).toBe(200);
    const [request, ...more] = await db.customerDataRequest.findMany({ where: { shop: SHOP } });
    expect(more).toHaveLength(0);
    expect(request).toMatchObject({ customerId: "7001", customerEmail: "ada@example.com", shopifyRequestId: "9001" });
    expect(JSON.parse(request!.ordersRequested)).toEqual(["4001", "4002"]);
    const report = JSON.parse(request!.report);
    expect(report.customer).toEqual({ id: "7001", email: "ada@example.com" });
    expect(report.dataRequests).toEqual([]);
  });

  it("a second request's report includes what the first one left", async () => {
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload(customer, 1)));
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload(customer, 2)));
    const latest = await db.customerDataRequest.findFirst({ where: { shop: SHOP, shopifyRequestId: "2" } });
    expect(JSON.parse(latest!.report).dataRequests).toEqual([
      expect.objectContaining({ shopifyRequestId: "1", ordersRequested: ["4001", "4002"] }),
    ]);
  });

  it("a duplicate customers/data_request delivery records nothing more", async () => {
    const webhookId = randomUUID();
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload(), webhookId));
    const again = await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload(), webhookId));
    expect(again.headers.get("X-Upstack-Webhook")).toBe("duplicate");
    expect(await db.customerDataRequest.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("customers/redact deletes what we hold for that customer only", async () => {
    const otherCustomer = { id: 7002, email: "grace@example.com", phone: null };
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload(customer, 1)));
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload(otherCustomer, 2)));
    const response = await deliver(
      compliance,
      complianceRequest("customers/redact", { shop_id: 1, shop_domain: SHOP, customer, orders_to_redact: [4001] }),
    );
    expect(response.status).toBe(200);
    const left = await db.customerDataRequest.findMany({ where: { shop: SHOP } });
    expect(left.map((r) => r.customerEmail)).toEqual(["grace@example.com"]);
  });

  it("customers/redact matches the customer by email when Shopify sends no id", async () => {
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload()));
    await deliver(
      compliance,
      complianceRequest("customers/redact", { shop_domain: SHOP, customer: { email: "ada@example.com" }, orders_to_redact: [] }),
    );
    expect(await db.customerDataRequest.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("shop/redact leaves no row for that shop in any table, and other shops keep theirs", async () => {
    await deliver(compliance, complianceRequest("customers/data_request", dataRequestPayload()));
    await deliver(compliance, complianceRequest("customers/data_request", { ...dataRequestPayload(), shop_domain: OTHER_SHOP }, randomUUID(), OTHER_SHOP));
    for (const shop of [SHOP, OTHER_SHOP]) {
      await db.funnel.create({ data: { shop, name: "Course stack", definition: "{}" } });
      await db.publication.create({ data: { shop, state: "published" } });
      await db.offerEvent.create({
        data: { shop, funnelId: "f", offer: "bump", type: "impression", variantId: "gid://shopify/ProductVariant/1" },
      });
      await db.postPurchaseOfferSet.create({ data: { shop, id: "set-1", offers: "{}" } });
      await db.soldOutVariant.create({ data: { shop, variantId: "gid://shopify/ProductVariant/1" } });
      await db.collectionProducts.create({ data: { shop, collectionId: "gid://shopify/Collection/1", productIds: "[]" } });
      await db.postPurchaseDecision.create({
        data: { shop, referenceId: "ref-1", funnelId: "f", currency: "USD", offerSetId: "set-1" },
      });
      await db.postPurchaseStep.create({ data: { shop, referenceId: "ref-1", step: "upsell", declinedAt: new Date() } });
      await db.postPurchaseRefusal.create({ data: { shop, referenceId: "ref-1", offerId: "upsell", code: "declined", reason: "r" } });
      await db.rateLimitCounter.create({ data: { shop, key: "checkout-events:shop", resetsAt: 1n, hits: 1 } });
      await db.job.create({ data: { shop, name: "stale-job", payload: "{}", maxAttempts: 1 } });
      await db.shopSetup.create({ data: { shop, shopifyPlus: false, cartEmbedEnabled: false } });
      await db.shopSettings.create({ data: { shop, holdoutPercent: 10, holdoutSince: new Date() } });
      const orderId = "gid://shopify/Order/1";
      const placedAt = new Date();
      await db.order.create({
        data: { shop, orderId, placedAt, shopifyUpdatedAt: placedAt, shopCurrency: "USD", totalShop: 100, presentmentCurrency: "USD", totalPresentment: 100 },
      });
      await db.orderOfferLine.create({
        data: { shop, orderId, lineItemId: "gid://shopify/LineItem/1", offer: "bump", funnelId: "f", variantId: "v", quantity: 1, amountShop: 1, amountPresentment: 1 },
      });
      await db.orderRefund.create({
        data: { shop, orderId, refundId: "gid://shopify/Refund/1", createdAt: placedAt, amountShop: 1, amountPresentment: 1, lines: "[]" },
      });
      await db.orderBackfill.create({ data: { shop, since: placedAt } });
      await db.scoreboardDay.create({ data: { shop, day: "2026-11-20", holdout: "", orders: "[]", offers: "[]", revenue: "[]" } });
      await db.scoreboardDirty.create({ data: { shop, key: "day:2026-11-21", token: "t" } });
      // A publish waiting in the job queue, whichever engine holds it.
      await requestPublish(shop);
    }
    const { ShopRedaction: marker, ...before } = await rowsForShop(SHOP);
    expect(marker).toBe(0);
    expect(Object.values(before).every((count) => count > 0)).toBe(true);

    const response = await deliver(compliance, complianceRequest("shop/redact", { shop_id: 1, shop_domain: SHOP }));
    expect(response.status).toBe(200);
    // All that is left is the marker that keeps the shop erased: its domain and the time.
    expect(await rowsForShop(SHOP)).toEqual({ ...Object.fromEntries(MODEL_NAMES.map((model) => [model, 0])), ShopRedaction: 1 });
    expect(await appJobs().nextRun("publish-shop", { shop: SHOP })).toBeNull();
    expect(await appJobs().nextRun("publish-shop", { shop: OTHER_SHOP })).not.toBeNull();
    const other = await rowsForShop(OTHER_SHOP);
    expect(other).toMatchObject({
      Session: 1,
      CustomerDataRequest: 1,
      Funnel: 1,
      Publication: 1,
      OfferEvent: 1,
      PostPurchaseDecision: 1,
      PostPurchaseOfferSet: 1,
      SoldOutVariant: 1,
      CollectionProducts: 1,
      PostPurchaseStep: 1,
      PostPurchaseRefusal: 1,
    });
    expect(other.Job).toBeGreaterThan(0);
  });

  it("every table is keyed by shop, so shop/redact can find its rows", () => {
    expect(MODEL_NAMES.filter((model) => !modelHasShopColumn(model))).toEqual([]);
  });

  it("a forged compliance webhook gets 401 and deletes nothing", async () => {
    const forged = webhookRequest({
      path: "/webhooks/compliance",
      topic: "shop/redact",
      shop: SHOP,
      payload: { shop_domain: SHOP },
      secret: "guessed-secret",
    });
    expect((await deliver(compliance, forged)).status).toBe(401);
    expect((await rowsForShop(SHOP)).Session).toBe(1);
  });

  it("answers 400 when a data request names no customer, and records nothing", async () => {
    const response = await deliver(
      compliance,
      complianceRequest("customers/data_request", { shop_domain: SHOP, customer: {}, orders_requested: [] }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/names no customer/);
    expect(await db.customerDataRequest.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
  });
});

/** A webhook whose HMAC is right but whose body is whatever the test says. */
function signedWebhook(path: string, topic: string, body: string) {
  const signed = webhookRequest({ path, topic, shop: SHOP, payload: null });
  const headers = new Headers(signed.headers);
  headers.set("X-Shopify-Hmac-Sha256", createHmac("sha256", TEST_APP.apiSecret).update(body).digest("base64"));
  return new Request(signed.url, { method: "POST", headers, body });
}

const ROUTES = [
  ["app/uninstalled", "/webhooks/app/uninstalled", uninstalled],
  ["app/scopes_update", "/webhooks/app/scopes_update", scopesUpdate],
  ["shop/redact", "/webhooks/compliance", compliance],
  ["customers/redact", "/webhooks/compliance", compliance],
  ["customers/data_request", "/webhooks/compliance", compliance],
  ["products/update", "/webhooks/products", products],
  ["products/delete", "/webhooks/products", products],
  ["orders/create", "/webhooks/orders", orders],
  ["orders/updated", "/webhooks/orders", orders],
  ["orders/edited", "/webhooks/orders", orders],
  ["refunds/create", "/webhooks/refunds", refunds],
] as const;

describe("a signed webhook with a malformed body", () => {
  it.each(ROUTES)("%s: a body that is not JSON gets 400 and records nothing", async (topic, path, route) => {
    const response = await deliver(route, signedWebhook(path, topic, "{not json"));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not JSON/);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
    expect(await sessionsOf(SHOP)).toHaveLength(1);
  });

  it.each(ROUTES)("%s: JSON of the wrong shape gets 400 with the reason and records nothing", async (topic, path, route) => {
    for (const body of ["[1,2]", "null", '"text"', "{}"]) {
      const response = await deliver(route, signedWebhook(path, topic, body));
      expect(response.status, body).toBe(400);
      expect(await response.text()).toMatch(/malformed|names no customer/);
    }
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
    expect(await sessionsOf(SHOP)).toHaveLength(1);
  });
});

describe("redaction is final", () => {
  const redact = () =>
    deliver(compliance, webhookRequest({ path: "/webhooks/compliance", topic: "shop/redact", shop: SHOP, payload: { shop_domain: SHOP } }));
  const redelivered = {
    "products/update": () =>
      webhookRequest({ path: "/webhooks/products", topic: "products/update", shop: SHOP, payload: { id: 1002 } }),
    "customers/data_request": () =>
      webhookRequest({ path: "/webhooks/compliance", topic: "customers/data_request", shop: SHOP, payload: dataRequestPayload() }),
    "customers/redact": () =>
      webhookRequest({
        path: "/webhooks/compliance",
        topic: "customers/redact",
        shop: SHOP,
        payload: { shop_domain: SHOP, customer, orders_to_redact: [] },
      }),
    "app/uninstalled": () => webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop: SHOP, payload: { id: 1 } }),
    "app/scopes_update": () =>
      webhookRequest({ path: "/webhooks/app/scopes_update", topic: "app/scopes_update", shop: SHOP, payload: { current: ["read_products"] } }),
    "shop/redact": () => webhookRequest({ path: "/webhooks/compliance", topic: "shop/redact", shop: SHOP, payload: { shop_domain: SHOP } }),
  };
  const routeOf = { "products/update": products, "app/uninstalled": uninstalled, "app/scopes_update": scopesUpdate };

  it.each(Object.keys(redelivered) as (keyof typeof redelivered)[])(
    "a %s after shop/redact is answered 200 and recreates nothing of the shop",
    async (topic) => {
      await redact();
      const response = await deliver(routeOf[topic as keyof typeof routeOf] ?? compliance, redelivered[topic]());
      expect(response.status).toBe(200);
      expect(response.headers.get("X-Upstack-Webhook")).toBe("redacted");
      const { ShopRedaction: marker, ...rows } = await rowsForShop(SHOP);
      expect(marker).toBe(1);
      expect(Object.values(rows).every((count) => count === 0)).toBe(true);
    },
  );

  it("the same shop/redact delivered twice leaves only the marker", async () => {
    const request = () =>
      webhookRequest({ path: "/webhooks/compliance", topic: "shop/redact", shop: SHOP, payload: { shop_domain: SHOP }, webhookId: "redact-1" });
    await deliver(compliance, request());
    await deliver(compliance, request());
    expect(await db.shopRedaction.count({ where: { shop: SHOP } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("installing the app again lifts the marker: webhooks act as before", async () => {
    await redact();
    // The merchant opens the app: token exchange stores a new offline session.
    mswServer.use(
      http.post(`https://${SHOP}/admin/oauth/access_token`, () =>
        HttpResponse.json({ access_token: "fresh-offline-token", scope: SCOPES }),
      ),
    );
    const opened = await deliver(appLayout, adminRequest("/app", SHOP));
    expect(opened.status).toBe(200);
    expect(await db.shopRedaction.count({ where: { shop: SHOP } })).toBe(0);

    const response = await deliver(compliance, redelivered["customers/data_request"]());
    expect(response.headers.get("X-Upstack-Webhook")).toBe("acted");
    expect(await db.customerDataRequest.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("marks only the redacted shop", async () => {
    await redact();
    const response = await deliver(
      uninstalled,
      webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop: OTHER_SHOP, payload: { id: 2 } }),
    );
    expect(response.headers.get("X-Upstack-Webhook")).toBe("acted");
    expect(await sessionsOf(OTHER_SHOP)).toHaveLength(0);
  });
});
