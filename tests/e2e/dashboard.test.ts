import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Funnel,
  type ScoreboardEvent,
  type ScoreboardOrder,
  aovIn,
  dateRangeDays,
  dateRangeOf,
  formatMoney,
  formatMoneyDifference,
  funnelScoreboard,
  holdoutLift,
  isHeldOut,
  money,
  ordersWithAcceptedOffer,
} from "@upstack/core";
import db from "~/db.server";
import { formatCount, formatRate } from "~/components/scoreboard/format";
import { createFunnel } from "~/models/funnel.server";
import { type OrderSnapshot, saveOrder } from "~/models/order.server";
import { createOfferEvent } from "~/models/scoreboard-rollups.server";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { accessibilityViolations } from "../support/accessibility";
import { openEmbedded } from "../support/embedded-admin";
import { SCREENSHOTS, adminBrowserSession } from "../support/admin-browser-session";

/**
 * The scoreboard as a merchant sees it, in the built admin in Chromium, on
 * orders, refunds and offer events seeded in the test database. Every
 * headline number on the page must equal what core's scoreboard functions
 * compute from the same records, written with the same formatters.
 */

const SHOP = "dashboard-shop.myshopify.com";
const shopify = stubAdminGraphql();
const session = adminBrowserSession({ shop: SHOP, shopify });
let page: Page;

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();
/** Upstack was installed 20 days ago; the backfill read the 60 days before. */
const INSTALLED_AT = new Date(NOW - 20 * DAY);
const HOLDOUT_PERCENT = 50;

const course = product("Video course", 9700, { productId: 8_300_000_000_001, variantId: 44_300_000_000_001 });
const workbook = product("Workbook", 3800, { productId: 8_300_000_000_002, variantId: 44_300_000_000_002 });
/** The bump's price after its 50% discount: what the buyer pays for the line. */
const BUMP_PAID = 1900;

beforeEach(() => {
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Lens Academy", currencyCode: "USD", myshopifyDomain: SHOP, plan: { shopifyPlus: true, partnerDevelopment: false } } },
  });
  page = session.page;
});

const open = (pathname: string) => openEmbedded(page, { appUrl: session.app.url, shop: SHOP, pathname });

/** A small deterministic generator: the same seed gives the same store every run. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

async function saveFunnel(value: Funnel) {
  const { id: _id, createdAt: _createdAt, ...draft } = value;
  return (await createFunnel(SHOP, draft)).id;
}

type Seeded = { orders: ScoreboardOrder[]; events: ScoreboardEvent[]; funnelId: string };

/**
 * The store: 40 orders from before the install (no offers), then 260
 * purchases since, half of them held out by the holdout (no offers shown);
 * the other half see the bump and about 40% take it. Some buyers pay in
 * euros, some orders are partly refunded, some bumps refunded in full.
 */
