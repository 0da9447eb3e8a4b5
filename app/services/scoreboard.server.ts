import {
  type OfferDayRow,
  type OfferRevenueRow,
  type OrderTotalsRow,
  type Scoreboard,
  buildScoreboard,
  holdoutBuckets,
} from "@upstack/core";
import db from "../db.server";
import { databaseTarget } from "../db/database-target.server";
import { backfillProgress } from "../models/order-backfill.server";
import { readHoldout } from "../models/shop-settings.server";

export type { Scoreboard } from "@upstack/core";

/**
 * Loads the dashboard's scoreboard for a date range [from, to): the database
 * adds the orders and offers up (a few hundred rows come back whatever the
 * number of orders), core's buildScoreboard turns the totals into what the
 * dashboard shows (see packages/core/src/scoreboard-view.ts for the rules).
 *
 * The shop's currency is that of its latest order (Shopify converts every
 * order to it); `shopCurrency` names it when there are no orders yet.
 * Install time: when the order backfill started (it is requested at
 * install); baseline = orders placed before it.
 */
export async function loadScoreboard(
  shop: string,
  range: { from: Date; to: Date },
  options: { shopCurrency?: string } = {},
): Promise<Scoreboard> {
  const [holdout, backfill, funnels, latest] = await Promise.all([
    readHoldout(shop),
    backfillRow(shop),
    db.funnel.findMany({ where: { shop }, select: { id: true, name: true } }),
    db.order.findFirst({ where: { shop }, orderBy: { placedAt: "desc" }, select: { shopCurrency: true } }),
  ]);
  const installedAt = backfill?.startedAt ?? null;
  const sql = dialect();
  const [orders, baseline, offerDays, offerRevenue] = await Promise.all([
    orderTotals(sql, shop, range, holdout),
    installedAt ? orderTotals(sql, shop, { from: new Date(0), to: installedAt }, holdout) : Promise.resolve([]),
    offerDayTotals(sql, shop, range),
    offerRevenueTotals(sql, shop, range),
  ]);
  return buildScoreboard({
    shopCurrency: latest?.shopCurrency ?? options.shopCurrency ?? "USD",
    range,
    installedAt,
    holdout,
    orders,
    baseline,
    offerDays,
    offerRevenue,
    funnelNames: new Map(funnels.map((funnel) => [funnel.id, funnel.name])),
    backfill: backfill && (await backfillProgress(shop)),
  });
}

/** Per funnel of the shop: take rate and revenue added in the range (the funnels list). */
export async function funnelTotals(shop: string, range: { from: Date; to: Date }) {
  const scoreboard = await loadScoreboard(shop, range);
  return new Map(
    scoreboard.funnels.map((funnel) => [funnel.funnelId, { takeRate: funnel.takeRate, revenueAdded: funnel.revenueAdded }]),
  );
}

async function backfillRow(shop: string) {
  return db.orderBackfill.findUnique({ where: { shop }, select: { startedAt: true } });
}

// ------------------------------------------------------------------ SQL

type Dialect = {
  kind: "sqlite" | "postgresql";
  /** A timestamp parameter. */
  at: (n: number) => string;
  day: (column: string) => string;
  greatest: (a: string, b: string) => string;
  /** Rows of a JSON array column: a FROM item named `alias`, and a field of one element as text / integer. */
  jsonRows: (column: string, alias: string) => string;
  jsonText: (alias: string, field: string) => string;
  jsonInt: (alias: string, field: string) => string;
  real: (expression: string) => string;
  param: (value: Date) => string | Date;
};

