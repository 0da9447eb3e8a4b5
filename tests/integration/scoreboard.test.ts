import { beforeEach, describe, expect, it } from "vitest";
import { holdoutLift, isHeldOut, orderHoldoutBucket } from "@upstack/core";
import db from "~/db.server";
import { funnelTotals, loadScoreboard } from "~/services/scoreboard.server";
import { resetShop } from "../support/shop-rows";

const SHOP = "scoreboard-shop.myshopify.com";
const OTHER = "scoreboard-bystander.myshopify.com";
const at = (iso: string) => new Date(iso);
const RANGE = { from: at("2026-11-05T00:00:00Z"), to: at("2026-11-12T00:00:00Z") };

type OrderSeed = {
  id: string;
  placedAt: string;
  token?: string | null;
  total: number;
  presentment?: { currency: string; total: number };
  shop?: string;
};

async function seedOrder(seed: OrderSeed) {
  const token = seed.token === undefined ? `tok-${seed.id}` : seed.token;
  await db.order.create({
    data: {
      shop: seed.shop ?? SHOP,
      orderId: `gid://shopify/Order/${seed.id}`,
      placedAt: at(seed.placedAt),
      shopifyUpdatedAt: at(seed.placedAt),
      checkoutToken: token,
      shopCurrency: "USD",
      totalShop: seed.total,
      presentmentCurrency: seed.presentment?.currency ?? "USD",
      totalPresentment: seed.presentment?.total ?? seed.total,
      holdoutBucket: orderHoldoutBucket(token),
    },
  });
}

async function seedLine(orderId: string, lineItemId: string, offer: string, funnelId: string, amountShop: number, shop = SHOP) {
  await db.orderOfferLine.create({
    data: {
      shop,
      orderId: `gid://shopify/Order/${orderId}`,
      lineItemId: `gid://shopify/LineItem/${lineItemId}`,
      offer,
      funnelId,
      variantId: "gid://shopify/ProductVariant/1",
      quantity: 1,
      amountShop,
      amountPresentment: amountShop,
    },
  });
}

async function seedRefund(orderId: string, refundId: string, lines: { lineItemId: string; amountShop: number; amountPresentment: number }[]) {
  const full = lines.map((line) => ({ ...line, lineItemId: `gid://shopify/LineItem/${line.lineItemId}`, quantity: 1 }));
  await db.orderRefund.create({
    data: {
      shop: SHOP,
      refundId: `gid://shopify/Refund/${refundId}`,
      orderId: `gid://shopify/Order/${orderId}`,
      createdAt: at("2026-11-20T00:00:00Z"),
      amountShop: lines.reduce((sum, line) => sum + line.amountShop, 0),
      amountPresentment: lines.reduce((sum, line) => sum + line.amountPresentment, 0),
      lines: JSON.stringify(full),
    },
  });
}

async function seedEvent(funnelId: string, offer: string, type: string, purchaseKey: string | null, occurredAt: string, shop = SHOP) {
  await db.offerEvent.create({
    data: { shop, funnelId, offer, type, variantId: "gid://shopify/ProductVariant/1", purchaseKey, occurredAt: at(occurredAt) },
  });
}

let funnelId: string;

beforeEach(async () => {
  await resetShop(SHOP, OTHER);
  funnelId = (await db.funnel.create({ data: { shop: SHOP, name: "Course funnel", status: "active", definition: "{}" } })).id;
  await db.orderBackfill.create({
    data: { shop: SHOP, since: at("2026-09-02T00:00:00Z"), startedAt: at("2026-11-01T00:00:00Z"), state: "done", ordersRead: 2 },
  });
});

