/**
 * The dashboard's scoreboard, built from totals the server adds up in the
 * database (a few hundred rows, whatever the number of orders), with the
 * rules of ./scoreboard. Each input row type has a reference function that
 * computes it from plain orders and events (summariseOrders,
 * summariseOfferEvents, offerRevenueRows): the server's SQL must give the same
 * rows, which its tests check.
 *
 * - Days are UTC calendar days ("YYYY-MM-DD"): an order counts on the day it
 *   was placed, an offer on the day of the purchase's first event for it.
 * - The range is [from, to): from inclusive, to exclusive.
 * - The headline is in the shop's currency (shop money); per-currency rows are
 *   in the buyer's currency (presentment money). Currencies are never mixed.
 * - Baseline: orders placed before the install (before the 60-day backfill
 *   started), whatever the range.
 * - Holdout lift: orders in the range placed since the holdout share was last
 *   set, with a checkout token (the holdout is decided by it); the others are
 *   not part of the lift.
 * - Revenue added: attributed offer lines minus what was refunded on them.
 */
import { type Money, money } from "./money";
import {
  type CurrencyAov,
  type HoldoutLift,
  MIN_HOLDOUT_LIFT_ORDERS,
  type Rate,
  type RevenueSums,
  type ScoreboardEvent,
  type ScoreboardOrder,
  aovRow,
  holdoutLiftFromSums,
  netRevenue,
  purchaseOutcomes,
  rate,
} from "./scoreboard";
import { bucketOf, holdoutBuckets } from "./holdout";

/** Every offer an event or an order line may name, in the order the dashboard lists them. */
export const SCOREBOARD_OFFERS = [
  "bump",
  "upsell",
  "downsell",
  "followUp",
  "thankYouUpsell",
  "thankYouDownsell",
  "thankYou",
] as const;

/** Where an order stands in the holdout comparison; null: not part of it. */
export type LiftSide = "treated" | "holdout" | null;

export type HoldoutSettingView = { readonly percent: number; readonly since: Date | null };

/** The order's holdout bucket, stored with it so that the database can split orders by the share. */
export function orderHoldoutBucket(checkoutToken: string | null): number | null {
  return checkoutToken === null ? null : bucketOf("holdout", checkoutToken);
}

/**
 * Which side of the lift an order is on: orders placed before the share was
 * last set, or without a checkout token, are on neither.
 */
export function liftSide(
  order: { readonly placedAt: Date; readonly checkoutToken: string | null },
  setting: HoldoutSettingView,
): LiftSide {
  if (setting.since === null || order.checkoutToken === null || order.placedAt < setting.since) return null;
  return orderHoldoutBucket(order.checkoutToken)! < holdoutBuckets(setting.percent) ? "holdout" : "treated";
}

/** Orders added up per day, currencies, saw-an-offer, lift side and "has an accepted offer". */
export type OrderTotalsRow = {
  readonly day: string;
  readonly shopCurrency: string;
  readonly presentmentCurrency: string;
  readonly sawOffer: boolean;
  readonly liftSide: LiftSide;
  readonly withOffer: boolean;
  readonly orders: number;
  /** Net revenue (total minus refunds, never below zero), shop money minor units. */
  readonly netShop: number;
  /** Sum of each order's net shop revenue squared (for the lift's interval). */
  readonly netShopSquares: number;
  readonly netPresentment: number;
};

/** Purchases shown, taking and declining an offer, on the day of each purchase's first event for it. */
export type OfferDayRow = {
  readonly day: string;
  readonly funnelId: string;
  readonly offer: string;
  readonly impressions: number;
  readonly accepts: number;
  readonly declines: number;
};

/** Revenue an offer added, net of refunds on its lines, in the shop's currency. */
export type OfferRevenueRow = { readonly funnelId: string; readonly offer: string; readonly currency: string; readonly amount: number };

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rowKey(parts: readonly unknown[]): string {
  return JSON.stringify(parts);
}

/** Canonical order of totals rows, so two computations can be compared with toEqual. */
export function sortOrderTotals(rows: readonly OrderTotalsRow[]): OrderTotalsRow[] {
  const key = (row: OrderTotalsRow) =>
    rowKey([row.day, row.shopCurrency, row.presentmentCurrency, row.sawOffer, row.liftSide ?? "", row.withOffer]);
  return [...rows].sort((a, b) => compare(key(a), key(b)));
}

