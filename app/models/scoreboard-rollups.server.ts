import { randomUUID } from "node:crypto";
import {
  type HoldoutSettingView,
  type OfferDayRow,
  type OfferRevenueRow,
  type OrderTotalsRow,
  dayOf,
  dayStart,
  holdoutBuckets,
  holdoutKeyOfDay,
} from "@upstack/core";
import db from "../db.server";
import type { Prisma } from "../db/generated/sqlite/client";
import { databaseTarget } from "../db/database-target.server";
import type { Transaction } from "./webhook-delivery.server";

/**
 * The scoreboard's totals per shop and UTC day (ScoreboardDay), so that the
 * dashboard reads a few hundred small rows instead of adding up 100,000
 * orders and a million events on every load (docs/decisions/0014).
 *
 * A day's totals are never incremented: they are computed whole from the
 * orders, refunds and events with the same SQL that adds up any interval
 * (intervalTotals), so they cannot drift from the rows, whatever order
 * webhooks arrive in, however often. What keeps them fresh is a dirty mark:
 *
 * - Every write that changes a day's totals marks the day (ScoreboardDirty
 *   "day:<day>") in its own transaction, with a new random token: an order
 *   or refund marks the day the order was placed; an offer event marks its
 *   own day and the day of its purchase's first event (offers count on that
 *   day).
 * - Before reading, refreshScoreboardDays recomputes each marked day, and
 *   days kept with another holdout split, one day per transaction, and
 *   clears a mark only if its token is still the one it read: a write that
 *   landed during the recompute leaves its mark for the next load.
 * - One shop's recomputes run one at a time (they all update the shop's
 *   "refresh" row first), so an older recompute never overwrites a newer one.
 * - A refund may arrive before its order: the order's and its refunds'
 *   writers first update the "order:<id>" row, so they run one at a time on
 *   PostgreSQL and the second one sees the first's rows (a refund whose order
 *   is not stored yet marks nothing; its order's day is marked when the
 *   order comes).
 */

type Client = Transaction | typeof db;

async function mark(tx: Client, shop: string, key: string) {
  const token = randomUUID();
  await tx.scoreboardDirty.upsert({
    where: { shop_key: { shop, key } },
    create: { shop, key, token },
    update: { token, markedAt: new Date() },
    select: { shop: true },
  });
}

/** In the transaction that wrote the order (placedAt known) or one of its refunds (placedAt null). */
export async function markOrderChanged(tx: Transaction, shop: string, orderId: string, placedAt: Date | null) {
  const lock = `order:${orderId}`;
  await mark(tx, shop, lock);
  const placed = placedAt ?? (await tx.order.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { placedAt: true } }))?.placedAt;
  if (!placed) return; // the order is not stored yet: its own write will mark its day
  await mark(tx, shop, `day:${dayOf(placed)}`);
  await tx.scoreboardDirty.deleteMany({ where: { shop, key: lock } });
}

/** In the transaction that recorded an offer event. */
export async function markOfferEventDays(tx: Client, shop: string, event: { purchaseKey: string | null; occurredAt: Date }) {
  const days = new Set([dayOf(event.occurredAt)]);
  if (event.purchaseKey !== null) {
    const first = await tx.offerEvent.findFirst({
      where: { shop, purchaseKey: event.purchaseKey },
      orderBy: { occurredAt: "asc" },
      select: { occurredAt: true },
    });
    if (first) days.add(dayOf(first.occurredAt));
    // The purchase's order: whether it saw an offer may change.
    const order = await tx.order.findFirst({ where: { shop, checkoutToken: event.purchaseKey }, select: { placedAt: true } });
    if (order) days.add(dayOf(order.placedAt));
  }
  for (const day of [...days].sort()) await mark(tx, shop, `day:${day}`);
}

/** Records an offer event and marks the scoreboard days it changes, in one transaction. */
export async function createOfferEvent(tx: Transaction, data: Prisma.OfferEventUncheckedCreateInput) {
  const occurredAt = data.occurredAt === undefined ? new Date() : new Date(data.occurredAt);
  const row = await tx.offerEvent.create({ data: { ...data, occurredAt } });
  await markOfferEventDays(tx, data.shop, { purchaseKey: data.purchaseKey ?? null, occurredAt });
  return row;
}

/** customers/redact removed orders placed on these days. */
export async function markDays(tx: Transaction, shop: string, days: Iterable<string>) {
  for (const day of [...new Set(days)].sort()) await mark(tx, shop, `day:${day}`);
}

/** shop/redact */
export async function deleteShopScoreboard(tx: Transaction, shop: string) {
  await tx.scoreboardDay.deleteMany({ where: { shop } });
  await tx.scoreboardDirty.deleteMany({ where: { shop } });
}

