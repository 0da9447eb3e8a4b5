import { describe, expect, it } from "vitest";
import { holdoutLift, funnelScoreboard, type ScoreboardEvent, type ScoreboardOrder } from "./scoreboard";
import {
  buildScoreboard,
  holdoutKeyOfDay,
  liftSide,
  offerRevenueRows,
  splitRange,
  summariseOfferEvents,
  summariseOrders,
} from "./scoreboard-view";
import { isHeldOut } from "./holdout";

const at = (iso: string) => new Date(iso);

function order(id: string, placedAt: string, total: number, extra: Partial<ScoreboardOrder> = {}): ScoreboardOrder {
  return {
    id,
    placedAt: at(placedAt),
    shopCurrency: "USD",
    presentmentCurrency: "USD",
    total: { shop: total, presentment: total },
    refunds: [],
    offerLines: [],
    sawOffer: false,
    holdout: false,
    ...extra,
  };
}

describe("splitRange", () => {
  it("splits a range into whole UTC days and partial ends", () => {
    expect(splitRange({ from: at("2026-11-01T00:00:00Z"), to: at("2026-11-04T00:00:00Z") })).toEqual({
      days: { from: "2026-11-01", to: "2026-11-04" },
      edges: [],
    });
    expect(splitRange({ from: at("2026-11-01T10:00:00Z"), to: at("2026-11-03T05:00:00Z") })).toEqual({
      days: { from: "2026-11-02", to: "2026-11-03" },
      edges: [
        { from: at("2026-11-01T10:00:00Z"), to: at("2026-11-02T00:00:00Z") },
        { from: at("2026-11-03T00:00:00Z"), to: at("2026-11-03T05:00:00Z") },
      ],
    });
    expect(splitRange({ from: at("2026-11-01T10:00:00Z"), to: at("2026-11-01T12:00:00Z") })).toEqual({
      days: null,
      edges: [{ from: at("2026-11-01T10:00:00Z"), to: at("2026-11-01T12:00:00Z") }],
    });
  });
});

describe("the holdout split of a day", () => {
  const setting = { percent: 10, since: at("2026-11-05T12:00:00Z") };
  it("is empty for days over before the share was set, and names the share after", () => {
    expect(holdoutKeyOfDay("2026-11-04", setting)).toBe("");
    expect(holdoutKeyOfDay("2026-11-05", setting)).toBe("10@2026-11-05T12:00:00.000Z");
    expect(holdoutKeyOfDay("2026-11-05", { percent: 0, since: null })).toBe("");
  });

  it("puts only orders since the share was set, with a checkout token, in the lift", () => {
    expect(liftSide({ placedAt: at("2026-11-05T11:59:59Z"), checkoutToken: "t" }, setting)).toBeNull();
    expect(liftSide({ placedAt: at("2026-11-06T00:00:00Z"), checkoutToken: null }, setting)).toBeNull();
    expect(liftSide({ placedAt: at("2026-11-06T00:00:00Z"), checkoutToken: "t" }, setting)).toBe(isHeldOut("t", 10) ? "holdout" : "treated");
  });
});