export function sortOfferDays(rows: readonly OfferDayRow[]): OfferDayRow[] {
  const key = (row: OfferDayRow) => rowKey([row.day, row.funnelId, row.offer]);
  return [...rows].sort((a, b) => compare(key(a), key(b)));
}

export function sortOfferRevenue(rows: readonly OfferRevenueRow[]): OfferRevenueRow[] {
  const key = (row: OfferRevenueRow) => rowKey([row.funnelId, row.offer, row.currency]);
  return [...rows].sort((a, b) => compare(key(a), key(b)));
}

/** Reference: the totals rows of plain orders (each with its lift side). */
export function summariseOrders(orders: readonly (ScoreboardOrder & { readonly liftSide: LiftSide })[]): OrderTotalsRow[] {
  const rows = new Map<string, { -readonly [K in keyof OrderTotalsRow]: OrderTotalsRow[K] }>();
  for (const order of orders) {
    const base = {
      day: dayOf(order.placedAt),
      shopCurrency: order.shopCurrency,
      presentmentCurrency: order.presentmentCurrency,
      sawOffer: order.sawOffer,
      liftSide: order.liftSide,
      withOffer: order.offerLines.length > 0,
    };
    const key = rowKey(Object.values(base));
    const row = rows.get(key) ?? { ...base, orders: 0, netShop: 0, netShopSquares: 0, netPresentment: 0 };
    rows.set(key, row);
    const net = netRevenue(order, "shop");
    row.orders += 1;
    row.netShop += net;
    row.netShopSquares += net * net;
    row.netPresentment += netRevenue(order, "presentment");
  }
  return sortOrderTotals([...rows.values()]);
}

/** Reference: offer counts per day from plain events (see ./scoreboard for the per-purchase rules). */
export function summariseOfferEvents(events: readonly ScoreboardEvent[]): OfferDayRow[] {
  const rows = new Map<string, { -readonly [K in keyof OfferDayRow]: OfferDayRow[K] }>();
  for (const { funnelId, offer, outcome } of purchaseOutcomes(events)) {
    const day = dayOf(new Date(outcome.firstAt));
    const key = rowKey([day, funnelId, offer]);
    const row = rows.get(key) ?? { day, funnelId, offer, impressions: 0, accepts: 0, declines: 0 };
    rows.set(key, row);
    if (outcome.shown) row.impressions += 1;
    if (outcome.accepted) row.accepts += 1;
    if (outcome.declined) row.declines += 1;
  }
  return sortOfferDays([...rows.values()]);
}

/** Reference: revenue added per offer from plain orders, net of refunds per line, in each order's shop currency. */
export function offerRevenueRows(orders: readonly ScoreboardOrder[]): OfferRevenueRow[] {
  const rows = new Map<string, { -readonly [K in keyof OfferRevenueRow]: OfferRevenueRow[K] }>();
  for (const order of orders) {
    for (const line of order.offerLines) {
      const key = rowKey([line.funnelId, line.offer, order.shopCurrency]);
      const row = rows.get(key) ?? { funnelId: line.funnelId, offer: line.offer, currency: order.shopCurrency, amount: 0 };
      rows.set(key, row);
      row.amount += Math.max(0, line.amount - line.refunded);
    }
  }
  return sortOfferRevenue([...rows.values()]);
}

/** What was refunded on each line, from refunds' line lists (amounts in shop money). */
export function refundedByLine(
  refunds: readonly { readonly lines: readonly { readonly lineItemId: string; readonly amountShop: number }[] }[],
): Map<string, number> {
  const refunded = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of refund.lines) refunded.set(line.lineItemId, (refunded.get(line.lineItemId) ?? 0) + line.amountShop);
  }
  return refunded;
}

// ------------------------------------------------------------------ the view

export type BackfillView = {
  readonly state: "running" | "done" | "failed";
  readonly since: string;
  readonly ordersRead: number;
  readonly finishedAt: string | null;
  readonly lastError: string | null;
};

export type OfferView = {
  readonly offer: string;
  readonly impressions: number;
  readonly accepts: number;
  readonly declines: number;
  readonly takeRate: Rate;
  /** Net of refunds, in the shop's currency. */
  readonly revenueAdded: Money;
};

export type FunnelView = {
  readonly funnelId: string;
  /** Null when the funnel has been deleted since. */
  readonly name: string | null;
  /** All its offers together: accepts / impressions. */
  readonly impressions: number;
  readonly accepts: number;
  readonly takeRate: Rate;
  readonly revenueAdded: Money;
  /** Downsell accepts / upsell declines. */
  readonly downsellRecovery: Rate;
  readonly offers: OfferView[];
};

