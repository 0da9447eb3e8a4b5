import { describe, expect, it } from "vitest";
import {
  type ScoreboardEvent,
  type ScoreboardOrder,
  aovBeforeAndSince,
  aovByCurrency,
  aovByHoldout,
  aovBySawOffer,
  aovIn,
  funnelScoreboard,
  holdoutLift,
  netRevenue,
  ordersWithAcceptedOffer,
  rate,
} from "./scoreboard";

const installedAt = new Date("2026-02-01T00:00:00Z");

function order(fields: Partial<ScoreboardOrder> & Pick<ScoreboardOrder, "id" | "placedAt" | "total">): ScoreboardOrder {
  return {
    shopCurrency: "USD",
    presentmentCurrency: "USD",
    refunds: [],
    offerLines: [],
    sawOffer: false,
    holdout: false,
    ...fields,
  };
}

// Six orders; every expected number below is worked out by hand in the comments.
const orders: ScoreboardOrder[] = [
  // Baseline (before install).
  order({ id: "A", placedAt: new Date("2026-01-10T00:00:00Z"), total: { shop: 5000, presentment: 5000 } }),
  order({
    id: "B",
    placedAt: new Date("2026-01-20T00:00:00Z"),
    total: { shop: 3001, presentment: 3001 },
    refunds: [{ shop: 1000, presentment: 1000 }], // net 2001
  }),
  // Since install.
  order({
    id: "C",
    placedAt: new Date("2026-02-05T00:00:00Z"),
    presentmentCurrency: "EUR",
    total: { shop: 8000, presentment: 7400 },
    refunds: [{ shop: 500, presentment: 460 }], // net 7500 USD / 6940 EUR
    offerLines: [{ funnelId: "f1", offer: "bump", amount: 2000, refunded: 500 }],
    sawOffer: true,
  }),
  order({ id: "D", placedAt: new Date("2026-02-10T00:00:00Z"), total: { shop: 4000, presentment: 4000 }, sawOffer: true }),
  order({
    id: "E",
    placedAt: new Date("2026-02-12T00:00:00Z"),
    shopCurrency: "EUR",
    presentmentCurrency: "EUR",
    total: { shop: 6000, presentment: 6000 },
    holdout: true,
  }),
  order({
    id: "F",
    placedAt: new Date("2026-02-15T00:00:00Z"),
    total: { shop: 10000, presentment: 10000 },
    refunds: [{ shop: 1000, presentment: 1000 }], // net 9000
    offerLines: [{ funnelId: "f1", offer: "upsell", amount: 3000, refunded: 1000 }],
    sawOffer: true,
  }),
];