function dialect(): Dialect {
  if (databaseTarget(process.env.DATABASE_URL).kind === "postgresql") {
    return {
      kind: "postgresql",
      at: (n) => `CAST($${n} AS TIMESTAMP(3))`,
      day: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
      greatest: (a, b) => `GREATEST(${a}, ${b})`,
      jsonRows: (column, alias) => `jsonb_array_elements(CAST(${column} AS jsonb)) AS ${alias}`,
      jsonText: (alias, field) => `(${alias} ->> '${field}')`,
      jsonInt: (alias, field) => `CAST(${alias} ->> '${field}' AS BIGINT)`,
      real: (expression) => `CAST(${expression} AS DOUBLE PRECISION)`,
      param: (value) => value.toISOString().replace("Z", ""),
    };
  }
  return {
    kind: "sqlite",
    at: (n) => `?${n}`,
    day: (column) => `substr(${column}, 1, 10)`,
    greatest: (a, b) => `MAX(${a}, ${b})`,
    jsonRows: (column, alias) => `json_each(${column}) AS ${alias}`,
    jsonText: (alias, field) => `json_extract(${alias}.value, '$.${field}')`,
    jsonInt: (alias, field) => `json_extract(${alias}.value, '$.${field}')`,
    real: (expression) => `CAST(${expression} AS REAL)`,
    // As the libsql adapter stores DateTime: ISO 8601 text, compared as text.
    param: (value) => value.toISOString().replace("Z", "+00:00"),
  };
}

