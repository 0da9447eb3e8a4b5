import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appJobs } from "~/jobs/jobs.server";
import { readHoldout } from "~/models/shop-settings.server";
import { loader as orderLoader } from "~/routes/app.orders.$id";
import { loader as ordersLoader } from "~/routes/app.orders._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/app.settings";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { COURSE_STORE, answerCatalog } from "../support/shopify-catalog";
import { seedCoverageOrders as seedOrders } from "../support/coverage-orders";
import { adminRequest, installShop, runRoute } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// The holdout setting, and the coverage view: "why did this order get no offer?"

const SHOP = "coverage-shop.myshopify.com";
const OTHER_SHOP = "coverage-rival.myshopify.com";
const shopify = stubAdminGraphql();

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  for (const shop of [SHOP, OTHER_SHOP]) await installShop(shop);
  shopify.reset();
  mswServer.use(shopify.handler);
});
afterEach(() => {
  expect(shopify.failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

const saveShare = (value: string) => {
  const form = new FormData();
  form.set("holdoutPercent", value);
  return runRoute(settingsAction, adminRequest("/app/settings", SHOP, "fetch", { method: "POST", body: form }));
};

describe("the holdout setting", () => {
  it("starts at 0, refuses a bad share with the field's reason, and changes nothing then", async () => {
    const loaded = (await (await runRoute(settingsLoader, adminRequest("/app/settings", SHOP))).json()) as { holdout: { percent: number } };
    expect(loaded.holdout.percent).toBe(0);
    for (const [value, reason] of [["ten", /number/], ["10.125", /2 decimal/], ["150", /more than 100/], ["", /0 to 100/]] as const) {
      const response = await saveShare(value);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { errors: { holdoutPercent: string } }).errors.holdoutPercent).toMatch(reason);
    }
    expect(await readHoldout(SHOP)).toEqual({ percent: 0, since: null });
  });

  it("saves a share and publishes it to checkout, where the card reads it", async () => {
    answerCatalog(shopify, Object.values(COURSE_STORE), { shop: SHOP });
    const response = await saveShare("12.5");
    expect(response.status).toBe(200);
    expect(await readHoldout(SHOP)).toMatchObject({ percent: 12.5 });
    expect(await appJobs().runDueJobs()).toBeGreaterThanOrEqual(1);
    const set = shopify.calls.findLast((call) => call.operationName === "UpstackPublishMetafields");
    const checkout = (set!.variables!.metafields as { key: string; value: string }[]).find((m) => m.key === "checkout_config");
    expect(JSON.parse(checkout!.value)).toMatchObject({ holdoutPercent: 12.5 });
    // The other shop's setting is untouched.
    expect(await readHoldout(OTHER_SHOP)).toEqual({ percent: 0, since: null });
  });
});

type Report = {
  coverage: { surface: string; outcome: string; reason: string | null }[];
  offerLines: { offer: string; amountShop: number }[];
  events: { offer: string; type: string }[];
  heldOut: boolean;
  funnelNames: Record<string, string>;
};

const openOrder = async (shop: string, id: string) => runRoute(orderLoader, adminRequest(`/app/orders/${id}`, shop), { id });
const reasonsOf = (report: Report) => Object.fromEntries(report.coverage.map((row) => [row.surface, row.outcome === "shown" ? "shown" : row.reason]));

describe("why did this order get no offer?", () => {
  it("answers per surface for each order, with what it bought and what the buyer did", async () => {
    const { funnelId } = await seedOrders(SHOP, OTHER_SHOP);
    const bought = (await (await openOrder(SHOP, "1001")).json()) as Report;
    expect(reasonsOf(bought)).toEqual({ checkoutBump: "not_plus", cartBump: "not_reported", postPurchase: "shown", thankYou: "post_purchase_offered" });
    expect(bought.offerLines).toMatchObject([{ offer: "upsell", amountShop: 15_760 }]);
    expect(bought.events.map((e) => `${e.offer} ${e.type}`)).toEqual(["upsell impression", "upsell accept"]);
    expect(bought.funnelNames).toEqual({ [funnelId]: "Course stack" });
    expect(bought.heldOut).toBe(false);

    const held = (await (await openOrder(SHOP, "1002")).json()) as Report;
    expect(held.heldOut).toBe(true);
    expect(reasonsOf(held)).toMatchObject({ postPurchase: "holdout", thankYou: "holdout" });
    expect(held.offerLines).toEqual([]);

    expect(reasonsOf((await (await openOrder(SHOP, "1003")).json()) as Report)).toMatchObject({ postPurchase: "wallet_or_pay_later", thankYou: "shown" });
    expect(reasonsOf((await (await openOrder(SHOP, "1004")).json()) as Report)).toMatchObject({
      postPurchase: "no_shipping_address",
      thankYou: "no_funnel_matched",
    });
  });

  it("is a 404 for another shop's order and for an id that is no order id", async () => {
    await seedOrders(SHOP, OTHER_SHOP);
    expect((await openOrder(SHOP, "2001")).status).toBe(404);
    expect((await openOrder(OTHER_SHOP, "2001")).status).toBe(200);
    for (const id of ["abc", "gid://shopify/Order/1001", "1".repeat(30)]) expect((await openOrder(SHOP, id)).status).toBe(404);
  });

  it("lists recent orders with what each got, and coverage per surface over the period", async () => {
    await seedOrders(SHOP, OTHER_SHOP);
    const response = await runRoute(ordersLoader, adminRequest("/app/orders?from=2026-11-01&to=2026-11-30", SHOP));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      orders: { legacyId: string; bought: string[]; shown: string[] }[];
      coverage: { orders: number; surfaces: { surface: string; shown: number; couldSee: number; reasons: { reason: string; orders: number }[] }[] };
    };
    expect(body.orders.map((o) => o.legacyId)).toEqual(["1004", "1003", "1002", "1001"]);
    expect(body.orders.find((o) => o.legacyId === "1001")).toMatchObject({ bought: ["upsell"], shown: ["postPurchase"] });
    expect(body.coverage.orders).toBe(4);
    const surface = (name: string) => body.coverage.surfaces.find((s) => s.surface === name)!;
    // Not on Plus: the checkout bump could reach none.
    expect(surface("checkoutBump")).toMatchObject({ shown: 0, couldSee: 0, reasons: [{ reason: "not_plus", orders: 4 }] });
    // The wallet and the digital order were closed to the page; the held-out one could have seen it.
    expect(surface("postPurchase")).toMatchObject({ shown: 1, couldSee: 2 });
    expect(surface("thankYou")).toMatchObject({ shown: 1, couldSee: 4 });
    // Another period holds none of them; a malformed one is refused.
    const empty = await runRoute(ordersLoader, adminRequest("/app/orders?from=2026-10-01&to=2026-10-31", SHOP));
    expect(((await empty.json()) as { coverage: { orders: number } }).coverage.orders).toBe(0);
    expect((await runRoute(ordersLoader, adminRequest("/app/orders?from=2026-11-31", SHOP))).status).toBe(400);
  });
});