export type DayView = {
  /** "YYYY-MM-DD", UTC. */
  readonly date: string;
  /** Orders in the shop's currency placed that day. */
  readonly orders: number;
  readonly netRevenue: Money;
  readonly aov: Money | null;
  /** Per offer (bump, upsell, ...; all funnels together): accepts / impressions of purchases first shown it that day. */
  readonly takeRates: Record<string, Rate>;
};

/** Everything the dashboard shows; JSON-serialisable (dates are ISO strings). */
export type Scoreboard = {
  readonly shopCurrency: string;
  readonly range: { readonly from: string; readonly to: string };
  /** When Upstack was installed (the backfill started); null when unknown (no backfill yet). */
  readonly installedAt: string | null;
  readonly headline: {
    /** Orders in the range, in the shop's currency. */
    readonly orders: number;
    readonly aov: Money | null;
    readonly baselineOrders: number;
    readonly baselineAov: Money | null;
    /** AOV minus baseline AOV (minor units, may be negative) and as a share of the baseline; null without both. */
    readonly aovChange: { readonly amount: number; readonly share: number | null } | null;
    readonly revenueAdded: Money;
    readonly ordersWithAcceptedOffer: number;
  };
  readonly holdout: {
    readonly percent: number;
    readonly since: string | null;
    /** In the shop's currency, over the range's orders placed since `since`. */
    readonly lift: HoldoutLift;
    readonly enoughData: boolean;
    readonly minOrdersPerSide: number;
  };
  /** AOV per currency the buyers paid in (presentment money). */
  readonly aovByCurrency: CurrencyAov[];
  /** Shop money: orders whose buyer saw an offer vs saw none. */
  readonly sawOffer: { readonly sawOffer: CurrencyAov; readonly noOffer: CurrencyAov };
  readonly daily: DayView[];
  readonly offers: readonly string[];
  readonly funnels: FunnelView[];
  readonly backfill: BackfillView | null;
  readonly lowData: {
    readonly noOrders: boolean;
    /** Fewer than LOW_DATA_ORDERS orders in the range: AOV moves a lot with a single order. */
    readonly fewOrders: boolean;
    /** No orders before the install to compare with (yet: the backfill may still be running). */
    readonly noBaseline: boolean;
    readonly noOffersShown: boolean;
    readonly holdoutNeedsMoreOrders: boolean;
  };
};

export const LOW_DATA_ORDERS = 30;

export type ScoreboardInput = {
  readonly shopCurrency: string;
  readonly range: { readonly from: Date; readonly to: Date };
  readonly installedAt: Date | null;
  readonly holdout: HoldoutSettingView;
  /** Orders placed in the range. */
  readonly orders: readonly OrderTotalsRow[];
  /** Orders placed before the install. */
  readonly baseline: readonly OrderTotalsRow[];
  readonly offerDays: readonly OfferDayRow[];
  /** Revenue of offer lines of orders placed in the range. */
  readonly offerRevenue: readonly OfferRevenueRow[];
  readonly funnelNames: ReadonlyMap<string, string>;
  readonly backfill: {
    readonly state: "running" | "done" | "failed";
    readonly since: Date;
    readonly ordersRead: number;
    readonly finishedAt: Date | null;
    readonly lastError: string | null;
  } | null;
};

function shopAov(rows: readonly OrderTotalsRow[], currency: string, keep: (row: OrderTotalsRow) => boolean = () => true) {
  let orders = 0;
  let revenue = 0;
  for (const row of rows) {
    if (row.shopCurrency !== currency || !keep(row)) continue;
    orders += row.orders;
    revenue += row.netShop;
  }
  return aovRow(currency, orders, revenue);
}

/** Every UTC day that [from, to) touches. */
export function daysOf(range: { readonly from: Date; readonly to: Date }): string[] {
  const days: string[] = [];
  const DAY = 24 * 60 * 60 * 1000;
  let at = Date.parse(`${dayOf(range.from)}T00:00:00.000Z`);
  while (at < range.to.getTime()) {
    days.push(dayOf(new Date(at)));
    at += DAY;
  }
  return days;
}

