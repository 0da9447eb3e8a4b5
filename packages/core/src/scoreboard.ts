/**
 * The scoreboard's numbers, computed from plain order and offer-event records
 * (the app loads them; nothing here reads a database).
 *
 * Rules, in one place so that the dashboard, the CSV export and the browser
 * test agree:
 *
 * - Net revenue of an order = its total minus its refunds, in minor units,
 *   never below zero (a refund of shipping or tax larger than the total would
 *   be bad data, not negative revenue).
 * - AOV = net revenue / orders, PER CURRENCY: dollars are never added to
 *   euros. It is rounded to the nearest minor unit, halves up (integers only).
 *   Shop money (the shop's currency, what the headline uses) or presentment
 *   money (what the buyer paid in) is chosen by the caller.
 * - No data is a clear value, never NaN: an AOV of no orders is null, a rate
 *   with a zero denominator is null.
 * - Offer counts are per purchase (checkout token or post-purchase reference
 *   id), so a buyer who ticks and unticks a bump three times is one purchase:
 *   it counts as accepted when its last accept/remove is an accept. A purchase
 *   with an accept or decline counts as shown even if its impression event was
 *   lost, so a take rate never exceeds 100%. Events without a purchase key
 *   count one per event (a lone "remove" cannot be paired and is ignored).
 * - The holdout lift is treated AOV minus holdout AOV in one currency, with a
 *   95% interval, shown only once each side has enough orders.
 * - Revenue added by an offer = its attributed order lines (shop money) minus
 *   what was refunded against them, never below zero per line.
 */
import { type Interval, normalQuantile } from "./experiment-verdict";
import { type Money, money } from "./money";

/** The offer slots of a funnel, as OfferEvent.offer records them. */
export const OFFER_SLOTS = ["bump", "upsell", "downsell", "followUp"] as const;
export type OfferSlot = (typeof OFFER_SLOTS)[number];

export type OfferEventType = "impression" | "accept" | "decline" | "remove";

export type ScoreboardEvent = {
  readonly funnelId: string;
  readonly offer: OfferSlot;
  readonly type: OfferEventType;
  /** Checkout token or post-purchase reference id; null when the surface sent none. */
  readonly purchaseKey: string | null;
  readonly occurredAt: Date;
};

/** An order line attributed to an offer (see issue 10: attribution that cannot be forged). */
export type OfferLine = {
  readonly funnelId: string;
  readonly offer: OfferSlot;
  /** What the buyer paid for the line, shop money minor units, after its discount. */
  readonly amount: number;
  /** Refunded against this line so far, shop money minor units. */
  readonly refunded: number;
};

/** One amount in both of Shopify's money sets, minor units. */
export type MoneyPair = { readonly shop: number; readonly presentment: number };

export type ScoreboardOrder = {
  readonly id: string;
  readonly placedAt: Date;
  readonly shopCurrency: string;
  readonly presentmentCurrency: string;
  /** The order's total as it stands after any post-purchase edit, before refunds. */
  readonly total: MoneyPair;
  readonly refunds: readonly MoneyPair[];
  readonly offerLines: readonly OfferLine[];
  /** The buyer was shown at least one offer (bump or post-purchase). */
  readonly sawOffer: boolean;
  /** The purchase was held out: it saw no offers on purpose. */
  readonly holdout: boolean;
};

export type MoneyBasis = "shop" | "presentment";

/** A share with its parts; value is null when nothing was counted (never NaN). */
export type Rate = { readonly numerator: number; readonly denominator: number; readonly value: number | null };

export type CurrencyAov = {
  readonly currency: string;
  readonly orders: number;
  readonly netRevenue: Money;
  /** Null when there are no orders in this currency. */
  readonly aov: Money | null;
};

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

export function netRevenue(order: ScoreboardOrder, basis: MoneyBasis): number {
  let refunded = 0;
  for (const refund of order.refunds) refunded += refund[basis];
  return Math.max(0, order.total[basis] - refunded);
}

function currencyOf(order: ScoreboardOrder, basis: MoneyBasis): string {
  return basis === "shop" ? order.shopCurrency : order.presentmentCurrency;
}

