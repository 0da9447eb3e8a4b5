import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type ScoreboardEvent,
  type ScoreboardOrder,
  aovByCurrency,
  aovByHoldout,
  aovIn,
  funnelScoreboard,
  isHeldOut,
} from "@upstack/core";
import db from "~/db.server";
import { recordCheckoutEvents } from "~/models/offer-event.server";
import { saveHoldoutPercent } from "~/models/shop-settings.server";
import { action as ordersRoute } from "~/routes/webhooks.orders";
import { action as refundsRoute } from "~/routes/webhooks.refunds";
import { loadScoreboard } from "~/services/scoreboard.server";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { createFunnel } from "~/models/funnel.server";
import { resetShop } from "../support/shop-rows";
import { runRoute as deliver, webhookRequest } from "../support/shopify-requests";

// The day totals are recomputed for days writes mark; these feed the same
// orders, refunds and events in different orders, duplicated and at once, and
// check that the dashboard's numbers are core's numbers over the final rows.

const SHUFFLED = "rollups-shuffled.myshopify.com";
const CLEAN = "rollups-clean.myshopify.com";
// Up to the end of today: the checkout events are recorded now.
const DAY_MS = 24 * 60 * 60 * 1000;
const RANGE = { from: new Date("2026-11-01T00:00:00Z"), to: new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS) };
const HOLDOUT_SINCE = new Date("2026-10-01T00:00:00Z");

const course = product("Video course", 9700, { productId: 8_300_000_000_001, variantId: 44_300_000_000_001 });
const workbook = product("Workbook", 1900, { productId: 8_300_000_000_002, variantId: 44_300_000_000_002 });

type Spec = { n: number; placedAt: string; cents: number; currency: "USD" | "EUR"; refunds: number[] };

// 16 orders over four days (and one just before the range), two currencies, some refunded once or twice.
const SPECS: Spec[] = Array.from({ length: 16 }, (_, n) => ({
  n,
  placedAt: n === 15 ? "2026-10-31T23:59:59Z" : `2026-11-0${1 + (n % 4)}T${String(6 + n).padStart(2, "0")}:30:00Z`,
  cents: 2_000 + n * 731,
  currency: n % 3 === 0 ? "EUR" : "USD",
  refunds: n % 5 === 0 ? [500, 250] : n % 4 === 1 ? [1_000] : [],
}));

const EUR_RATE = 0.9;
const decimal = (cents: number) => (cents / 100).toFixed(2);
const moneySet = (shopCents: number, currency: string) => ({
  shop_money: { amount: decimal(shopCents), currency_code: "USD" },
  presentment_money: { amount: decimal(currency === "EUR" ? Math.round(shopCents * EUR_RATE) : shopCents), currency_code: currency },
});

function refundPayload(spec: Spec, index: number) {
  return {
    id: 70_000 + spec.n * 10 + index,
    order_id: 60_000 + spec.n,
    created_at: "2026-11-10T10:00:00Z",
    refund_line_items: [{ line_item_id: 80_000 + spec.n * 10, quantity: 1, subtotal_set: moneySet(spec.refunds[index]!, spec.currency) }],
  };
}

/** Version 1: the order as placed; version 2 (later updated_at): 300 cents more, with its refunds inside. */
function orderPayload(spec: Spec, version: 1 | 2) {
  const total = spec.cents + (version === 2 ? 300 : 0);
  return {
    id: 60_000 + spec.n,
    created_at: spec.placedAt,
    updated_at: version === 1 ? spec.placedAt : "2026-11-10T12:00:00Z",
    checkout_token: `rollup-checkout-${spec.n}`,
    customer: { id: 9_000 + spec.n },
    total_price_set: moneySet(total, spec.currency),
    discount_applications: [],
    line_items: [
      {
        id: 80_000 + spec.n * 10,
        product_id: 8_300_000_000_001,
        variant_id: 44_300_000_000_001,
        quantity: 1,
        price_set: moneySet(total, spec.currency),
        properties: [],
        discount_allocations: [],
      },
    ],
    refunds: version === 2 ? spec.refunds.map((_, index) => refundPayload(spec, index)) : [],
  };
}

type Delivery = { kind: "order" | "refund"; topic: string; payload: unknown; webhookId: string };