export function buildScoreboard(input: ScoreboardInput): Scoreboard {
  const currency = input.shopCurrency;
  const inRange = shopAov(input.orders, currency);
  const baseline = shopAov(input.baseline, currency);
  const aovChange =
    inRange.aov && baseline.aov
      ? {
          amount: inRange.aov.amount - baseline.aov.amount,
          share: baseline.aov.amount === 0 ? null : (inRange.aov.amount - baseline.aov.amount) / baseline.aov.amount,
        }
      : null;

  const sides = { treated: { orders: 0, sum: 0, squares: 0 }, holdout: { orders: 0, sum: 0, squares: 0 } };
  let withOffer = 0;
  const byPresentment = new Map<string, { orders: number; revenue: number }>();
  for (const row of input.orders) {
    if (row.shopCurrency === currency && row.liftSide) {
      const side = sides[row.liftSide];
      side.orders += row.orders;
      side.sum += row.netShop;
      side.squares += row.netShopSquares;
    }
    if (row.withOffer) withOffer += row.orders;
    const entry = byPresentment.get(row.presentmentCurrency) ?? { orders: 0, revenue: 0 };
    byPresentment.set(row.presentmentCurrency, entry);
    entry.orders += row.orders;
    entry.revenue += row.netPresentment;
  }
  const lift = holdoutLiftFromSums(currency, sides.treated as RevenueSums, sides.holdout as RevenueSums);

  const offersSeen = new Set<string>();
  for (const row of input.offerDays) offersSeen.add(row.offer);
  for (const row of input.offerRevenue) offersSeen.add(row.offer);
  const offers = SCOREBOARD_OFFERS.filter((offer) => offersSeen.has(offer) && offer !== "thankYou");

  // Totals by day and by funnel and offer first: one pass over the rows, whatever the range.
  const ordersByDay = new Map<string, { orders: number; revenue: number }>();
  for (const row of input.orders) {
    if (row.shopCurrency !== currency) continue;
    const entry = ordersByDay.get(row.day) ?? { orders: 0, revenue: 0 };
    ordersByDay.set(row.day, entry);
    entry.orders += row.orders;
    entry.revenue += row.netShop;
  }
  const offersByDay = new Map<string, { shown: number; taken: number }>();
  const bySlot = new Map<string, { impressions: number; accepts: number; declines: number; added: number }>();
  const slotOf = (funnelId: string, offer: string) => {
    const key = rowKey([funnelId, offer]);
    const entry = bySlot.get(key) ?? { impressions: 0, accepts: 0, declines: 0, added: 0 };
    bySlot.set(key, entry);
    return entry;
  };
  for (const row of input.offerDays) {
    const key = rowKey([row.day, row.offer]);
    const day = offersByDay.get(key) ?? { shown: 0, taken: 0 };
    offersByDay.set(key, day);
    day.shown += row.impressions;
    day.taken += row.accepts;
    const slot = slotOf(row.funnelId, row.offer);
    slot.impressions += row.impressions;
    slot.accepts += row.accepts;
    slot.declines += row.declines;
  }
  for (const row of input.offerRevenue) {
    const slot = slotOf(row.funnelId, row.offer);
    if (row.currency === currency) slot.added += row.amount;
  }

  const daily = daysOf(input.range).map((date): DayView => {
    const { orders, revenue } = ordersByDay.get(date) ?? { orders: 0, revenue: 0 };
    const takeRates: Record<string, Rate> = {};
    for (const offer of offers) {
      const counts = offersByDay.get(rowKey([date, offer])) ?? { shown: 0, taken: 0 };
      takeRates[offer] = rate(counts.taken, counts.shown);
    }
    const day = aovRow(currency, orders, revenue);
    return { date, orders, netRevenue: day.netRevenue, aov: day.aov, takeRates };
  });

  const funnelIds = new Set<string>();
  for (const row of input.offerDays) funnelIds.add(row.funnelId);
  for (const row of input.offerRevenue) funnelIds.add(row.funnelId);
  let revenueAdded = 0;
  for (const row of input.offerRevenue) if (row.currency === currency) revenueAdded += row.amount;

  const funnels = [...funnelIds]
    .map((funnelId): FunnelView => {
      const offerViews: OfferView[] = [];
      for (const offer of SCOREBOARD_OFFERS) {
        const slot = bySlot.get(rowKey([funnelId, offer]));
        if (!slot) continue;
        offerViews.push({
          offer,
          impressions: slot.impressions,
          accepts: slot.accepts,
          declines: slot.declines,
          takeRate: rate(slot.accepts, slot.impressions),
          revenueAdded: money(slot.added, currency),
        });
      }
      const impressions = offerViews.reduce((sum, view) => sum + view.impressions, 0);
      const accepts = offerViews.reduce((sum, view) => sum + view.accepts, 0);
      const upsellDeclines = offerViews.find((view) => view.offer === "upsell")?.declines ?? 0;
      const downsellAccepts = offerViews.find((view) => view.offer === "downsell")?.accepts ?? 0;
      return {
        funnelId,
        name: input.funnelNames.get(funnelId) ?? null,
        impressions,
        accepts,
        takeRate: rate(accepts, impressions),
        revenueAdded: money(offerViews.reduce((sum, view) => sum + view.revenueAdded.amount, 0), currency),
        downsellRecovery: rate(downsellAccepts, upsellDeclines),
        offers: offerViews,
      };
    })
    .sort((a, b) => b.revenueAdded.amount - a.revenueAdded.amount || compare(a.name ?? "", b.name ?? "") || compare(a.funnelId, b.funnelId));

  const totalImpressions = input.offerDays.reduce((sum, row) => sum + row.impressions, 0);
  const enoughData = lift.lift !== null;
  return {
    shopCurrency: currency,
    range: { from: input.range.from.toISOString(), to: input.range.to.toISOString() },
    installedAt: input.installedAt?.toISOString() ?? null,
    headline: {
      orders: inRange.orders,
      aov: inRange.aov,
      baselineOrders: baseline.orders,
      baselineAov: baseline.aov,
      aovChange,
      revenueAdded: money(revenueAdded, currency),
      ordersWithAcceptedOffer: withOffer,
    },
    holdout: {
      percent: input.holdout.percent,
      since: input.holdout.since?.toISOString() ?? null,
      lift,
      enoughData,
      minOrdersPerSide: MIN_HOLDOUT_LIFT_ORDERS,
    },
    aovByCurrency: [...byPresentment.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([code, entry]) => aovRow(code, entry.orders, entry.revenue)),
    sawOffer: {
      sawOffer: shopAov(input.orders, currency, (row) => row.sawOffer),
      noOffer: shopAov(input.orders, currency, (row) => !row.sawOffer),
    },
    daily,
    offers,
    funnels,
    backfill: input.backfill && {
      state: input.backfill.state,
      since: input.backfill.since.toISOString(),
      ordersRead: input.backfill.ordersRead,
      finishedAt: input.backfill.finishedAt?.toISOString() ?? null,
      lastError: input.backfill.lastError,
    },
    lowData: {
      noOrders: inRange.orders === 0,
      fewOrders: inRange.orders < LOW_DATA_ORDERS,
      noBaseline: baseline.orders === 0,
      noOffersShown: totalImpressions === 0,
      holdoutNeedsMoreOrders: input.holdout.percent > 0 && !enoughData,
    },
  };
}