/** total / count rounded to the nearest integer, halves up, without floats. */
function roundedMean(total: number, count: number): number {
  const quotient = Math.floor(total / count);
  const remainder = total - quotient * count;
  return remainder * 2 >= count ? quotient + 1 : quotient;
}

/** One currency's AOV row from its order count and net revenue (minor units): the one rounding rule. */
export function aovRow(currency: string, orders: number, revenue: number): CurrencyAov {
  return {
    currency,
    orders,
    netRevenue: money(revenue, currency),
    aov: orders === 0 ? null : money(roundedMean(revenue, orders), currency),
  };
}

/** AOV per currency, one row per currency that has orders, sorted by currency code. */
export function aovByCurrency(orders: readonly ScoreboardOrder[], basis: MoneyBasis): CurrencyAov[] {
  const totals = new Map<string, { orders: number; revenue: number }>();
  for (const order of orders) {
    const currency = currencyOf(order, basis);
    const entry = totals.get(currency) ?? { orders: 0, revenue: 0 };
    entry.orders += 1;
    entry.revenue += netRevenue(order, basis);
    totals.set(currency, entry);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, entry]) => aovRow(currency, entry.orders, entry.revenue));
}

/** AOV in one currency (the headline's shop currency): zero orders and a null AOV when there are none. */
export function aovIn(orders: readonly ScoreboardOrder[], currency: string, basis: MoneyBasis): CurrencyAov {
  return aovByCurrency(orders, basis).find((row) => row.currency === currency) ?? aovRow(currency, 0, 0);
}

/** Baseline (placed before the install) vs since the install (at or after it). */
export function aovBeforeAndSince(
  orders: readonly ScoreboardOrder[],
  installedAt: Date,
  basis: MoneyBasis,
): { baseline: CurrencyAov[]; since: CurrencyAov[] } {
  const cut = installedAt.getTime();
  return {
    baseline: aovByCurrency(orders.filter((order) => order.placedAt.getTime() < cut), basis),
    since: aovByCurrency(orders.filter((order) => order.placedAt.getTime() >= cut), basis),
  };
}

/** Orders whose buyer saw an offer vs orders whose buyer saw none (held out or not reached). */
export function aovBySawOffer(
  orders: readonly ScoreboardOrder[],
  basis: MoneyBasis,
): { sawOffer: CurrencyAov[]; noOffer: CurrencyAov[] } {
  return {
    sawOffer: aovByCurrency(orders.filter((order) => order.sawOffer), basis),
    noOffer: aovByCurrency(orders.filter((order) => !order.sawOffer), basis),
  };
}

/** Purchases offered as usual vs purchases held out: the two sides of the holdout lift. */
export function aovByHoldout(
  orders: readonly ScoreboardOrder[],
  basis: MoneyBasis,
): { treated: CurrencyAov[]; holdout: CurrencyAov[] } {
  return {
    treated: aovByCurrency(orders.filter((order) => !order.holdout), basis),
    holdout: aovByCurrency(orders.filter((order) => order.holdout), basis),
  };
}

/** Orders each side of the holdout needs before the lift is shown as a number. */
export const MIN_HOLDOUT_LIFT_ORDERS = 100;

export type HoldoutLift = {
  readonly currency: string;
  readonly treatedOrders: number;
  readonly holdoutOrders: number;
  /**
   * Treated AOV minus holdout AOV, minor units (fractional), with a 95% interval
   * (Welch's normal approximation on net revenue per order). Null until each
   * side has MIN_HOLDOUT_LIFT_ORDERS orders in this currency.
   */
  readonly lift: Interval | null;
};

/**
 * The incremental AOV Upstack adds, measured against the holdout in one
 * currency. It is an estimate with its uncertainty, updated as orders come
 * in, not a yes/no decision: "the interval is above zero" is what a merchant
 * can read as "offers raise AOV".
 */
export function holdoutLift(orders: readonly ScoreboardOrder[], currency: string, basis: MoneyBasis): HoldoutLift {
  const sides = { treated: emptySums(), holdout: emptySums() };
  for (const order of orders) {
    if (currencyOf(order, basis) !== currency) continue;
    addToSums(order.holdout ? sides.holdout : sides.treated, netRevenue(order, basis));
  }
  return holdoutLiftFromSums(currency, sides.treated, sides.holdout);
}