describe("AOV", () => {
  it("is net revenue over orders, per currency, rounded half up to a minor unit", () => {
    expect(aovByCurrency(orders, "shop")).toEqual([
      // USD: A 5000 + B 2001 + C 7500 + D 4000 + F 9000 = 27501 / 5 = 5500.2 -> 5500; EUR: E alone
      { currency: "EUR", orders: 1, netRevenue: { amount: 6000, currency: "EUR" }, aov: { amount: 6000, currency: "EUR" } },
      { currency: "USD", orders: 5, netRevenue: { amount: 27501, currency: "USD" }, aov: { amount: 5500, currency: "USD" } },
    ]);
  });

  it("splits baseline (before install) from since install, never adding dollars to euros", () => {
    const { baseline, since } = aovBeforeAndSince(orders, installedAt, "shop");
    // Baseline: (5000 + 2001) / 2 = 3500.5 -> 3501.
    expect(baseline).toEqual([
      { currency: "USD", orders: 2, netRevenue: { amount: 7001, currency: "USD" }, aov: { amount: 3501, currency: "USD" } },
    ]);
    // Since: USD (7500 + 4000 + 9000) / 3 = 6833.33 -> 6833; EUR 6000 alone.
    expect(since.map((row) => [row.currency, row.orders, row.aov?.amount])).toEqual([
      ["EUR", 1, 6000],
      ["USD", 3, 6833],
    ]);
  });

  it("uses presentment money when asked: what buyers paid in their own currency", () => {
    const { since } = aovBeforeAndSince(orders, installedAt, "presentment");
    // EUR: C 6940 + E 6000 = 12940 / 2 = 6470; USD: D 4000 + F 9000 = 13000 / 2 = 6500.
    expect(since.map((row) => [row.currency, row.netRevenue.amount, row.aov?.amount])).toEqual([
      ["EUR", 12940, 6470],
      ["USD", 13000, 6500],
    ]);
  });

  it("compares orders that saw an offer with orders that did not", () => {
    const { sawOffer, noOffer } = aovBySawOffer(orders, "shop");
    expect(sawOffer.map((row) => [row.currency, row.orders, row.aov?.amount])).toEqual([["USD", 3, 6833]]);
    expect(noOffer.map((row) => [row.currency, row.orders, row.aov?.amount])).toEqual([
      ["EUR", 1, 6000],
      ["USD", 2, 3501],
    ]);
  });

  it("compares treated purchases with held-out ones", () => {
    const { treated, holdout } = aovByHoldout(orders, "shop");
    expect(treated.map((row) => [row.currency, row.orders, row.aov?.amount])).toEqual([["USD", 5, 5500]]);
    expect(holdout.map((row) => [row.currency, row.orders, row.aov?.amount])).toEqual([["EUR", 1, 6000]]);
  });

  it("rounds an exact half up", () => {
    const two = [
      order({ id: "x", placedAt: installedAt, total: { shop: 1, presentment: 1 } }),
      order({ id: "y", placedAt: installedAt, total: { shop: 2, presentment: 2 } }),
    ];
    expect(aovIn(two, "USD", "shop").aov).toEqual({ amount: 2, currency: "USD" }); // 3 / 2 = 1.5 -> 2
  });

  it("never counts refunds beyond the total as negative revenue", () => {
    const overRefunded = order({
      id: "z",
      placedAt: installedAt,
      total: { shop: 1000, presentment: 1000 },
      refunds: [
        { shop: 800, presentment: 800 },
        { shop: 800, presentment: 800 },
      ],
    });
    expect(netRevenue(overRefunded, "shop")).toBe(0);
  });

  it("gives clear no-data values, not NaN, when there are no orders", () => {
    expect(aovByCurrency([], "shop")).toEqual([]);
    expect(aovIn([], "USD", "shop")).toEqual({
      currency: "USD",
      orders: 0,
      netRevenue: { amount: 0, currency: "USD" },
      aov: null,
    });
    expect(aovIn(orders, "JPY", "shop").aov).toBeNull();
    expect(aovBeforeAndSince([], installedAt, "shop")).toEqual({ baseline: [], since: [] });
    expect(ordersWithAcceptedOffer([])).toBe(0);
  });

  it("counts orders with an accepted offer", () => {
    expect(ordersWithAcceptedOffer(orders)).toBe(2); // C and F
  });
});

function at(minute: number): Date {
  return new Date(Date.UTC(2026, 1, 5, 12, minute));
}

function event(
  offer: ScoreboardEvent["offer"],
  type: ScoreboardEvent["type"],
  purchaseKey: string | null,
  minute = 0,
  funnelId = "f1",
): ScoreboardEvent {
  return { funnelId, offer, type, purchaseKey, occurredAt: at(minute) };
}

const events: ScoreboardEvent[] = [
  // Bump: p1 accepts; p2 accepts then removes (delivered out of order); p3 only sees it;
  // p4's impression was lost but it accepted; one impression without a purchase key.
  event("bump", "impression", "p1"),
  event("bump", "accept", "p1", 1),
  event("bump", "impression", "p2"),
  event("bump", "remove", "p2", 5),
  event("bump", "accept", "p2", 2),
  event("bump", "impression", "p3"),
  event("bump", "accept", "p4", 1),
  event("bump", "impression", null),
  // Upsell: p5 and p6 decline, p7 accepts, p8 leaves; p5's impression is redelivered.
  event("upsell", "impression", "p5"),
  event("upsell", "impression", "p5"),
  event("upsell", "decline", "p5", 1),
  event("upsell", "impression", "p6"),
  event("upsell", "decline", "p6", 1),
  event("upsell", "impression", "p7"),
  event("upsell", "accept", "p7", 1),
  event("upsell", "impression", "p8"),
  // Downsell after the declines: p5 accepts, p6 declines.
  event("downsell", "impression", "p5", 2),
  event("downsell", "accept", "p5", 3),
  event("downsell", "impression", "p6", 2),
  event("downsell", "decline", "p6", 3),
  // A second funnel with one anonymous impression.
  event("bump", "impression", null, 0, "f2"),
];