export type DayTotals = { orders: OrderTotalsRow[]; offers: OfferDayRow[]; revenue: OfferRevenueRow[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Recomputes the shop's marked days and those kept with another holdout
 * split (see the module comment). A shop without any kept day yet (orders
 * stored before the rollups existed, rows inserted in bulk) gets every day
 * that has an order or an event marked first.
 */
export async function refreshScoreboardDays(shop: string, holdout: HoldoutSettingView) {
  if ((await db.scoreboardDay.count({ where: { shop } })) === 0) await markEveryDay(shop);
  const [marks, kept] = await Promise.all([
    db.scoreboardDirty.findMany({ where: { shop, key: { startsWith: "day:" } }, select: { key: true } }),
    db.scoreboardDay.findMany({ where: { shop }, select: { day: true, holdout: true } }),
  ]);
  const days = new Set(marks.map((row) => row.key.slice("day:".length)));
  for (const row of kept) if (row.holdout !== holdoutKeyOfDay(row.day, holdout)) days.add(row.day);
  for (const day of [...days].sort()) await recomputeDay(shop, day, holdout);
  return days.size;
}

async function recomputeDay(shop: string, day: string, holdout: HoldoutSettingView) {
  await db.$transaction(
    async (tx) => {
      await mark(tx, shop, "refresh"); // one recompute of this shop at a time
      const key = `day:${day}`;
      const seen = await tx.scoreboardDirty.findUnique({ where: { shop_key: { shop, key } }, select: { token: true } });
      const from = dayStart(day);
      const totals = await intervalTotals(tx, shop, { from, to: new Date(from.getTime() + DAY_MS) }, holdout);
      const data = {
        holdout: holdoutKeyOfDay(day, holdout),
        orders: JSON.stringify(totals.orders),
        offers: JSON.stringify(totals.offers),
        revenue: JSON.stringify(totals.revenue),
        computedAt: new Date(),
      };
      await tx.scoreboardDay.upsert({ where: { shop_day: { shop, day } }, create: { shop, day, ...data }, update: data, select: { day: true } });
      if (seen) await tx.scoreboardDirty.deleteMany({ where: { shop, key, token: seen.token } });
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** Every day with an order or an offer event, marked (a first build). */
export async function markEveryDay(shop: string) {
  const sql = dialect();
  const rows = await query<{ day: string }>(
    db,
    sql,
    `SELECT DISTINCT ${sql.day('"placedAt"')} AS day FROM "Order" WHERE "shop" = $1
     UNION SELECT DISTINCT ${sql.day('"occurredAt"')} AS day FROM "OfferEvent" WHERE "shop" = $1`,
    shop,
  );
  await db.$transaction(async (tx) => markDays(tx, shop, rows.map((row) => String(row.day))), { timeout: 60_000 });
}

/** Recomputes every day of the shop from its rows (after a bulk import). */
export async function rebuildScoreboardRollups(shop: string, holdout: HoldoutSettingView) {
  await db.scoreboardDay.deleteMany({ where: { shop } });
  await markEveryDay(shop);
  return refreshScoreboardDays(shop, holdout);
}

/** The kept totals of these days (days without a row have nothing). */
export async function readScoreboardDays(shop: string, days: { from: string; to: string }, parts: { offers: boolean }) {
  const rows = await db.scoreboardDay.findMany({
    where: { shop, day: { gte: days.from, lt: days.to } },
    select: { day: true, orders: true, revenue: true, offers: parts.offers },
  });
  const totals: DayTotals = { orders: [], offers: [], revenue: [] };
  for (const row of rows) {
    totals.orders.push(...(JSON.parse(row.orders) as OrderTotalsRow[]));
    totals.revenue.push(...(JSON.parse(row.revenue) as OfferRevenueRow[]));
    if (parts.offers && row.offers) totals.offers.push(...(JSON.parse(row.offers) as OfferDayRow[]));
  }
  return totals;
}

// ------------------------------------------------------------------ SQL

/**
 * The totals of an interval [from, to), added up from the rows: orders
 * placed in it, offer lines of those orders, and offers of purchases whose
 * first event for the offer is in it.
 */
export async function intervalTotals(
  client: Client,
  shop: string,
  range: { from: Date; to: Date },
  holdout: HoldoutSettingView,
): Promise<DayTotals> {
  const sql = dialect();
  const [orders, offers, revenue] = await Promise.all([
    orderTotals(client, sql, shop, range, holdout),
    offerDayTotals(client, sql, shop, range),
    offerRevenueTotals(client, sql, shop, range),
  ]);
  return { orders, offers, revenue };
}

type Dialect = {
  kind: "sqlite" | "postgresql";
  /** A timestamp parameter. */
  at: (n: number) => string;
  day: (column: string) => string;
  greatest: (a: string, b: string) => string;
  /** Rows of a JSON array column, as a FROM item named `alias`; a field of an element as text / integer. */
  jsonRows: (column: string, alias: string) => string;
  jsonText: (alias: string, field: string) => string;
  jsonInt: (alias: string, field: string) => string;
  real: (expression: string) => string;
  param: (value: Date) => string;
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

async function query<T>(client: Client, sql: Dialect, text: string, ...params: unknown[]): Promise<T[]> {
  const statement = sql.kind === "sqlite" ? text.replace(/\$(\d+)/g, "?$1") : text;
  return client.$queryRawUnsafe<T[]>(statement, ...params);
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const bool = (value: unknown): boolean => value === true || Number(value) === 1;

/** A date no order is placed after: "the holdout was never set". */
const NEVER = new Date("9999-01-01T00:00:00Z");

async function orderTotals(
  client: Client,
  sql: Dialect,
  shop: string,
  range: { from: Date; to: Date },
  holdout: HoldoutSettingView,
): Promise<OrderTotalsRow[]> {
  const rows = await query<Record<string, unknown>>(
    client,
    sql,
    `SELECT o.day, o."shopCurrency", o."presentmentCurrency", o.saw, o.side, o.offered,
       COUNT(*) AS orders, SUM(o.net) AS "netShop", SUM(${sql.real("o.net")} * o.net) AS "netShopSquares",
       SUM(o.netp) AS "netPresentment"
     FROM (
       SELECT ${sql.day('o."placedAt"')} AS day, o."shopCurrency", o."presentmentCurrency",
         CASE WHEN o."checkoutToken" IS NOT NULL AND EXISTS (
           SELECT 1 FROM "OfferEvent" e WHERE e."shop" = o."shop" AND e."purchaseKey" = o."checkoutToken")
           THEN 1 ELSE 0 END AS saw,
         CASE WHEN o."holdoutBucket" IS NULL OR o."placedAt" < ${sql.at(4)} THEN ''
           WHEN o."holdoutBucket" < $5 THEN 'holdout' ELSE 'treated' END AS side,
         CASE WHEN EXISTS (SELECT 1 FROM "OrderOfferLine" l WHERE l."shop" = o."shop" AND l."orderId" = o."orderId")
           THEN 1 ELSE 0 END AS offered,
         ${sql.greatest('o."totalShop" - COALESCE((SELECT SUM(r."amountShop") FROM "OrderRefund" r WHERE r."shop" = o."shop" AND r."orderId" = o."orderId"), 0)', "0")} AS net,
         ${sql.greatest('o."totalPresentment" - COALESCE((SELECT SUM(r."amountPresentment") FROM "OrderRefund" r WHERE r."shop" = o."shop" AND r."orderId" = o."orderId"), 0)', "0")} AS netp
       FROM "Order" o
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
async function offerRevenueTotals(client: Client, sql: Dialect, shop: string, range: { from: Date; to: Date }): Promise<OfferRevenueRow[]> {
  const refunded = `(SELECT SUM(${sql.jsonInt("j", "amountShop")}) FROM "OrderRefund" r, ${sql.jsonRows('r."lines"', "j")}
       WHERE r."shop" = l."shop" AND r."orderId" = l."orderId" AND ${sql.jsonText("j", "lineItemId")} = l."lineItemId")`;
  const rows = await query<Record<string, unknown>>(
    client,
    sql,
    `SELECT l."funnelId", l."offer", o."shopCurrency",
       SUM(${sql.greatest(`l."amountShop" - COALESCE(${refunded}, 0)`, "0")}) AS amount
     FROM "Order" o
     JOIN "OrderOfferLine" l ON l."shop" = o."shop" AND l."orderId" = o."orderId"
     WHERE o."shop" = $1 AND o."placedAt" >= ${sql.at(2)} AND o."placedAt" < ${sql.at(3)}
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

/**
 * Offer counts of purchases whose first event for the offer is in the range:
 * one per purchase and offer, counted on that event's day, accepted when its
 * latest accept/remove is an accept (at the same instant, the accept), as
 * core's purchaseOutcomes counts. Events without a purchase key count one each.
 */
async function offerDayTotals(client: Client, sql: Dialect, shop: string, range: { from: Date; to: Date }): Promise<OfferDayRow[]> {
  const lastAt = (type: string) => `MAX(CASE WHEN e."type" = '${type}' THEN e."occurredAt" END)`;
  const rows = await query<Record<string, unknown>>(
    client,
    sql,
    `SELECT p.day, p."funnelId", p."offer", COUNT(*) AS impressions, SUM(p.accepted) AS accepts, SUM(p.declined) AS declines
     FROM (
       SELECT e."funnelId", e."offer", ${sql.day('MIN(e."occurredAt")')} AS day,
         MAX(CASE WHEN e."type" = 'decline' THEN 1 ELSE 0 END) AS declined,
         CASE WHEN ${lastAt("accept")} IS NOT NULL AND (${lastAt("remove")} IS NULL OR ${lastAt("accept")} >= ${lastAt("remove")})
           THEN 1 ELSE 0 END AS accepted
       FROM "OfferEvent" e
       WHERE e."shop" = $1 AND e."purchaseKey" IN (
         SELECT k."purchaseKey" FROM "OfferEvent" k
         WHERE k."shop" = $1 AND k."occurredAt" >= ${sql.at(2)} AND k."occurredAt" < ${sql.at(3)} AND k."purchaseKey" IS NOT NULL)
       GROUP BY e."funnelId", e."offer", e."purchaseKey"
       HAVING MIN(e."occurredAt") >= ${sql.at(2)} AND MIN(e."occurredAt") < ${sql.at(3)}
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