/** Count, sum and sum of squares of net revenue per order: all a side of the lift needs (and what SQL can add up). */
export type RevenueSums = { readonly orders: number; readonly sum: number; readonly squares: number };

const emptySums = (): { orders: number; sum: number; squares: number } => ({ orders: 0, sum: 0, squares: 0 });

function addToSums(sums: { orders: number; sum: number; squares: number }, value: number): void {
  sums.orders += 1;
  sums.sum += value;
  sums.squares += value * value;
}

/** The holdout lift from each side's sums (see holdoutLift). */
export function holdoutLiftFromSums(currency: string, treated: RevenueSums, holdout: RevenueSums): HoldoutLift {
  const base = { currency, treatedOrders: treated.orders, holdoutOrders: holdout.orders };
  if (Math.min(treated.orders, holdout.orders) < MIN_HOLDOUT_LIFT_ORDERS) return { ...base, lift: null };
  const t = meanAndVariance(treated);
  const h = meanAndVariance(holdout);
  const estimate = t.mean - h.mean;
  const halfWidth = normalQuantile(0.975) * Math.sqrt(t.variance / treated.orders + h.variance / holdout.orders);
  return { ...base, lift: { estimate, low: estimate - halfWidth, high: estimate + halfWidth } };
}

function meanAndVariance(sums: RevenueSums): { mean: number; variance: number } {
  const mean = sums.sum / sums.orders;
  if (sums.orders < 2) return { mean, variance: 0 };
  // Sample variance from the sums; never below zero from rounding.
  return { mean, variance: Math.max(0, (sums.squares - sums.sum * mean) / (sums.orders - 1)) };
}

/** Orders carrying at least one attributed offer line. */
export function ordersWithAcceptedOffer(orders: readonly ScoreboardOrder[]): number {
  return orders.filter((order) => order.offerLines.length > 0).length;
}

export type OfferStats = {
  readonly funnelId: string;
  readonly offer: OfferSlot;
  /** Purchases that were shown the offer. */
  readonly impressions: number;
  readonly accepts: number;
  readonly declines: number;
  /** accepts / impressions. */
  readonly takeRate: Rate;
  /** Net of refunds, per shop currency, sorted by currency code; empty when nothing was added. */
  readonly revenueAdded: Money[];
};

export type FunnelStats = {
  readonly funnelId: string;
  /** One entry per slot that has events or revenue, in funnel order (bump, upsell, downsell, followUp). */
  readonly offers: OfferStats[];
  /** Downsell accepts / upsell declines: how many buyers who said no to the upsell the downsell won back. */
  readonly downsellRecovery: Rate;
};

/** What one purchase did with one offer, folded from its events (see the rules at the top). */
export type PurchaseOutcome = {
  readonly shown: boolean;
  readonly accepted: boolean;
  readonly declined: boolean;
  /** Time of the latest accept/remove (ms), -Infinity when there was none. */
  readonly lastAnswerAt: number;
  /** Time of the purchase's first event for this offer (ms): the day it is counted on. */
  readonly firstAt: number;
};

export const NO_OUTCOME: PurchaseOutcome = {
  shown: false,
  accepted: false,
  declined: false,
  lastAnswerAt: -Infinity,
  firstAt: Infinity,
};

/**
 * Adds one event to a purchase's outcome; the result does not depend on the
 * order events are folded in: events may arrive out of order, and the latest accept or remove
 * is the buyer's last word (at the same instant, the accept).
 */
export function foldOutcome(
  state: PurchaseOutcome,
  event: { readonly type: OfferEventType; readonly occurredAt: Date },
): PurchaseOutcome {
  const at = event.occurredAt.getTime();
  // An accept and a remove at the same instant: the accept stands (the bump line was put back).
  const answers =
    (event.type === "accept" || event.type === "remove") &&
    (at > state.lastAnswerAt || (at === state.lastAnswerAt && event.type === "accept"));
  return {
    shown: true,
    accepted: answers ? event.type === "accept" : state.accepted,
    declined: state.declined || event.type === "decline",
    lastAnswerAt: answers ? at : state.lastAnswerAt,
    firstAt: Math.min(state.firstAt, at),
  };
}