async function seedStore(): Promise<Seeded> {
  const random = generator(20_261_201);
  const funnelId = await saveFunnel(
    funnel(course, { name: "Course + workbook", bump: bump(workbook, { type: "percentage", percent: 50 }) }),
  );
  await db.shopSettings.create({ data: { shop: SHOP, holdoutPercent: HOLDOUT_PERCENT, holdoutSince: new Date(INSTALLED_AT.getTime() - 60_000) } });
  await db.orderBackfill.create({
    data: {
      shop: SHOP,
      state: "done",
      since: new Date(INSTALLED_AT.getTime() - 60 * DAY),
      ordersRead: 40,
      startedAt: INSTALLED_AT,
      finishedAt: new Date(INSTALLED_AT.getTime() + 60_000),
    },
  });

  const orders: ScoreboardOrder[] = [];
  const events: ScoreboardEvent[] = [];
  const snapshots: OrderSnapshot[] = [];
  const eventRows: { purchaseKey: string; type: "impression" | "accept"; occurredAt: Date }[] = [];

  const addOrder = (index: number, placedAt: Date, options: { token: string | null; bumpTaken: boolean; shown: boolean; held: boolean }) => {
    const orderId = `gid://shopify/Order/${9_000_000 + index}`;
    const extra = Math.floor(random() * 6000); // shipping, tax, other items
    const coreLine = { id: `gid://shopify/LineItem/${7_000_000 + index * 2}`, paid: course.price.amount + extra };
    const bumpLine = { id: `gid://shopify/LineItem/${7_000_000 + index * 2 + 1}`, paid: BUMP_PAID };
    const totalShop = coreLine.paid + (options.bumpTaken ? bumpLine.paid : 0);
    const euros = index % 5 === 0;
    const toPresentment = (amount: number) => (euros ? Math.round(amount * 0.92) : amount);
    const refundLines: { lineItemId: string; quantity: number; amountShop: number; amountPresentment: number }[] = [];
    if (index % 7 === 0) refundLines.push({ lineItemId: coreLine.id, quantity: 1, amountShop: 2500, amountPresentment: toPresentment(2500) });
    const bumpRefunded = options.bumpTaken && index % 4 === 1 ? BUMP_PAID : 0;
    if (bumpRefunded) refundLines.push({ lineItemId: bumpLine.id, quantity: 1, amountShop: bumpRefunded, amountPresentment: toPresentment(bumpRefunded) });
    const refunds =
      refundLines.length === 0
        ? []
        : [{ refundId: `gid://shopify/Refund/${3_000_000 + index}`, orderId, createdAt: new Date(placedAt.getTime() + DAY), lines: refundLines }];

    snapshots.push({
      orderId,
      placedAt,
      updatedAt: new Date(placedAt.getTime() + 1000),
      checkoutToken: options.token,
      customerId: `gid://shopify/Customer/${5_000_000 + index}`,
      shopCurrency: "USD",
      presentmentCurrency: euros ? "EUR" : "USD",
      total: { shop: totalShop, presentment: toPresentment(totalShop) },
      lines: [
        { lineItemId: coreLine.id, productId: course.productId, variantId: course.variantId, quantity: 1, paid: { shop: coreLine.paid, presentment: toPresentment(coreLine.paid) }, offerAttribute: null, hasBumpDiscount: false, discountCodes: [] },
        ...(options.bumpTaken
          ? [{ lineItemId: bumpLine.id, productId: workbook.productId, variantId: workbook.variantId, quantity: 1, paid: { shop: BUMP_PAID, presentment: toPresentment(BUMP_PAID) }, offerAttribute: funnelId, hasBumpDiscount: true, discountCodes: [] }]
          : []),
      ],
      refunds,
    });
    orders.push({
      id: orderId,
      placedAt,
      shopCurrency: "USD",
      presentmentCurrency: euros ? "EUR" : "USD",
      total: { shop: totalShop, presentment: toPresentment(totalShop) },
      refunds: refunds.map((refund) => ({
        shop: refund.lines.reduce((sum, line) => sum + line.amountShop, 0),
        presentment: refund.lines.reduce((sum, line) => sum + line.amountPresentment, 0),
      })),
      offerLines: options.bumpTaken ? [{ funnelId, offer: "bump", amount: BUMP_PAID, refunded: bumpRefunded }] : [],
      sawOffer: options.shown,
      holdout: options.held,
    });
    if (options.shown && options.token) {
      const shownAt = new Date(placedAt.getTime() - 60_000);
      eventRows.push({ purchaseKey: options.token, type: "impression", occurredAt: shownAt });
      events.push({ funnelId, offer: "bump", type: "impression", purchaseKey: options.token, occurredAt: shownAt });
      if (options.bumpTaken) {
        const takenAt = new Date(shownAt.getTime() + 5000);
        eventRows.push({ purchaseKey: options.token, type: "accept", occurredAt: takenAt });
        events.push({ funnelId, offer: "bump", type: "accept", purchaseKey: options.token, occurredAt: takenAt });
      }
    }
  };

  for (let index = 0; index < 40; index += 1) {
    const placedAt = new Date(INSTALLED_AT.getTime() - (1 + random() * 58) * DAY);
    addOrder(index, placedAt, { token: `before-${index}`, bumpTaken: false, shown: false, held: false });
  }
  for (let index = 40; index < 300; index += 1) {
    const placedAt = new Date(INSTALLED_AT.getTime() + (0.01 + random() * 19.9) * DAY);
    const token = `checkout-${index}`;
    const held = isHeldOut(token, HOLDOUT_PERCENT);
    addOrder(index, placedAt, { token, bumpTaken: !held && random() < 0.4, shown: !held, held });
  }

  await db.$transaction(
    async (tx) => {
      for (const snapshot of snapshots) await saveOrder(tx, SHOP, snapshot);
    },
    { timeout: 60_000 },
  );
  // Through the app's own write path, which marks the scoreboard days each event changes.
  await db.$transaction(
    async (tx) => {
      for (const row of eventRows) {
        await createOfferEvent(tx, {
          shop: SHOP,
          funnelId,
          offer: "bump",
          type: row.type,
          variantId: workbook.variantId,
          purchaseKey: row.purchaseKey,
          occurredAt: row.occurredAt,
        });
      }
    },
    { timeout: 60_000 },
  );
  return { orders, events, funnelId };
}

