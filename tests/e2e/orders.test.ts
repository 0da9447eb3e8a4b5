import path from "node:path";
import type { Page } from "playwright-core";
import { NO_OFFER_REASONS } from "@upstack/core";
import { beforeEach, describe, expect, it } from "vitest";
import { readHoldout } from "~/models/shop-settings.server";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { SCREENSHOTS, adminBrowserSession } from "../support/admin-browser-session";
import { seedCoverageOrders } from "../support/coverage-orders";
import { openEmbedded } from "../support/embedded-admin";
import { COURSE_STORE, answerCatalog } from "../support/shopify-catalog";

// The orders pages and the holdout setting as a merchant sees them.

const SHOP = "orders-browser.myshopify.com";
const OTHER_SHOP = "orders-browser-rival.myshopify.com";
const shopify = stubAdminGraphql();
const session = adminBrowserSession({ shop: SHOP, shopify, otherShops: [OTHER_SHOP] });
let app: typeof session.app;
let page: Page;

beforeEach(() => {
  ({ app, page } = session);
});

const open = (pathname: string) => openEmbedded(page, { appUrl: app.url, shop: SHOP, pathname });

describe("why did this order get no offer?", () => {
  it("lists the orders, and one order's page says per place why it got no offer", async () => {
    await seedCoverageOrders(SHOP, OTHER_SHOP);
    expect((await open("/app/orders?from=2026-11-01&to=2026-11-30"))?.status()).toBe(200);
    await expect.poll(() => page.getByRole("link", { name: "Order 1002" }).count()).toBeGreaterThan(0);
    // The coverage card: the post-purchase page could reach 2 of the 4 orders.
    await expect.poll(() => page.locator('[data-surface="postPurchase"] [data-testid="could-see"]').textContent()).toBe("could reach 50% (2 of 4), shown to 1");
    await page.screenshot({ path: path.join(SCREENSHOTS, "orders.png"), fullPage: true });

    await page.getByRole("link", { name: "Order 1002" }).first().click();
    await page.waitForURL((url) => url.pathname === "/app/orders/1002");
    await expect.poll(() => page.getByText("In the holdout", { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-surface="postPurchase"]').textContent()).toBe(NO_OFFER_REASONS.holdout.words);
    expect(await page.locator('[data-surface="checkoutBump"]').textContent()).toBe(NO_OFFER_REASONS.not_plus.words);
    await expect.poll(() => page.getByText("Nothing: no line of this order came from an offer.").count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-held-out.png"), fullPage: true });

    await open("/app/orders/1001");
    await expect.poll(() => page.locator('[data-surface="postPurchase"]').textContent()).toMatch(/Offer shown$/);
    await expect.poll(() => page.getByRole("cell", { name: "accepted" }).count()).toBe(1);
    expect(await page.getByRole("cell", { name: "$157.60" }).count()).toBe(1);
  });

  it("shows the other shop's order as not found", async () => {
    await seedCoverageOrders(SHOP, OTHER_SHOP);
    expect((await open("/app/orders/2001"))?.status()).toBe(404);
    await expect.poll(() => page.getByText("No such order in this store").count()).toBe(1);
  });
});

describe("the holdout setting", () => {
  it("explains the holdout, shows a field error for a bad share, and saves a good one", async () => {
    // Saving publishes the share to checkout (in the server's job worker).
    answerCatalog(shopify, Object.values(COURSE_STORE), { shop: SHOP });
    await open("/app/settings");
    await expect.poll(() => page.getByText(/A holdout is a share of purchases/).count()).toBe(1);
    const field = page.getByLabel("Share of purchases held out");
    expect(await field.inputValue()).toBe("0");
    await field.fill("10.125");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByText("Use at most 2 decimal places, such as 12.25.").count(), { timeout: 10_000 }).toBe(1);
    expect(await readHoldout(SHOP)).toEqual({ percent: 0, since: null });
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-holdout-error.png"), fullPage: true });
    await field.fill("10");
    await page.getByRole("button", { name: "Save" }).click();
    // Saving also queues a publish: on a loaded machine the answer can take seconds.
    await expect.poll(() => page.getByText(/^Saved\./).count(), { timeout: 10_000 }).toBe(1);
    expect(await readHoldout(SHOP)).toMatchObject({ percent: 10 });
    await expect.poll(() => page.getByText(/10% of purchases are held out since/).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-holdout.png"), fullPage: true });
  });
});