describe("per offer", () => {
  const [f1, f2] = funnelScoreboard(events, orders);

  it("counts impressions and take rate per purchase", () => {
    const bump = f1?.offers.find((offer) => offer.offer === "bump");
    // Shown: p1, p2, p3, p4 + one keyless = 5; accepted at the end: p1, p4 = 2.
    expect(bump).toMatchObject({ impressions: 5, accepts: 2, takeRate: { numerator: 2, denominator: 5, value: 0.4 } });
    const upsell = f1?.offers.find((offer) => offer.offer === "upsell");
    // Shown: p5 (twice, one purchase), p6, p7, p8 = 4; accepted p7; declined p5, p6.
    expect(upsell).toMatchObject({ impressions: 4, accepts: 1, declines: 2, takeRate: { value: 0.25 } });
  });

  it("adds revenue net of refunds against the offer's lines", () => {
    const byOffer = Object.fromEntries(f1?.offers.map((offer) => [offer.offer, offer.revenueAdded]) ?? []);
    expect(byOffer).toEqual({
      bump: [{ amount: 1500, currency: "USD" }], // 2000 - 500 refunded
      upsell: [{ amount: 2000, currency: "USD" }], // 3000 - 1000 refunded
      downsell: [], // its accept has no order line in this data
    });
  });

  it("measures downsell recovery as downsell accepts over upsell declines", () => {
    expect(f1?.downsellRecovery).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it("lists funnels in id order, offers in funnel order, and says 'no data' with null rates", () => {
    expect(f1?.offers.map((offer) => offer.offer)).toEqual(["bump", "upsell", "downsell"]);
    expect(f2).toMatchObject({ funnelId: "f2", downsellRecovery: { numerator: 0, denominator: 0, value: null } });
    expect(f2?.offers).toEqual([
      {
        funnelId: "f2",
        offer: "bump",
        impressions: 1,
        accepts: 0,
        declines: 0,
        takeRate: { numerator: 0, denominator: 1, value: 0 },
        revenueAdded: [],
      },
    ]);
  });

  it("keeps each shop currency's revenue apart", () => {
    const euroOrder = order({
      id: "G",
      placedAt: installedAt,
      shopCurrency: "EUR",
      presentmentCurrency: "EUR",
      total: { shop: 5000, presentment: 5000 },
      offerLines: [{ funnelId: "f1", offer: "bump", amount: 900, refunded: 0 }],
      sawOffer: true,
    });
    const bump = funnelScoreboard([], [...orders, euroOrder])[0]?.offers[0];
    expect(bump?.revenueAdded).toEqual([
      { amount: 900, currency: "EUR" },
      { amount: 1500, currency: "USD" },
    ]);
    expect(bump?.takeRate.value).toBeNull(); // revenue but no events: no take rate, not NaN
  });

  it("is empty without data", () => {
    expect(funnelScoreboard([], [])).toEqual([]);
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null });
  });
});

describe("holdout lift", () => {
  const many = (count: number, shop: number, holdout: boolean, currency = "USD"): ScoreboardOrder[] =>
    Array.from({ length: count }, (_, index) =>
      order({
        id: `${holdout ? "h" : "t"}-${shop}-${currency}-${index}`,
        placedAt: installedAt,
        shopCurrency: currency,
        presentmentCurrency: currency,
        total: { shop, presentment: shop },
        holdout,
      }),
    );
  // Treated: 50 x 6000 + 50 x 4000 (mean 5000); holdout: 50 x 5000 + 50 x 3000 (mean 4000).
  // Each side's variance = 100 x 1000^2 / 99 = 1,010,101.01; standard error = sqrt(2 x 1,010,101.01 / 100) = 142.134;
  // 95% half-width = 1.959964 x 142.134 = 278.58.
  const sample = [...many(50, 6000, false), ...many(50, 4000, false), ...many(50, 5000, true), ...many(50, 3000, true)];

  it("is treated AOV minus holdout AOV with a 95% interval", () => {
    const result = holdoutLift(sample, "USD", "shop");
    expect(result).toMatchObject({ currency: "USD", treatedOrders: 100, holdoutOrders: 100 });
    expect(result.lift?.estimate).toBeCloseTo(1000, 6);
    expect(result.lift?.low).toBeCloseTo(721.42, 1);
    expect(result.lift?.high).toBeCloseTo(1278.58, 1);
  });

  it("ignores other currencies and says 'too little data' (null) below 100 orders a side", () => {
    const withEuros = [...sample, ...many(500, 100, true, "EUR")];
    expect(holdoutLift(withEuros, "USD", "shop").lift?.estimate).toBeCloseTo(1000, 6);
    expect(holdoutLift(withEuros, "EUR", "shop")).toEqual({ currency: "EUR", treatedOrders: 0, holdoutOrders: 500, lift: null });
    expect(holdoutLift(sample.slice(0, 199), "USD", "shop").lift).toBeNull();
    expect(holdoutLift([], "USD", "shop").lift).toBeNull();
  });
});