describe("buildScoreboard", () => {
  // Hand-computed: baseline 4000 and 6000 (AOV 5000); in range two USD orders and one EUR-paid order.
  const baseline = [order("b1", "2026-10-01T00:00:00Z", 4000), order("b2", "2026-10-02T00:00:00Z", 6000)];
  const inRange = [
    order("o1", "2026-11-01T08:00:00Z", 10_000, {
      presentmentCurrency: "EUR",
      total: { shop: 10_000, presentment: 9_000 },
      refunds: [{ shop: 2_000, presentment: 1_800 }],
      offerLines: [{ funnelId: "F", offer: "bump", amount: 3_000, refunded: 1_000 }],
      sawOffer: true,
    }),
    order("o2", "2026-11-01T09:00:00Z", 5_000),
    order("o3", "2026-11-02T09:00:00Z", 7_000, { offerLines: [{ funnelId: "F", offer: "upsell", amount: 2_000, refunded: 0 }], sawOffer: true }),
  ];
  const events: ScoreboardEvent[] = [
    { funnelId: "F", offer: "bump", type: "impression", purchaseKey: "p1", occurredAt: at("2026-11-01T07:00:00Z") },
    { funnelId: "F", offer: "bump", type: "accept", purchaseKey: "p1", occurredAt: at("2026-11-01T07:01:00Z") },
    { funnelId: "F", offer: "bump", type: "impression", purchaseKey: "p2", occurredAt: at("2026-11-01T08:30:00Z") },
    { funnelId: "F", offer: "upsell", type: "impression", purchaseKey: "p3", occurredAt: at("2026-11-02T09:01:00Z") },
    { funnelId: "F", offer: "upsell", type: "accept", purchaseKey: "p3", occurredAt: at("2026-11-02T09:02:00Z") },
  ];
  const withSide = (orders: ScoreboardOrder[]) => orders.map((o) => ({ ...o, liftSide: null }));
  const board = buildScoreboard({
    shopCurrency: "USD",
    range: { from: at("2026-11-01T00:00:00Z"), to: at("2026-11-03T00:00:00Z") },
    installedAt: at("2026-10-15T00:00:00Z"),
    holdout: { percent: 0, since: null },
    orders: summariseOrders(withSide(inRange)),
    baseline: summariseOrders(withSide(baseline)),
    offerDays: summariseOfferEvents(events),
    offerRevenue: offerRevenueRows(inRange),
    funnelNames: new Map([["F", "Course"]]),
    backfill: null,
  });

  it("gives the headline against the baseline, in shop money", () => {
    expect(board.headline).toEqual({
      orders: 3,
      // (8000 + 5000 + 7000) / 3 = 6666.67
      aov: { amount: 6667, currency: "USD" },
      baselineOrders: 2,
      baselineAov: { amount: 5000, currency: "USD" },
      aovChange: { amount: 1667, share: 1667 / 5000 },
      revenueAdded: { amount: 4000, currency: "USD" },
      ordersWithAcceptedOffer: 2,
    });
    expect(board.aovByCurrency.map((row) => [row.currency, row.orders, row.aov?.amount])).toEqual([
      ["EUR", 1, 7200],
      ["USD", 2, 6000],
    ]);
    expect(board.sawOffer.sawOffer.aov?.amount).toBe(7500);
    expect(board.sawOffer.noOffer.aov?.amount).toBe(5000);
  });

  it("agrees with core's funnelScoreboard per offer, and gives each day its take rates", () => {
    const reference = funnelScoreboard(events, inRange);
    const [funnel] = board.funnels;
    expect(funnel!.name).toBe("Course");
    for (const stats of reference[0]!.offers) {
      const view = funnel!.offers.find((offer) => offer.offer === stats.offer)!;
      expect([view.impressions, view.accepts, view.declines, view.takeRate]).toEqual([stats.impressions, stats.accepts, stats.declines, stats.takeRate]);
      expect([view.revenueAdded]).toEqual(stats.revenueAdded);
    }
    expect(board.daily.map((day) => [day.date, day.orders, day.aov?.amount, day.takeRates.bump?.value, day.takeRates.upsell?.value])).toEqual([
      ["2026-11-01", 2, 6500, 0.5, null],
      ["2026-11-02", 1, 7000, null, 1],
    ]);
  });

  it("gives the holdout lift from the sums as core's holdoutLift does from the orders", () => {
    const orders = Array.from({ length: 400 }, (_, i) =>
      order(`h${i}`, "2026-11-01T10:00:00Z", 2_000 + ((i * 7_919) % 6_000), { holdout: isHeldOut(`key-${i}`, 50) }),
    );
    const lift = buildScoreboard({
      shopCurrency: "USD",
      range: { from: at("2026-11-01T00:00:00Z"), to: at("2026-11-02T00:00:00Z") },
      installedAt: null,
      holdout: { percent: 50, since: at("2026-10-01T00:00:00Z") },
      orders: summariseOrders(orders.map((o) => ({ ...o, liftSide: o.holdout ? ("holdout" as const) : ("treated" as const) }))),
      baseline: [],
      offerDays: [],
      offerRevenue: [],
      funnelNames: new Map(),
      backfill: null,
    }).holdout;
    const expected = holdoutLift(orders, "USD", "shop");
    expect(lift.enoughData).toBe(true);
    expect(lift.lift.treatedOrders).toBe(expected.treatedOrders);
    expect(lift.lift.lift!.estimate).toBeCloseTo(expected.lift!.estimate, 6);
    expect(lift.lift.lift!.low).toBeCloseTo(expected.lift!.low, 6);
  });
});
