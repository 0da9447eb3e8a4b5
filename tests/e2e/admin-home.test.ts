import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { startAppServer } from "../support/app-server";
import { CHROMIUM_ARGS, browserTestPlan } from "../support/browser-plan";
import { newAdminPage, openEmbedded } from "../support/embedded-admin";
import { mswServer } from "../support/msw-server";
import { installShop } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";
import { answerStoreSetup } from "../support/store-setup";

const SHOP = "browser-shop.myshopify.com";
const screenshots = path.resolve(import.meta.dirname, "..", "..", "test-results");
const shopify = stubAdminGraphql();

let browser: Browser;
let app: Awaited<ReturnType<typeof startAppServer>>;
let page: Page;

beforeAll(async () => {
  app = await startAppServer();
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  mswServer.use(shopify.handler);
  // Opening the app queues the setup guide's reading of the store, which the server's job worker runs.
  answerStoreSetup(shopify);
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Browser Shop", currencyCode: "CAD", myshopifyDomain: SHOP, plan: { shopifyPlus: false, partnerDevelopment: false } } },
  });
  page = await newAdminPage(browser);
});
afterEach(async () => {
  await page?.close();
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

const open = (pathname: string) => openEmbedded(page, { appUrl: app.url, shop: SHOP, pathname });

describe("the embedded admin in a browser", () => {
  it("shows the dashboard with the shop's name, currency and the app's navigation", async () => {
    const response = await open("/app");
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { name: "Welcome, Browser Shop" }).count()).toBe(1);
    await expect.poll(() => page.getByText("CAD", { exact: true }).count()).toBe(1);
    expect(await page.locator("ui-nav-menu a").allTextContents()).toEqual(["Dashboard", "Funnels", "Customer data requests"]);
    expect(await page.locator("ui-title-bar").getAttribute("title")).toBe("Upstack");
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "admin-home.png"), fullPage: true });
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