async function query<T>(sql: Dialect, text: string, ...params: unknown[]): Promise<T[]> {
  const statement = sql.kind === "sqlite" ? text.replace(/\$(\d+)/g, "?$1") : text;
  return db.$queryRawUnsafe<T[]>(statement, ...params);
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const bool = (value: unknown): boolean => value === true || Number(value) === 1;

/** A date no order is placed after: "the holdout was never set". */
const NEVER = new Date("9999-01-01T00:00:00Z");

async function orderTotals(
  sql: Dialect,
  shop: string,
  range: { from: Date; to: Date },
  holdout: { percent: number; since: Date | null },
): Promise<OrderTotalsRow[]> {
  const rows = await query<Record<string, unknown>>(
    sql,
    `SELECT o.day, o."shopCurrency", o."presentmentCurrency", o.saw, o.side, o.offered,
       COUNT(*) AS orders, SUM(o.net) AS "netShop", SUM(${sql.real("o.net")} * o.net) AS "netShopSquares",
       SUM(o.netp) AS "netPresentment"
     FROM (
       SELECT ${sql.day('o."placedAt"')} AS day, o."shopCurrency", o."presentmentCurrency",
         CASE WHEN EXISTS (SELECT 1 FROM "OfferEvent" e WHERE e."shop" = o."shop" AND e."purchaseKey" = o."checkoutToken")
           THEN 1 ELSE 0 END AS saw,
         CASE WHEN o."holdoutBucket" IS NULL OR o."placedAt" < ${sql.at(4)} THEN ''
           WHEN o."holdoutBucket" < $5 THEN 'holdout' ELSE 'treated' END AS side,
         CASE WHEN EXISTS (SELECT 1 FROM "OrderOfferLine" l WHERE l."shop" = o."shop" AND l."orderId" = o."orderId")
           THEN 1 ELSE 0 END AS offered,
         ${sql.greatest('o."totalShop" - COALESCE(r.shop, 0)', "0")} AS net,
         ${sql.greatest('o."totalPresentment" - COALESCE(r.presentment, 0)', "0")} AS netp
       FROM "Order" o
       LEFT JOIN (
         SELECT r."orderId", SUM(r."amountShop") AS shop, SUM(r."amountPresentment") AS presentment
         FROM "OrderRefund" r WHERE r."shop" = $1 GROUP BY r."orderId"
       ) r ON r."orderId" = o."orderId"
       WHERE o."shop" = $1 AND o."placedAt" >= ${sql.at(2)} AND o."placedAt" < ${sql.at(3)}
     ) o
     GROUP BY o.day, o."shopCurrency", o."presentmentCurrency", o.saw, o.side, o.offered`,
    shop,
    sql.param(range.from),
    sql.param(range.to),
    sql.param(holdout.since ?? NEVER),
    holdoutBuckets(holdout.percent),
  );
  return rows.map((row) => ({
    day: String(row.day),
    shopCurrency: String(row.shopCurrency),
    presentmentCurrency: String(row.presentmentCurrency),
    sawOffer: bool(row.saw),
    liftSide: row.side === "holdout" || row.side === "treated" ? row.side : null,
    withOffer: bool(row.offered),
    orders: num(row.orders),
    netShop: num(row.netShop),
    netShopSquares: num(row.netShopSquares),
    netPresentment: num(row.netPresentment),
  }));
}

/** Revenue of the offer lines of orders placed in the range, minus what was refunded on each line. */
async function offerRevenueTotals(sql: Dialect, shop: string, range: { from: Date; to: Date }): Promise<OfferRevenueRow[]> {
  const rows = await query<Record<string, unknown>>(
    sql,
    `SELECT l."funnelId", l."offer", o."shopCurrency",
       SUM(${sql.greatest('l."amountShop" - COALESCE(rl.refunded, 0)', "0")}) AS amount
     FROM "OrderOfferLine" l
     JOIN "Order" o ON o."shop" = l."shop" AND o."orderId" = l."orderId"
     LEFT JOIN (
       SELECT ${sql.jsonText("j", "lineItemId")} AS "lineItemId", SUM(${sql.jsonInt("j", "amountShop")}) AS refunded
       FROM "OrderRefund" r, ${sql.jsonRows('r."lines"', "j")}
       WHERE r."shop" = $1 AND EXISTS (SELECT 1 FROM "OrderOfferLine" x WHERE x."shop" = r."shop" AND x."orderId" = r."orderId")
       GROUP BY 1
     ) rl ON rl."lineItemId" = l."lineItemId"
     WHERE l."shop" = $1 AND o."placedAt" >= ${sql.at(2)} AND o."placedAt" < ${sql.at(3)}
     GROUP BY l."funnelId", l."offer", o."shopCurrency"`,
    shop,
    sql.param(range.from),
    sql.param(range.to),
  );
  return rows.map((row) => ({
    funnelId: String(row.funnelId),
    offer: String(row.offer),
    currency: String(row.shopCurrency),
    amount: num(row.amount),
  }));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Offer counts per day: one per purchase and offer, on the day of its first
 * event, accepted when its latest accept/remove is an accept (an accept at
 * the same instant as a remove stands), as core's purchaseOutcomes counts.
 */
async function offerDayTotals(sql: Dialect, shop: string, range: { from: Date; to: Date }): Promise<OfferDayRow[]> {
  const rows = await query<Record<string, unknown>>(
    sql,
    `SELECT p.day, p."funnelId", p."offer", COUNT(*) AS impressions, SUM(p.accepted) AS accepts, SUM(p.declined) AS declines
     FROM (
       SELECT e."funnelId", e."offer", ${sql.day('MIN(e."occurredAt")')} AS day,
         MAX(CASE WHEN e."type" = 'decline' THEN 1 ELSE 0 END) AS declined,
         CASE WHEN MAX(CASE WHEN e."type" = 'accept' THEN e."occurredAt" END) IS NOT NULL
           AND (MAX(CASE WHEN e."type" = 'remove' THEN e."occurredAt" END) IS NULL
             OR MAX(CASE WHEN e."type" = 'accept' THEN e."occurredAt" END) >= MAX(CASE WHEN e."type" = 'remove' THEN e."occurredAt" END))
           THEN 1 ELSE 0 END AS accepted
       FROM "OfferEvent" e
       WHERE e."shop" = $1 AND e."purchaseKey" IS NOT NULL AND e."occurredAt" >= ${sql.at(4)} AND e."occurredAt" < ${sql.at(3)}
       GROUP BY e."funnelId", e."offer", e."purchaseKey"
       HAVING MIN(e."occurredAt") >= ${sql.at(2)}
       UNION ALL
       SELECT e."funnelId", e."offer", ${sql.day('e."occurredAt"')} AS day,
         CASE WHEN e."type" = 'decline' THEN 1 ELSE 0 END AS declined,
         CASE WHEN e."type" = 'accept' THEN 1 ELSE 0 END AS accepted
       FROM "OfferEvent" e
       WHERE e."shop" = $1 AND e."purchaseKey" IS NULL AND e."type" <> 'remove'
         AND e."occurredAt" >= ${sql.at(2)} AND e."occurredAt" < ${sql.at(3)}
     ) p
     GROUP BY p.day, p."funnelId", p."offer"`,
    shop,
    sql.param(range.from),
    sql.param(range.to),
    // A purchase's events a day before the range show it began before the range.
    sql.param(new Date(range.from.getTime() - DAY_MS)),
  );
  return rows.map((row) => ({
    day: String(row.day),
    funnelId: String(row.funnelId),
    offer: String(row.offer),
    impressions: num(row.impressions),
    accepts: num(row.accepts),
    declines: num(row.declines),
  }));
}