describe("loadScoreboard", () => {
  beforeEach(async () => {
    // Baseline: before the install (2026-11-01): AOV (4000 + 6000) / 2 = 5000.
    await seedOrder({ id: "b1", placedAt: "2026-10-20T12:00:00Z", total: 4000 });
    await seedOrder({ id: "b2", placedAt: "2026-10-25T12:00:00Z", total: 6000 });
    // In range. o1: on the range's first instant; paid in euros; 2000 USD refunded, 1000 of it on its bump line.
    await seedOrder({ id: "o1", placedAt: "2026-11-05T00:00:00Z", total: 10_000, presentment: { currency: "EUR", total: 9000 } });
    await seedLine("o1", "l1", "bump", "FUNNEL", 3000);
    await seedRefund("o1", "r1", [
      { lineItemId: "l1", amountShop: 1000, amountPresentment: 900 },
      { lineItemId: "l0", amountShop: 1000, amountPresentment: 900 },
    ]);
    await seedOrder({ id: "o2", placedAt: "2026-11-06T09:00:00Z", total: 5000 });
    await seedOrder({ id: "o3", placedAt: "2026-11-11T23:59:59.999Z", total: 7000 });
    await seedLine("o3", "l3", "upsell", "FUNNEL", 2000);
    // Outside the range: just before and exactly at its end.
    await seedOrder({ id: "o4", placedAt: "2026-11-04T23:59:59.999Z", total: 50_000 });
    await seedOrder({ id: "o5", placedAt: "2026-11-12T00:00:00Z", total: 50_000 });
    // Another shop's order, offer line and events, in the range, with the same tokens.
    await seedOrder({ id: "x1", placedAt: "2026-11-06T00:00:00Z", total: 90_000, shop: OTHER, token: "tok-o2" });
    await seedLine("x1", "lx", "bump", "FUNNEL", 40_000, OTHER);
  });

  async function seedEvents() {
    const f = funnelId;
    // o1's checkout: ticked, unticked, ticked again: one purchase, accepted.
    await seedEvent(f, "bump", "impression", "tok-o1", "2026-11-05T10:00:00Z");
    await seedEvent(f, "bump", "accept", "tok-o1", "2026-11-05T10:01:00Z");
    await seedEvent(f, "bump", "remove", "tok-o1", "2026-11-05T10:02:00Z");
    await seedEvent(f, "bump", "accept", "tok-o1", "2026-11-05T10:03:00Z");
    // An abandoned checkout that saw the bump on 11-06.
    await seedEvent(f, "bump", "impression", "tok-abandoned", "2026-11-06T08:00:00Z");
    // o3: declined the upsell, took the downsell.
    await seedEvent(f, "upsell", "impression", "tok-o3", "2026-11-11T23:00:00Z");
    await seedEvent(f, "upsell", "decline", "tok-o3", "2026-11-11T23:01:00Z");
    await seedEvent(f, "downsell", "impression", "tok-o3", "2026-11-11T23:02:00Z");
    await seedEvent(f, "downsell", "accept", "tok-o3", "2026-11-11T23:03:00Z");
    // A purchase first shown the bump before the range: not counted in it.
    await seedEvent(f, "bump", "impression", "tok-early", "2026-11-04T23:00:00Z");
    await seedEvent(f, "bump", "accept", "tok-early", "2026-11-05T01:00:00Z");
    // Another shop's events on the same purchase keys.
    await seedEvent(f, "bump", "impression", "tok-o2", "2026-11-06T00:00:00Z", OTHER);
    await seedEvent(f, "bump", "accept", "tok-o2", "2026-11-06T00:01:00Z", OTHER);
  }

  it("gives the headline in shop money, net of refunds, against the baseline", async () => {
    await db.orderOfferLine.updateMany({ where: { shop: SHOP }, data: { funnelId } });
    await seedEvents();
    const board = await loadScoreboard(SHOP, RANGE);

    expect(board.shopCurrency).toBe("USD");
    expect(board.installedAt).toBe("2026-11-01T00:00:00.000Z");
    expect(board.range).toEqual({ from: "2026-11-05T00:00:00.000Z", to: "2026-11-12T00:00:00.000Z" });
    // o1 8000 (10000 - 2000 refunded), o2 5000, o3 7000: 20000 / 3 = 6666.67 -> 6667.
    expect(board.headline).toMatchObject({
      orders: 3,
      aov: { amount: 6667, currency: "USD" },
      baselineOrders: 2,
      baselineAov: { amount: 5000, currency: "USD" },
      aovChange: { amount: 1667 },
      // Bump line 3000 - 1000 refunded on it, upsell line 2000; the other shop's line is not counted.
      revenueAdded: { amount: 4000, currency: "USD" },
      ordersWithAcceptedOffer: 2,
    });
    expect(board.headline.aovChange?.share).toBeCloseTo(1667 / 5000, 10);
    // Per currency the buyers paid in: EUR 9000 - 1800 refunded; USD (5000 + 7000) / 2.
    expect(board.aovByCurrency).toEqual([
      { currency: "EUR", orders: 1, netRevenue: { amount: 7200, currency: "EUR" }, aov: { amount: 7200, currency: "EUR" } },
      { currency: "USD", orders: 2, netRevenue: { amount: 12_000, currency: "USD" }, aov: { amount: 6000, currency: "USD" } },
    ]);
    // o1 and o3 saw an offer; o2's checkout token has events only in the other shop.
    expect(board.sawOffer.sawOffer).toMatchObject({ orders: 2, aov: { amount: 7500 } });
    expect(board.sawOffer.noOffer).toMatchObject({ orders: 1, aov: { amount: 5000 } });
    expect(board.lowData).toMatchObject({ noOrders: false, fewOrders: true, noBaseline: false, noOffersShown: false });
    expect(board.backfill).toMatchObject({ state: "done", since: "2026-09-02T00:00:00.000Z", ordersRead: 2 });
    expect(JSON.parse(JSON.stringify(board))).toEqual(board);
  });

  it("gives per funnel and offer take rates, revenue and downsell recovery, and a daily series", async () => {
    await db.orderOfferLine.updateMany({ where: { shop: SHOP }, data: { funnelId } });
    await seedEvents();
    const board = await loadScoreboard(SHOP, RANGE);

    expect(board.funnels).toHaveLength(1);
    const [funnel] = board.funnels;
    expect(funnel).toMatchObject({
      funnelId,
      name: "Course funnel",
      // bump 2 shown (o1, abandoned), upsell 1, downsell 1; accepted: o1's bump, o3's downsell.
      impressions: 4,
      accepts: 2,
      takeRate: { numerator: 2, denominator: 4, value: 0.5 },
      revenueAdded: { amount: 4000, currency: "USD" },
      downsellRecovery: { numerator: 1, denominator: 1, value: 1 },
    });
    expect(funnel!.offers.map((offer) => [offer.offer, offer.impressions, offer.accepts, offer.declines, offer.revenueAdded.amount])).toEqual([
      ["bump", 2, 1, 0, 2000],
      ["upsell", 1, 0, 1, 2000],
      ["downsell", 1, 1, 0, 0],
    ]);

    expect(board.daily.map((day) => day.date)).toEqual([
      "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08", "2026-11-09", "2026-11-10", "2026-11-11",
    ]);
    const [first, second, , , , , last] = board.daily;
    expect(first).toMatchObject({ orders: 1, aov: { amount: 8000 }, takeRates: { bump: { numerator: 1, denominator: 1 } } });
    expect(second).toMatchObject({ orders: 1, aov: { amount: 5000 }, takeRates: { bump: { numerator: 0, denominator: 1 } } });
    expect(board.daily[2]).toMatchObject({ orders: 0, aov: null, takeRates: { bump: { value: null } } });
    expect(last).toMatchObject({ orders: 1, aov: { amount: 7000 }, takeRates: { upsell: { value: 0 }, downsell: { value: 1 } } });

    const totals = await funnelTotals(SHOP, RANGE);
    expect(totals.get(funnelId)).toEqual({ takeRate: funnel!.takeRate, revenueAdded: funnel!.revenueAdded });
  });

  it("says what is missing when there is nothing yet", async () => {
    await resetShop(SHOP);
    const board = await loadScoreboard(SHOP, RANGE, { shopCurrency: "CAD" });
    expect(board.shopCurrency).toBe("CAD");
    expect(board.installedAt).toBeNull();
    expect(board.backfill).toBeNull();
    expect(board.headline).toMatchObject({ orders: 0, aov: null, baselineAov: null, aovChange: null, revenueAdded: { amount: 0 } });
    expect(board.lowData).toEqual({ noOrders: true, fewOrders: true, noBaseline: true, noOffersShown: true, holdoutNeedsMoreOrders: false });
    expect(board.funnels).toEqual([]);
  });
});