function deliveriesFor(shop: string): Delivery[] {
  const list: Delivery[] = [];
  for (const spec of SPECS) {
    list.push({ kind: "order", topic: "orders/create", payload: orderPayload(spec, 1), webhookId: `${shop}-create-${spec.n}` });
    spec.refunds.forEach((_, index) =>
      list.push({ kind: "refund", topic: "refunds/create", payload: refundPayload(spec, index), webhookId: `${shop}-refund-${spec.n}-${index}` }),
    );
    if (spec.n % 2 === 0 || spec.refunds.length > 0) {
      list.push({ kind: "order", topic: "orders/updated", payload: orderPayload(spec, 2), webhookId: `${shop}-update-${spec.n}` });
    }
  }
  return list;
}

const send = (shop: string, delivery: Delivery) =>
  deliver(
    delivery.kind === "order" ? ordersRoute : refundsRoute,
    webhookRequest({
      path: delivery.kind === "order" ? "/webhooks/orders" : "/webhooks/refunds",
      topic: delivery.topic,
      shop,
      payload: delivery.payload,
      webhookId: delivery.webhookId,
    }),
  );

/** Deterministic shuffle (a seeded LCG), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The final orders as core sees them: the newest version of each, every refund once. */
function finalOrders(): ScoreboardOrder[] {
  return SPECS.map((spec) => {
    const updated = spec.n % 2 === 0 || spec.refunds.length > 0;
    const total = spec.cents + (updated ? 300 : 0);
    const presentment = (cents: number) => (spec.currency === "EUR" ? Math.round(cents * EUR_RATE) : cents);
    const token = `rollup-checkout-${spec.n}`;
    return {
      id: String(spec.n),
      placedAt: new Date(spec.placedAt),
      shopCurrency: "USD",
      presentmentCurrency: spec.currency,
      total: { shop: total, presentment: presentment(total) },
      refunds: spec.refunds.map((cents) => ({ shop: cents, presentment: presentment(cents) })),
      offerLines: [],
      sawOffer: spec.n % 3 === 1,
      holdout: isHeldOut(token, 50),
    };
  });
}

let funnelIds: Record<string, string> = {};

async function setUpShop(shop: string) {
  await saveHoldoutPercent(shop, 50, HOLDOUT_SINCE);
  const { id: _id, createdAt: _createdAt, ...draft } = funnel(course, { bump: bump(workbook, { type: "percentage", percent: 50 }) });
  funnelIds[shop] = (await createFunnel(shop, draft)).id;
}

/** Bump events of the checkouts of every third order (n % 3 === 1): shown, and for some taken. */
async function recordEvents(shop: string, concurrently: boolean) {
  const work = SPECS.filter((spec) => spec.n % 3 === 1).map((spec) => async () => {
    const events = [{ type: "impression" as const, funnelId: funnelIds[shop]!, variantId: workbook.variantId }];
    if (spec.n % 2 === 0) events.push({ type: "accept" as const, funnelId: funnelIds[shop]!, variantId: workbook.variantId } as never);
    const result = await recordCheckoutEvents(shop, { checkoutToken: `rollup-checkout-${spec.n}`, customerId: null }, events);
    expect(result).toMatchObject({ ok: true, recorded: events.length });
  });
  if (concurrently) await Promise.all(work.map((run) => run()));
  else for (const run of work) await run();
}

beforeEach(async () => {
  await resetShop(SHUFFLED, CLEAN);
  funnelIds = {};
  await setUpShop(SHUFFLED);
  await setUpShop(CLEAN);
});