type SlotCounts = { impressions: number; accepts: number; declines: number };

function slotKey(funnelId: string, offer: string): string {
  return `${offer}\u0000${funnelId}`;
}

export type SlotOutcome = { readonly funnelId: string; readonly offer: string; readonly outcome: PurchaseOutcome };

/**
 * One outcome per purchase and offer; an event without a purchase key is its
 * own purchase (a lone "remove" of one is ignored).
 */
export function purchaseOutcomes(events: readonly ScoreboardEvent[]): SlotOutcome[] {
  const byPurchase = new Map<string, SlotOutcome>();
  const single: SlotOutcome[] = [];
  for (const event of events) {
    if (event.purchaseKey === null) {
      if (event.type !== "remove") {
        single.push({ funnelId: event.funnelId, offer: event.offer, outcome: foldOutcome(NO_OUTCOME, event) });
      }
      continue;
    }
    const key = `${slotKey(event.funnelId, event.offer)}\u0000${event.purchaseKey}`;
    const held = byPurchase.get(key);
    byPurchase.set(key, {
      funnelId: event.funnelId,
      offer: event.offer,
      outcome: foldOutcome(held?.outcome ?? NO_OUTCOME, event),
    });
  }
  return [...byPurchase.values(), ...single];
}

function countEvents(events: readonly ScoreboardEvent[]): Map<string, SlotCounts> {
  const counts = new Map<string, SlotCounts>();
  for (const { funnelId, offer, outcome } of purchaseOutcomes(events)) {
    const key = slotKey(funnelId, offer);
    const slot = counts.get(key) ?? { impressions: 0, accepts: 0, declines: 0 };
    counts.set(key, slot);
    if (outcome.shown) slot.impressions += 1;
    if (outcome.accepted) slot.accepts += 1;
    if (outcome.declined) slot.declines += 1;
  }
  return counts;
}

function revenueBySlot(orders: readonly ScoreboardOrder[]): Map<string, Map<string, number>> {
  const revenue = new Map<string, Map<string, number>>();
  for (const order of orders) {
    for (const line of order.offerLines) {
      const key = slotKey(line.funnelId, line.offer);
      const byCurrency = revenue.get(key) ?? new Map<string, number>();
      revenue.set(key, byCurrency);
      const net = Math.max(0, line.amount - line.refunded);
      byCurrency.set(order.shopCurrency, (byCurrency.get(order.shopCurrency) ?? 0) + net);
    }
  }
  return revenue;
}

/**
 * Per funnel and offer: impressions, take rate, revenue added net of refunds,
 * and the funnel's downsell recovery. Funnels are sorted by id.
 */
export function funnelScoreboard(
  events: readonly ScoreboardEvent[],
  orders: readonly ScoreboardOrder[],
): FunnelStats[] {
  const counts = countEvents(events);
  const revenue = revenueBySlot(orders);
  const funnelIds = new Set<string>();
  for (const event of events) funnelIds.add(event.funnelId);
  for (const order of orders) for (const line of order.offerLines) funnelIds.add(line.funnelId);

  return [...funnelIds].sort().map((funnelId) => {
    const offers: OfferStats[] = [];
    for (const offer of OFFER_SLOTS) {
      const key = slotKey(funnelId, offer);
      const slot = counts.get(key);
      const added = revenue.get(key);
      if (!slot && !added) continue;
      const { impressions, accepts, declines } = slot ?? { impressions: 0, accepts: 0, declines: 0 };
      offers.push({
        funnelId,
        offer,
        impressions,
        accepts,
        declines,
        takeRate: rate(accepts, impressions),
        revenueAdded: [...(added ?? new Map<string, number>()).entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, amount]) => money(amount, currency)),
      });
    }
    const upsellDeclines = counts.get(slotKey(funnelId, "upsell"))?.declines ?? 0;
    const downsellAccepts = counts.get(slotKey(funnelId, "downsell"))?.accepts ?? 0;
    return { funnelId, offers, downsellRecovery: rate(downsellAccepts, upsellDeclines) };
  });
}