describe("holdout lift", () => {
  it("compares orders since the share was set, treated vs held out, as core computes it", async () => {
    const since = at("2026-11-03T00:00:00Z");
    await db.shopSettings.create({ data: { shop: SHOP, holdoutPercent: 50, holdoutSince: since } });
    const rows = Array.from({ length: 300 }, (_, i) => ({
      id: `h${i}`,
      // Every 10th order is placed before the share was set; every 15th has no checkout token.
      placedAt: i % 10 === 0 ? "2026-11-02T12:00:00Z" : `2026-11-0${5 + (i % 5)}T12:00:00Z`,
      token: i % 15 === 0 ? null : `holdout-token-${i}`,
      total: 3000 + ((i * 7919) % 5000),
    }));
    for (const row of rows) await seedOrder(row);

    const board = await loadScoreboard(SHOP, { from: at("2026-11-01T00:00:00Z"), to: at("2026-11-12T00:00:00Z") });
    const inLift = rows.filter((row) => row.token && row.placedAt >= "2026-11-03");
    const expected = holdoutLift(
      inLift.map((row) => ({
        id: row.id,
        placedAt: at(row.placedAt),
        shopCurrency: "USD",
        presentmentCurrency: "USD",
        total: { shop: row.total, presentment: row.total },
        refunds: [],
        offerLines: [],
        sawOffer: false,
        holdout: isHeldOut(row.token!, 50),
      })),
      "USD",
      "shop",
    );
    expect(expected.treatedOrders).toBeGreaterThanOrEqual(100);
    expect(expected.holdoutOrders).toBeGreaterThanOrEqual(100);
    expect(board.holdout).toMatchObject({ percent: 50, since: since.toISOString(), enoughData: true, minOrdersPerSide: 100 });
    expect(board.holdout.lift).toMatchObject({ currency: "USD", treatedOrders: expected.treatedOrders, holdoutOrders: expected.holdoutOrders });
    expect(board.holdout.lift.lift!.estimate).toBeCloseTo(expected.lift!.estimate, 6);
    expect(board.holdout.lift.lift!.low).toBeCloseTo(expected.lift!.low, 6);
    expect(board.holdout.lift.lift!.high).toBeCloseTo(expected.lift!.high, 6);
  });
});