// ------------------------------------------------------------ day rollups

const DAY_MS = 24 * 60 * 60 * 1000;

/** Start of a UTC day given as "YYYY-MM-DD". */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/**
 * A range as whole UTC days (totals kept per day can answer them) and the
 * partial days at its ends (added up from the rows): [from, to) = edges +
 * the days from `days.from` up to, not including, `days.to` ("YYYY-MM-DD";
 * null when no whole day fits).
 */
export function splitRange(range: { readonly from: Date; readonly to: Date }): {
  days: { from: string; to: string } | null;
  edges: { from: Date; to: Date }[];
} {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (to <= from) return { days: null, edges: [] };
  const firstWhole = Math.ceil(from / DAY_MS) * DAY_MS;
  const lastWhole = Math.floor(to / DAY_MS) * DAY_MS;
  if (lastWhole <= firstWhole) return { days: null, edges: [{ from: range.from, to: range.to }] };
  const edges: { from: Date; to: Date }[] = [];
  if (from < firstWhole) edges.push({ from: range.from, to: new Date(firstWhole) });
  if (lastWhole < to) edges.push({ from: new Date(lastWhole), to: range.to });
  return { days: { from: dayOf(new Date(firstWhole)), to: dayOf(new Date(lastWhole)) }, edges };
}

/**
 * The holdout split a day's order totals depend on: "" for a day that ends
 * before the share was set (no order of it is in the lift), else the share
 * and when it was set. A day kept with another split is computed again.
 */
export function holdoutKeyOfDay(day: string, setting: HoldoutSettingView): string {
  if (setting.since === null || dayStart(day).getTime() + DAY_MS <= setting.since.getTime()) return "";
  return `${setting.percent}@${setting.since.toISOString()}`;
}
