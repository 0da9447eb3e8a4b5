import { mkdirSync } from "node:fs";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { appBridgeStandIn } from "../support/app-bridge-stand-in";
import { startAppServer } from "../support/app-server";
import { CHROMIUM_ARGS, browserTestPlan, browserUserAgent } from "../support/browser-plan";
import { mswServer } from "../support/msw-server";
import { installShop, TEST_APP } from "../support/shopify-requests";

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
  await db.session.deleteMany({ where: { shop: SHOP } });
  await db.customerDataRequest.deleteMany({ where: { shop: SHOP } });
  await installShop(SHOP);
  mswServer.use(shopify.handler);
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Browser Shop", currencyCode: "CAD", myshopifyDomain: SHOP } },
  });
  // The auth library turns bots away (410), and HeadlessChrome's user agent reads as one.
  page = await browser.newPage({ userAgent: browserUserAgent(browser.version()) });
});
afterEach(async () => {
  await page?.close();
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

/** Opens a page the way Shopify admin embeds it: shop, host and a signed id_token in the URL. */
async function openEmbedded(pathname: string) {
  const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), TEST_APP.apiKey, TEST_APP.apiSecret);
  await page.route("https://cdn.shopify.com/shopifycloud/app-bridge.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: appBridgeStandIn({ shop: SHOP, sessionToken: token }) }),
  );
  await page.route((url) => url.hostname === "cdn.shopify.com" && !url.pathname.endsWith("app-bridge.js"), (route) =>
    route.abort(),
  );
  const url = new URL(pathname, app.url);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", SHOP);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${SHOP.split(".")[0]}`).toString("base64"));
  url.searchParams.set("id_token", token);
  return page.goto(url.href);
}

describe("the embedded admin in a browser", () => {
  it("shows the dashboard with the shop's name, currency and the app's navigation", async () => {
    const response = await openEmbedded("/app");
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { name: "Welcome, Browser Shop" }).count()).toBe(1);
    await expect.poll(() => page.getByText("CAD", { exact: true }).count()).toBe(1);
    expect(await page.locator("ui-nav-menu a").allTextContents()).toEqual(["Dashboard", "Funnels", "Customer data requests"]);
    expect(await page.locator("ui-title-bar").getAttribute("title")).toBe("Upstack");
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "admin-home.png"), fullPage: true });
  });

  it("navigates to the data requests page, fetching its data with the session token", async () => {
    await openEmbedded("/app");
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
