import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import express from "express";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Funnel, buildCheckoutConfig, buildDiscountConfig, legacyIdFromGid } from "@upstack/core";
import db from "~/db.server";
import { createFunnel } from "~/models/funnel.server";
import { bump, funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { type SandboxShopState, createSandboxShop } from "../../sandbox/stand-in/shop-state";
import { createPublishedState } from "../../sandbox/storefront/published-state";
import { storefrontRouter } from "../../sandbox/storefront/router";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { startAppServer } from "../support/app-server";
import { CHROMIUM_ARGS, browserTestPlan, browserUserAgent } from "../support/browser-plan";
import { mswServer } from "../support/msw-server";
import { TEST_APP, installShop } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// The storefront and checkout preview in Chromium against the production
// server: the real checkout bump and discount Function, the real
// post-purchase extension (ShouldRender and Render against the app's
// endpoints, changesets verified by the stand-in), the real thank-you page.

const SHOP = "preview-store.myshopify.com";
const screenshots = path.resolve(import.meta.dirname, "..", "..", "test-results", "storefront-preview");

const course = product("Video course", 9700, { productId: 8_600_000_000_001, variantId: 44_600_000_000_001 });
const workbook = product("Workbook", 3600, { productId: 8_600_000_000_002, variantId: 44_600_000_000_002 });
const coaching = product("Coaching call", 19_700, { productId: 8_600_000_000_003, variantId: 44_600_000_000_003 });
const miniCourse = product("Mini course", 4700, { productId: 8_600_000_000_004, variantId: 44_600_000_000_004 });

let app: Awaited<ReturnType<typeof startAppServer>>;
let browser: Browser;
let page: Page;
let store: Server;
let storeUrl: string;
let shop: SandboxShopState;
let funnels: Funnel[] = [];
const published = createPublishedState({ shop: SHOP, apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret });
const admin = stubAdminGraphql();
const webhooks: string[] = [];

beforeAll(async () => {
  app = await startAppServer();
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
  shop = createSandboxShop({
    domain: SHOP,
    currency: "USD",
    appOrigin: app.url,
    apiKey: TEST_APP.apiKey,
    apiSecret: TEST_APP.apiSecret,
    products: [course, workbook, coaching, miniCourse].map((p) => ({
      productId: legacyIdFromGid(p.productId),
      variantId: legacyIdFromGid(p.variantId),
      title: p.title,
      price: p.price.amount,
    })),
    deliver: async (topic) => {
      webhooks.push(topic);
      return { topic, status: 200, at: new Date().toISOString() };
    },
  });
  const server = express();
  server.use("/store", storefrontRouter(Object.assign(shop, published.access)));
  store = await new Promise((resolve) => {
    const listening = server.listen(0, "127.0.0.1", () => resolve(listening));
  });
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/store`;
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => store?.close(resolve));
  await app?.close();
});

beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  const { id: _id, createdAt: _createdAt, ...draft } = funnel(course, {
    bump: bump(workbook, { type: "percentage", percent: 25 }),
    postPurchase: {
      upsell: postPurchase(coaching),
      downsell: postPurchase(miniCourse),
      followUp: null,
    },
  });
  funnels = [await createFunnel(SHOP, draft)];
  // What publishing sends the Admin API (app/services/publishing.server.ts), as the stand-in records it.
  const discount = { discountClasses: ["PRODUCT"], metafields: [{ namespace: "$app:upstack", key: "bump_discount_config", type: "json", value: JSON.stringify(buildDiscountConfig(funnels, "USD").config) }] };
  published.discountCreated("gid://shopify/DiscountAutomaticNode/77", discount);
  published.metafieldsSet([
    { ownerId: "gid://shopify/Shop/1", namespace: "$app:upstack", key: "checkout_config", type: "json", value: JSON.stringify(buildCheckoutConfig(funnels, "USD", { eventsUrl: `${app.url}/api/checkout/events` })) },
  ]);
  webhooks.length = 0;
  mswServer.use(admin.handler);
  // The thank-you endpoints look the order up in the Admin API: answered from the demo shop's order.
  admin.answer("UpstackThankYouOrder", (variables) => {
    const order = shop.order(String(variables?.id).replace("OrderIdentity", "Order"));
    return {
      data: {
        order: order && {
          id: order.id,
          createdAt: order.createdAt,
          checkoutToken: order.checkoutToken,
          currencyCode: "USD",
          presentmentCurrencyCode: "USD",
          customer: null,
          lineItems: {
            nodes: order.lines.map((line) => ({
              quantity: line.quantity,
              product: { id: shop.variant(line.variantId)?.productId },
              variant: { id: line.variantId },
              discountedTotalSet: { shopMoney: { amount: ((line.unitPrice * line.quantity - line.discounts.reduce((n, d) => n + d.amount, 0)) / 100).toFixed(2), currencyCode: "USD" } },
            })),
          },
        },
      },
    };
  });
  // A buyer's browser: Shopify's library answers a headless browser's user agent as a bot's (410).
  page = await browser.newPage({ viewport: { width: 1100, height: 900 }, userAgent: browserUserAgent(browser.version()) });
});
afterEach(async () => {
  await page?.close();
  const failures = [...admin.failures];
  admin.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

/** From the product list to the checkout with the course in the cart. */
async function checkoutWithCourse() {
  await page.goto(`${storeUrl}/`);
  await page.getByRole("button", { name: "Add Video course to cart" }).click();
  await page.waitForURL(/\/cart$/);
  await page.getByRole("button", { name: "Check out" }).click();
  await page.waitForURL(/\/checkouts\//);
}

describe("the storefront and checkout preview", () => {
  it("bump ticked at checkout and discounted by the Function, upsell accepted after payment, the order holds all three", async () => {
    await checkoutWithCourse();
    const summary = page.getByRole("complementary", { name: "Order summary" });
    await expect.poll(() => summary.getByLabel("Total").textContent()).toBe("$97.00");
    const tick = page.getByRole("checkbox", { name: funnels[0]!.bump!.copy.checkboxLabel });
    await tick.waitFor({ timeout: 10_000 });
    await shot("1-checkout");

    await tick.check();
    await expect.poll(() => summary.getByLabel("Total").textContent(), { timeout: 10_000 }).toBe("$124.00");
    // The Function's discount: the workbook's regular price struck through, $27 paid.
    await expect.poll(() => summary.getByLabel("Regular price $36.00").count()).toBe(1);
    expect(await tick.isChecked()).toBe(true);
    await shot("2-checkout-bump");

    await page.getByRole("button", { name: "Pay now" }).click();
    await page.waitForURL(/\/post-purchase$/);
    await page.getByRole("heading", { name: "Coaching call", exact: true }).waitFor({ timeout: 10_000 });
    // The new total before accepting (calculateChangeset).
    await expect.poll(() => page.getByText("$197.00").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot("3-post-purchase-upsell");
    await page.getByRole("button", { name: /add/i }).first().click();

    await page.waitForURL(/\/thank-you$/, { timeout: 15_000 });
    await expect.poll(() => page.locator("[data-order-total]").textContent()).toBe("$321.00");
    const order = shop.orders().at(-1)!;
    expect(order.lines.map((line) => [line.title, line.quantity])).toEqual([
      ["Video course", 1],
      ["Workbook", 1],
      ["Coaching call", 1],
    ]);
    expect(order.lines[1]!.attributes).toEqual([{ key: "_upstack_offer", value: funnels[0]!.id }]);
    expect(webhooks).toEqual(["orders/create", "orders/updated"]);
    await expect.poll(() => page.getByText("orders/updated: the app answered 200").count()).toBe(1);
    await shot("4-thank-you-summary");
    // What the dashboard counts: the checkout bump's and the post-purchase page's events reached the app.
    const events = await db.offerEvent.findMany({ where: { shop: SHOP }, select: { offer: true, type: true } });
    expect(events).toEqual(
      expect.arrayContaining([
        { offer: "bump", type: "impression" },
        { offer: "bump", type: "accept" },
        { offer: "upsell", type: "impression" },
        { offer: "upsell", type: "accept" },
      ]),
    );
  });

  // The downsell, the cart lock, a failed upsell payment, the server down during ShouldRender and a wallet
  // purchase are proven against the real sandbox: tests/e2e/sandbox-journey.test.ts.

  it("the cart page shows the theme's cart bump; ticked there, the checkout has it discounted", async () => {
    await page.goto(`${storeUrl}/`);
    await page.getByRole("button", { name: "Add Video course to cart" }).click();
    await page.waitForURL(/\/cart$/);
    const tick = page.getByRole("checkbox", { name: "Add Workbook" });
    await tick.waitFor({ timeout: 10_000 });
    await shot("0-cart-bump");
    await tick.check();
    await expect.poll(() => page.getByText("Workbook × 1").count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL(/\/checkouts\//);
    const summary = page.getByRole("complementary", { name: "Order summary" });
    await expect.poll(() => summary.getByLabel("Total").textContent(), { timeout: 10_000 }).toBe("$124.00");
    // The checkout bump reads the same line (its attribute): ticked, not offered twice.
    await expect.poll(() => page.getByRole("checkbox", { name: funnels[0]!.bump!.copy.checkboxLabel }).isChecked(), { timeout: 10_000 }).toBe(true);
  });
});
