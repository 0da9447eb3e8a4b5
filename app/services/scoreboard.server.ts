import { type Scoreboard, buildScoreboard, splitRange } from "@upstack/core";
import db from "../db.server";
import { backfillProgress } from "../models/order-backfill.server";
import { type DayTotals, intervalTotals, readScoreboardDays, refreshScoreboardDays } from "../models/scoreboard-rollups.server";
import { readHoldout } from "../models/shop-settings.server";

export type { Scoreboard } from "@upstack/core";

/**
 * Loads the dashboard's scoreboard for a range [from, to): whole UTC days
 * come from the kept day totals (app/models/scoreboard-rollups.server.ts,
 * recomputed first where a write marked them), partial days at the ends are
 * added up from the rows; core's buildScoreboard turns the totals into what
 * the dashboard shows (packages/core/src/scoreboard-view.ts has the rules).
 *
 * The shop's currency is that of its latest order (Shopify converts every
 * order to it); `shopCurrency` names it when there are no orders yet.
 * Install time: when the order backfill started (it is requested at
 * install); the baseline is the orders placed before it.
 */
export async function loadScoreboard(
  shop: string,
  range: { from: Date; to: Date },
  options: { shopCurrency?: string } = {},
): Promise<Scoreboard> {
  const [holdout, backfill, funnels, latest] = await Promise.all([
    readHoldout(shop),
    backfillProgress(shop),
    db.funnel.findMany({ where: { shop }, select: { id: true, name: true } }),
    db.order.findFirst({ where: { shop }, orderBy: { placedAt: "desc" }, select: { shopCurrency: true } }),
  ]);
  const installedAt = (await db.orderBackfill.findUnique({ where: { shop }, select: { startedAt: true } }))?.startedAt ?? null;
  await refreshScoreboardDays(shop, holdout);
  const [inRange, baseline] = await Promise.all([
    totalsOf(shop, range, holdout, true),
    installedAt ? totalsOf(shop, { from: new Date(0), to: installedAt }, holdout, false) : Promise.resolve(null),
  ]);
  return buildScoreboard({
    shopCurrency: latest?.shopCurrency ?? options.shopCurrency ?? "USD",
    range,
    installedAt,
    holdout,
    orders: inRange.orders,
    baseline: baseline?.orders ?? [],
    offerDays: inRange.offers,
    offerRevenue: inRange.revenue,
    funnelNames: new Map(funnels.map((funnel) => [funnel.id, funnel.name])),
    backfill,
  });
}

/** Per funnel of the shop: take rate and revenue added in the range (the funnels list). */
export async function funnelTotals(shop: string, range: { from: Date; to: Date }) {
  const scoreboard = await loadScoreboard(shop, range);
  return new Map(
    scoreboard.funnels.map((funnel) => [funnel.funnelId, { takeRate: funnel.takeRate, revenueAdded: funnel.revenueAdded }]),
  );
}

async function totalsOf(
  shop: string,
  range: { from: Date; to: Date },
  holdout: { percent: number; since: Date | null },
  withOffers: boolean,
): Promise<DayTotals> {
  const { days, edges } = splitRange(range);
  const parts = await Promise.all([
    days ? readScoreboardDays(shop, days, { offers: withOffers }) : Promise.resolve({ orders: [], offers: [], revenue: [] }),
    ...edges.map((edge) => intervalTotals(db, shop, edge, holdout)),
  ]);
  return {
    orders: parts.flatMap((part) => part.orders),
    offers: withOffers ? parts.flatMap((part) => part.offers) : [],
    revenue: parts.flatMap((part) => part.revenue),
  };
}
