import path from "node:path";
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { openEmbedded } from "../support/embedded-admin";
import { SCREENSHOTS, adminBrowserSession } from "../support/admin-browser-session";

const SHOP = "browser-shop.myshopify.com";
const shopify = stubAdminGraphql();

const session = adminBrowserSession({ shop: SHOP, shopify });
let app: typeof session.app;
let page: Page;

beforeEach(() => {
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Browser Shop", currencyCode: "CAD", myshopifyDomain: SHOP, plan: { shopifyPlus: false, partnerDevelopment: false } } },
  });
  ({ app, page } = session);
});

const open = (pathname: string) => openEmbedded(page, { appUrl: app.url, shop: SHOP, pathname });

describe("the embedded admin in a browser", () => {
  it("shows the dashboard with the shop's name, currency and the app's navigation", async () => {
    const response = await open("/app");
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { name: "Browser Shop", level: 1 }).count()).toBe(1);
    await expect.poll(() => page.getByText("CAD", { exact: true }).count()).toBe(1);
    expect(await page.locator("ui-nav-menu a").allTextContents()).toEqual(["Dashboard", "Funnels", "Customer data requests"]);
    expect(await page.locator("ui-title-bar").getAttribute("title")).toBe("Upstack");
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-home.png"), fullPage: true });
  });

  it("navigates to the data requests page, fetching its data with the session token", async () => {
    await open("/app");
    await page.getByRole("link", { name: "0" }).click();
    await expect.poll(() => page.getByText("No customer data requests").count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/app/data-requests");
  });

  it("sends a visitor without a session token to the login page, with no shop data", async () => {
    await page.goto(new URL("/app", app.url).href);
    expect(new URL(page.url()).pathname).toBe("/auth/login");
    await expect.poll(() => page.getByRole("heading", { name: "Log in to Upstack" }).count()).toBe(1);
    expect(await page.content()).not.toContain("Browser Shop");
    expect(shopify.calls).toEqual([]);
  });
});