/** The text of the headline card whose heading is `title`. */
const card = (title: string) =>
  page.locator(".Polaris-ShadowBevel", { has: page.getByRole("heading", { name: title, exact: true }) }).last();

describe("the dashboard", () => {
  it("shows the headline numbers core computes from the same orders, refunds and events", async () => {
    const { orders, events, funnelId } = await seedStore();
    // Proof that the seed went through attribution: every accepted bump was stored as an offer line.
    const acceptedBumps = orders.filter((order) => order.offerLines.length > 0).length;
    expect(await db.orderOfferLine.count({ where: { shop: SHOP } })).toBe(acceptedBumps);

    const since = orders.filter((order) => order.placedAt >= INSTALLED_AT);
    const before = orders.filter((order) => order.placedAt < INSTALLED_AT);
    const aov = aovIn(since, "USD", "shop");
    const baseline = aovIn(before, "USD", "shop");
    const revenueAdded = since
      .flatMap((order) => order.offerLines)
      .reduce((sum, line) => sum + Math.max(0, line.amount - line.refunded), 0);
    const lift = holdoutLift(since, "USD", "shop");
    const bumpStats = funnelScoreboard(events, since)[0]!.offers.find((offer) => offer.offer === "bump")!;
    expect(lift.lift, "the seed gives both groups enough orders for a lift").not.toBeNull();

    const response = await open("/app?range=install");
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { name: "Average order value", exact: true }).count()).toBe(1);

    const aovCard = await card("Average order value").innerText();
    expect(aovCard).toContain(formatMoney(aov.aov!));
    expect(aovCard).toContain(`${formatMoneyDifference(aov.aov!.amount - baseline.aov!.amount, "USD")}`);
    expect(aovCard).toContain(`vs ${formatMoney(baseline.aov!)} before Upstack`);
    expect(aovCard).toContain(`${formatCount(aov.orders)} orders since you installed Upstack`);

    expect(await card("Revenue added by Upstack").innerText()).toContain(formatMoney(money(revenueAdded, "USD")));
    expect(await card("Orders with an accepted offer").innerText()).toContain(
      `${formatCount(ordersWithAcceptedOffer(since))}\n`,
    );

    const liftCard = (await card("Lift measured by the holdout").innerText()).replace(/\s+/g, " ");
    expect(liftCard).toContain(`${formatMoneyDifference(lift.lift!.estimate, "USD")} per order, with offers vs without.`);
    expect(liftCard).toContain(
      `between ${formatMoneyDifference(lift.lift!.low, "USD")} and ${formatMoneyDifference(lift.lift!.high, "USD")}`,
    );
    expect(liftCard).toContain(`${formatCount(lift.treatedOrders)} vs ${formatCount(lift.holdoutOrders)} orders`);

    // The funnel's row: its take rate and revenue, linked to the funnel.
    const funnelRow = page.getByRole("row", { name: /Course \+ workbook/ }).first();
    expect(await funnelRow.innerText()).toContain(formatRate(bumpStats.takeRate));
    expect(await funnelRow.innerText()).toContain(formatMoney(money(revenueAdded, "USD")));
    expect(await page.getByRole("link", { name: "Course + workbook" }).getAttribute("href")).toContain(`/app/funnels/${funnelId}`);

    // Euros are listed apart, never added to dollars.
    await expect.poll(() => page.getByRole("heading", { name: "Average order value in each currency buyers paid in" }).count()).toBe(1);
    const euroAov = aovIn(since, "EUR", "presentment");
    const euroRow = page.getByRole("row", { name: /^EUR/ });
    expect(await euroRow.innerText()).toContain(formatMoney(euroAov.aov!));

    // The charts draw in the browser, and their numbers are one click away as tables.
    await expect.poll(() => page.locator('[data-chart="Average order value over time"] svg').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-chart="Take rate per offer"] svg').count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Show the numbers as a table" }).last().click();
    await expect
      .poll(() => page.getByRole("row", { name: /Course \+ workbook: Order bump/ }).last().innerText())
      .toContain(formatRate(bumpStats.takeRate));

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });
  }, 120_000);

  it("lists each funnel's take rate and revenue added over the last 30 days", async () => {
    const { orders, events } = await seedStore();
    const from = new Date(NOW - 30 * DAY);
    const recent = orders.filter((order) => order.placedAt >= from);
    const stats = funnelScoreboard(
      events.filter((event) => event.occurredAt >= from),
      recent,
    )[0]!.offers.find((offer) => offer.offer === "bump")!;

    await open("/app/funnels");
    await expect.poll(() => page.getByRole("columnheader", { name: "Take rate, last 30 days" }).count()).toBe(1);
    expect(await page.getByRole("columnheader", { name: "Revenue added, last 30 days" }).count()).toBe(1);
    const row = await page.getByRole("row", { name: /Course \+ workbook/ }).innerText();
    expect(row).toContain(formatRate(stats.takeRate));
    expect(row).toContain(formatMoney(stats.revenueAdded[0]!));
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "funnels-with-totals.png"), fullPage: true });
  }, 120_000);

  it("keeps the range in the link, and says which ranges exist when a link names another", async () => {
    await seedStore();
    await open("/app");
    await page.getByLabel("Date range").selectOption("7d");
    await expect.poll(() => new URL(page.url()).searchParams.get("range")).toBe("7d");
    await expect.poll(() => page.getByText(/orders in the last 7 days/).count()).toBeGreaterThan(0);

    // The export covers the same days, downloaded inside the embedded admin with the session token.
    const days = dateRangeDays(dateRangeOf("7d", new Date(), null));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export as CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`upstack-scoreboard-${days.from}-to-${days.to}.csv`);
    expect(readFileSync(await file.path(), "utf8")).toContain("Course + workbook");
    expect(page.context().pages()).toHaveLength(1);

    const response = await open("/app?range=forever");
    expect(response?.status()).toBe(400);
    await expect.poll(() => page.getByText('Unknown date range "forever": use one of 7d, 30d, 90d, install.').count()).toBe(1);
  }, 120_000);

  it("says what will appear, and when, before there are any orders", async () => {
    await open("/app");
    await expect.poll(() => page.getByRole("heading", { name: "Your numbers appear here after your first orders" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Average order value", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Export as CSV" }).count()).toBe(0);
    // The setup guide and the store card stay.
    expect(await page.getByRole("heading", { name: "Where your offers show" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Your store" }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-empty.png"), fullPage: true });
  });

  it("shows the backfill's progress while it reads past orders", async () => {
    const since = new Date(NOW - 60 * DAY);
    await db.orderBackfill.create({ data: { shop: SHOP, state: "running", since, ordersRead: 1250, startedAt: new Date(NOW - 60_000) } });
    await open("/app");
    await expect.poll(() => page.getByText("Reading your past orders", { exact: true }).count()).toBe(1);
    const banner = await page.getByRole("status").filter({ hasText: "Reading your past orders" }).innerText();
    expect(banner).toContain(`${formatCount(1250)} read so far`);
    expect(banner).toContain(new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(since));
    expect(await page.getByText("Upstack is still reading your past orders").count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-backfilling.png"), fullPage: true });
  });
});
