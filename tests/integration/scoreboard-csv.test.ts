import { beforeEach, describe, expect, it } from "vitest";
import { orderHoldoutBucket } from "@upstack/core";
import db from "~/db.server";
import { loader as scoreboardCsv } from "~/routes/app.scoreboard[.]csv";
import { adminRequest, installShop, runRoute as load, TEST_APP } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "csv-shop.myshopify.com";
const OTHER_SHOP = "csv-rival.myshopify.com";

async function seedOrder(shop: string, id: string, placedAt: string, total: number, token: string) {
  await db.order.create({
    data: {
      shop,
      orderId: `gid://shopify/Order/${id}`,
      placedAt: new Date(placedAt),
      shopifyUpdatedAt: new Date(placedAt),
      checkoutToken: token,
      shopCurrency: "USD",
      totalShop: total,
      presentmentCurrency: "USD",
      totalPresentment: total,
      holdoutBucket: orderHoldoutBucket(token),
    },
  });
}

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  await installShop(SHOP);
  await installShop(OTHER_SHOP);
  // A funnel name typed to become a formula in a spreadsheet.
  const funnel = await db.funnel.create({ data: { shop: SHOP, name: '=HYPERLINK("https://evil.test","Click")', definition: "{}" } });
  await seedOrder(SHOP, "1", "2026-11-02T10:00:00Z", 12_345, "tok-1");
  await seedOrder(SHOP, "2", "2026-11-02T11:00:00Z", 5_000, "tok-2");
  await db.orderOfferLine.create({
    data: {
      shop: SHOP,
      orderId: "gid://shopify/Order/1",
      lineItemId: "gid://shopify/LineItem/1",
      offer: "bump",
      funnelId: funnel.id,
      variantId: "gid://shopify/ProductVariant/1",
      quantity: 1,
      amountShop: 1_999,
      amountPresentment: 1_999,
    },
  });
  for (const [token, type, at] of [
    ["tok-1", "impression", "2026-11-02T09:58:00Z"],
    ["tok-1", "accept", "2026-11-02T09:59:00Z"],
    ["tok-2", "impression", "2026-11-02T10:58:00Z"],
  ] as const) {
    await db.offerEvent.create({
      data: { shop: SHOP, funnelId: funnel.id, offer: "bump", type, variantId: "gid://shopify/ProductVariant/1", purchaseKey: token, occurredAt: new Date(at) },
    });
  }
  await seedOrder(OTHER_SHOP, "9", "2026-11-02T12:00:00Z", 99_999, "tok-9");
});

describe("GET /app/scoreboard.csv", () => {
  it("downloads the shop's per-day and per-offer figures, a formula-like name as plain text", async () => {
    const response = await load(scoreboardCsv, adminRequest("/app/scoreboard.csv?from=2026-11-01&to=2026-11-03", SHOP));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="upstack-scoreboard-2026-11-01-to-2026-11-03.csv"');
    const lines = (await response.text()).split("\r\n");
    expect(lines).toEqual([
      "Date,Orders,Net revenue (USD),Average order value (USD),Order bump take rate (%)",
      "2026-11-01,0,0,,",
      // (12345 + 5000) / 2 = 8672.5 -> 8673 cents; 1 of 2 shown took the bump.
      "2026-11-02,2,173.45,86.73,50",
      "2026-11-03,0,0,,",
      "",
      'Funnel,Offer,Impressions,Accepts,Declines,Take rate (%),"Revenue added, net of refunds (USD)"',
      `"'=HYPERLINK(""https://evil.test"",""Click"")",Order bump,2,1,0,50,19.99`,
      "",
    ]);
  });

  it("refuses a bad range with the reason, and a request without a session", async () => {
    for (const [query, reason] of [
      ["from=2026-11-05&to=2026-11-01", '"from" (2026-11-05) is after "to" (2026-11-01).'],
      ["from=yesterday", '"from" must be a date as YYYY-MM-DD, got "yesterday".'],
      ["from=2026-02-30&to=2026-03-01", '"from" must be a date as YYYY-MM-DD, got "2026-02-30".'],
      ["from=2020-01-01&to=2026-01-01", "A range may cover at most 731 days; this one covers 2193."],
    ]) {
      const response = await load(scoreboardCsv, adminRequest(`/app/scoreboard.csv?${query}`, SHOP));
      expect(response.status, query).toBe(400);
      expect(await response.text()).toBe(reason);
    }
    const anonymous = await load(scoreboardCsv, new Request(new URL("/app/scoreboard.csv", TEST_APP.url)));
    expect(anonymous.status).not.toBe(200);
    expect(await anonymous.text()).not.toContain("Date,Orders");
  });

  it("never shows another shop's orders", async () => {
    const response = await load(scoreboardCsv, adminRequest("/app/scoreboard.csv?from=2026-11-02&to=2026-11-02", OTHER_SHOP));
    const text = await response.text();
    expect(text).toContain("2026-11-02,1,999.99,999.99");
    expect(text).not.toContain("HYPERLINK");
  });
});
