import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { loader as appLayout } from "~/routes/app";
import { loader as dashboard } from "~/routes/app._index";
import { loader as dataRequests } from "~/routes/app.data-requests";
import { loader as dataRequestReport } from "~/routes/app.data-requests.$id";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { adminRequest, installShop, runRoute as load, TEST_APP } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "admin-shop.myshopify.com";
const OTHER_SHOP = "rival-shop.myshopify.com";

const shopify = stubAdminGraphql();
afterEach(() => {
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});


beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  await installShop(SHOP);
  await installShop(OTHER_SHOP);
  mswServer.use(shopify.handler);
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Admin Shop", currencyCode: "EUR", myshopifyDomain: SHOP, plan: { shopifyPlus: true, partnerDevelopment: false } } },
  });
});

describe("the embedded admin", () => {
  it("does not reach data without a session token", async () => {
    const anonymous = new Request(new URL("/app", TEST_APP.url));
    for (const loader of [appLayout, dashboard, dataRequests]) {
      const response = await load(loader, anonymous);
      expect(response.status).not.toBe(200);
      expect(await response.text()).not.toContain("Admin Shop");
    }
    expect(shopify.calls).toEqual([]);
  });

  it("rejects a session token signed with another secret", async () => {
    const forged = await adminRequest("/app", SHOP);
    const { token } = await getJwt("admin-shop", TEST_APP.apiKey, "someone-elses-secret");
    forged.headers.set("authorization", `Bearer ${token}`);
    const response = await load(dashboard, forged);
    expect(response.status).toBe(401);
    expect(shopify.calls).toEqual([]);
  });

  it("shows the dashboard with the shop's name and currency from the Admin API", async () => {
    const response = await load(dashboard, adminRequest("/app", SHOP));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      shop: { name: "Admin Shop", currencyCode: "EUR", myshopifyDomain: SHOP, plan: { shopifyPlus: true, partnerDevelopment: false } },
      dataRequests: 0,
    });
    expect(shopify.calls.map((call) => [call.shop, call.operationName])).toEqual([[SHOP, "UpstackShopSummary"]]);
  });

  it("hands the layout the app's API key for App Bridge", async () => {
    const response = await load(appLayout, adminRequest("/app", SHOP));
    expect(await response.json()).toEqual({ apiKey: TEST_APP.apiKey });
  });
});

describe("customer data requests in the admin", () => {
  async function recordRequest(shop: string, email: string) {
    return db.customerDataRequest.create({
      data: {
        shop,
        customerId: "1",
        customerEmail: email,
        ordersRequested: JSON.stringify(["11", "12"]),
        report: JSON.stringify({ customer: { id: "1", email }, dataRequests: [] }),
      },
    });
  }

  it("lists only this shop's requests", async () => {
    await recordRequest(SHOP, "ours@example.com");
    await recordRequest(OTHER_SHOP, "theirs@example.com");
    const response = await load(dataRequests, adminRequest("/app/data-requests", SHOP));
    const { requests } = (await response.json()) as { requests: { customerEmail: string; ordersRequested: number }[] };
    expect(requests).toEqual([expect.objectContaining({ customerEmail: "ours@example.com", ordersRequested: 2 })]);
  });

  it("downloads this shop's report as JSON", async () => {
    const ours = await recordRequest(SHOP, "ours@example.com");
    const response = await load(dataRequestReport, adminRequest(`/app/data-requests/${ours.id}`, SHOP), {
      id: ours.id,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    expect(await response.json()).toEqual({ customer: { id: "1", email: "ours@example.com" }, dataRequests: [] });
  });

  it("answers 404 for another shop's request, without leaking it", async () => {
    const theirs = await recordRequest(OTHER_SHOP, "theirs@example.com");
    const response = await load(
      dataRequestReport,
      adminRequest(`/app/data-requests/${theirs.id}`, SHOP),
      { id: theirs.id },
    );
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("theirs@example.com");
  });
});