describe("scoreboard day totals under redelivered, shuffled, duplicated and concurrent webhooks", () => {
  it("equal core's numbers over the final orders, and a clean in-order delivery", { timeout: 120_000 }, async () => {
    // Clean: every delivery once, in order, then the events.
    for (const delivery of deliveriesFor(CLEAN)) expect((await send(CLEAN, delivery)).status).toBe(200);
    await recordEvents(CLEAN, false);
    const clean = await loadScoreboard(CLEAN, RANGE);

    // Shuffled: half, a dashboard load (day totals kept), then the rest with every delivery twice,
    // in bursts sent at once, and the events at once; then redeliveries of everything.
    const all = shuffled(deliveriesFor(SHUFFLED), 20_261_201);
    const half = Math.floor(all.length / 2);
    for (const delivery of all.slice(0, half)) expect((await send(SHUFFLED, delivery)).status).toBe(200);
    await loadScoreboard(SHUFFLED, RANGE);
    expect(await db.scoreboardDay.count({ where: { shop: SHUFFLED } })).toBeGreaterThan(0);
    const rest = shuffled([...all.slice(half), ...all.slice(half), ...all.slice(0, 3)], 7);
    for (let i = 0; i < rest.length; i += 6) {
      const burst = rest.slice(i, i + 6);
      const answers = await Promise.all(burst.map((delivery) => send(SHUFFLED, delivery)));
      for (const answer of answers) expect(answer.status).toBe(200);
    }
    await recordEvents(SHUFFLED, true);
    await loadScoreboard(SHUFFLED, RANGE);
    for (const delivery of shuffled(all, 3)) await send(SHUFFLED, { ...delivery, webhookId: randomUUID() });
    const board = await loadScoreboard(SHUFFLED, RANGE);

    expect(await db.order.count({ where: { shop: SHUFFLED } })).toBe(SPECS.length);
    // Everything but the funnel ids (each shop has its own funnel) is the same as the clean delivery's.
    const withoutIds = (value: typeof board) => JSON.parse(JSON.stringify(value).replaceAll(funnelIds[SHUFFLED]!, "F").replaceAll(funnelIds[CLEAN]!, "F"));
    expect(withoutIds(board)).toEqual(withoutIds(clean));

    // And it is what core computes from the final orders.
    const orders = finalOrders().filter((order) => order.placedAt >= RANGE.from && order.placedAt < RANGE.to);
    expect(orders).toHaveLength(15);
    const headline = aovIn(orders, "USD", "shop");
    expect(board.headline.orders).toBe(headline.orders);
    expect(board.headline.aov).toEqual(headline.aov);
    expect(board.aovByCurrency).toEqual(aovByCurrency(orders, "presentment"));
    const sides = aovByHoldout(orders, "shop");
    expect(board.holdout.lift.treatedOrders).toBe(sides.treated[0]?.orders ?? 0);
    expect(board.holdout.lift.holdoutOrders).toBe(sides.holdout[0]?.orders ?? 0);
    expect(board.sawOffer.sawOffer).toEqual(aovIn(orders.filter((o) => o.sawOffer), "USD", "shop"));
    const events: ScoreboardEvent[] = (await db.offerEvent.findMany({ where: { shop: SHUFFLED } })).map((event) => ({
      funnelId: "F",
      offer: event.offer as ScoreboardEvent["offer"],
      type: event.type as ScoreboardEvent["type"],
      purchaseKey: event.purchaseKey,
      occurredAt: event.occurredAt,
    }));
    const [reference] = funnelScoreboard(events, orders);
    expect(withoutIds(board).funnels[0].offers[0]).toMatchObject({
      offer: "bump",
      impressions: reference!.offers[0]!.impressions,
      accepts: reference!.offers[0]!.accepts,
    });
    for (const day of board.daily) {
      const ofDay = orders.filter((order) => order.placedAt.toISOString().startsWith(day.date));
      expect(day.aov, day.date).toEqual(aovIn(ofDay, "USD", "shop").aov);
    }
  });

  it("recomputes a kept day when a refund arrives, and when the holdout share changes", { timeout: 30_000 }, async () => {
    const deliveries = deliveriesFor(SHUFFLED);
    const [create, refund] = [deliveries[0]!, deliveries[1]!];
    expect(refund.kind).toBe("refund");
    await send(SHUFFLED, create);
    const before = await loadScoreboard(SHUFFLED, RANGE);
    expect(before.headline.aov?.amount).toBe(2_000);
    await send(SHUFFLED, refund);
    const after = await loadScoreboard(SHUFFLED, RANGE);
    expect(after.headline.aov?.amount).toBe(1_500);

    const side = isHeldOut("rollup-checkout-0", 50) ? "holdout" : "treated";
    expect(after.holdout.lift[side === "holdout" ? "holdoutOrders" : "treatedOrders"]).toBe(1);
    await saveHoldoutPercent(SHUFFLED, 0, new Date("2026-10-02T00:00:00Z"));
    const unheld = await loadScoreboard(SHUFFLED, RANGE);
    expect(unheld.holdout.lift).toMatchObject({ treatedOrders: 1, holdoutOrders: 0 });
  });
});
