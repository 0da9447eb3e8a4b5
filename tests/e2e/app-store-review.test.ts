import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import db from "~/db.server";
import { createFunnel, pauseForAttention } from "~/models/funnel.server";
import { bump, funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { accessibilityViolations } from "../support/accessibility";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { openEmbedded } from "../support/embedded-admin";
import { SCREENSHOTS, adminBrowserSession } from "../support/admin-browser-session";

/**
 * What Shopify's App Store review looks at in the admin and on the
 * post-purchase page (docs/decisions/0009-app-store-review.md): document
 * titles, WCAG 2.1 AA (axe-core), one banner at a time, the save bar's leave
 * confirmation on the page's own back link, downloads that work inside the
 * embedded admin, a preview that stays in view, features a store cannot use
 * explained, and the post-purchase page's states.
 */

// The post-purchase page's UI package ships an ESM build Node cannot load with React 17; its CommonJS build is the
// same code (as in the page's unit tests). Named at run time: the root project has no types for that file.
// The extension has its own copy of the package (beside its React 17), so that is the one replaced.
vi.mock("../../extensions/post-purchase/node_modules/@shopify/post-purchase-ui-extensions-react", () =>
  import(/* @vite-ignore */ ["../../extensions/post-purchase/node_modules/@shopify/post-purchase-ui-extensions-react", "index.js"].join("/")),
);

// The page's React 17 sketch is loaded at run time only: its types are the extension's (tsc -p extensions/post-purchase).
const SKETCH = "../../extensions/post-purchase/src/page-sketch.tsx";
type PageSketch = { postPurchasePageHtml(state: string): Promise<string> };
const postPurchasePageHtml = async (state: string) => ((await import(/* @vite-ignore */ SKETCH)) as PageSketch).postPurchasePageHtml(state);
const PAGE_STATES = ["totals-loading", "totals-failed", "accept-enabled"] as const;

const SHOP = "review-shop.myshopify.com";
const shopify = stubAdminGraphql();

const session = adminBrowserSession({ shop: SHOP, shopify, storeSetup: { plus: true, embedOn: false } });
let app: typeof session.app;
let page: Page;

const course = product("Launch Your Course", 9700);
const stack = funnel(course, {
  name: "Course stack",
  status: "draft",
  bump: bump(product("Course workbook", 3600)),
  postPurchase: {
    upsell: postPurchase(product("Coaching add-on", 19_700), { premium: true }),
    downsell: postPurchase(product("Group Q&A pass", 4700)),
    followUp: null,
  },
});
const { id: _id, createdAt: _createdAt, ...draft } = stack;

const summary = (shopifyPlus: boolean) => ({
  data: { shop: { name: "Review Shop", currencyCode: "USD", myshopifyDomain: SHOP, plan: { shopifyPlus, partnerDevelopment: false } } },
});

beforeEach(() => {
  shopify.answer("UpstackShopSummary", summary(true));
  ({ app, page } = session);
});

const open = (pathname: string) => openEmbedded(page, { appUrl: app.url, shop: SHOP, pathname });
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
const appBridgeCalls = () => page.evaluate(() => (window as unknown as { __appBridgeCalls: unknown[][] }).__appBridgeCalls);

describe("the admin, as App Store review reads it", () => {
  it("gives every page a document title and passes axe-core's WCAG 2.1 AA rules", async () => {
    const saved = await createFunnel(SHOP, draft);
    await db.customerDataRequest.create({ data: { shop: SHOP, customerEmail: "buyer@example.com", report: "{}" } });
    const pages = [
      ["/app", "Dashboard · Upstack", "Review Shop"],
      ["/app/funnels", "Funnels · Upstack", "Course stack"],
      ["/app/funnels/new", "New funnel · Upstack", "Order bump"],
      [`/app/funnels/${saved.id}`, "Course stack · Upstack", "Order bump"],
      ["/app/data-requests", "Customer data requests · Upstack", "buyer@example.com"],
      ["/app/orders", "Orders · Upstack", "Where offers could show"],
      ["/app/settings", "Settings · Upstack", "Share of purchases held out"],
    ] as const;
    for (const [pathname, title, shows] of pages) {
      await open(pathname);
      await eventually(() => page.getByText(shows, { exact: true }).first().count()).toBeGreaterThan(0);
      expect(await page.title(), pathname).toBe(title);
      expect(await accessibilityViolations(page), pathname).toEqual([]);
    }
  });

  it("shows one banner at a time on a funnel's page, the most important first", async () => {
    const saved = await createFunnel(SHOP, { ...draft, bump: bump(product("Course kit", 6000)) });
    await pauseForAttention(SHOP, saved.id, "Its upsell product was deleted in Shopify.");
    await open(`/app/funnels/${saved.id}`);
    await eventually(() => page.getByText("Upstack paused this funnel").count()).toBe(1);
    // It is paused (an info banner) and Upstack paused it (a warning): only the warning shows.
    expect(await page.locator(".Polaris-Banner").count()).toBe(1);
    expect(await page.getByText("This funnel is paused").count()).toBe(0);
    // The advisor's notes (here: a bump at 62% of the course) sit beside their fields, not as more banners.
    expect(await page.getByTestId("advisor-bump_too_expensive").count()).toBe(1);
  });

  it("asks before the page's own back link drops unsaved changes, and leaves at once without any", async () => {
    const saved = await createFunnel(SHOP, draft);
    await open(`/app/funnels/${saved.id}`);
    await page.getByRole("button", { name: "Funnels" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/app/funnels");

    await open(`/app/funnels/${saved.id}`);
    await page.getByLabel("Funnel name").fill("Course stack, edited");
    await eventually(() => page.locator("ui-save-bar[data-open]").count()).toBe(1);
    await page.getByRole("button", { name: "Funnels" }).click();
    await eventually(async () => (await appBridgeCalls()).some(([name]) => name === "saveBar.leaveConfirmation")).toBe(true);
    // The merchant has not chosen yet: still on the editor, the edit still there.
    await page.waitForTimeout(200);
    expect(new URL(page.url()).pathname).toBe(`/app/funnels/${saved.id}`);
    expect(await page.getByLabel("Funnel name").inputValue()).toBe("Course stack, edited");
    await page.evaluate(() => (window as unknown as { __confirmLeave: () => void }).__confirmLeave());
    await eventually(() => new URL(page.url()).pathname).toBe("/app/funnels");
  });

  it("downloads a customer data report inside the embedded admin, with the session token", async () => {
    const request = await db.customerDataRequest.create({
      data: { shop: SHOP, customerEmail: "buyer@example.com", report: JSON.stringify({ customer: "buyer@example.com", offers: [] }) },
    });
    await open("/app/data-requests");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`upstack-customer-data-${request.id}.json`);
    expect(JSON.parse(readFileSync(await file.path(), "utf8"))).toEqual({ customer: "buyer@example.com", offers: [] });
    // No new tab, no page without a session: the page is still the app's.
    expect(page.context().pages()).toHaveLength(1);
  });

  it("keeps the preview of the section being edited in view on a wide screen", async () => {
    const saved = await createFunnel(SHOP, draft);
    await open(`/app/funnels/${saved.id}`);
    const preview = page.getByTestId("preview-column");
    await preview.waitFor();
    // Typing in the downsell, far down the form: its preview is on screen beside it.
    const downsellHeadline = page.locator('[data-section="downsell"]').getByLabel("Headline");
    await downsellHeadline.scrollIntoViewIfNeeded();
    await downsellHeadline.fill("Join the group Q&A for less");
    const shown = page.getByTestId("post-purchase-preview-If declined: downsell");
    await eventually(() => shown.getByText("Join the group Q&A for less").count()).toBe(1);
    await eventually(async () => {
      const box = await shown.boundingBox();
      const viewport = page.viewportSize()!;
      return Boolean(box && box.y >= 0 && box.y < viewport.height);
    }).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "review-sticky-preview.png") });
  });

  it("explains on a store without Shopify Plus that the bump shows in the cart, not in checkout", async () => {
    shopify.answer("UpstackShopSummary", summary(false));
    await open("/app/funnels/new");
    await eventually(() => page.getByTestId("checkout-bump-unavailable").count()).toBe(1);
    expect(await page.getByTestId("checkout-bump-unavailable").innerText()).toContain("only on Shopify Plus");
    expect(await page.getByRole("heading", { name: "Cart preview" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Checkout preview" }).count()).toBe(0);
  });
});

describe("the post-purchase page's states", () => {
  it.each(PAGE_STATES)("%s: what the buyer can press, with a screenshot", async (state) => {
    await page.setContent(await postPurchasePageHtml(state));
    const accept = page.getByRole("button", { name: "Add to my order" });
    if (state === "totals-loading") {
      expect(await page.getByText("Calculating your new total…").count()).toBe(1);
      expect(await accept.isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "No thanks" }).isEnabled()).toBe(true);
    } else if (state === "totals-failed") {
      expect(await accept.count()).toBe(0);
      expect(await page.getByRole("button").allInnerTexts()).toEqual(["Continue to your order confirmation"]);
    } else {
      for (const line of ["Item", "Discount", "Shipping", "Taxes", "Total to pay now"]) expect(await page.getByText(line, { exact: true }).count()).toBe(1);
      expect(await accept.isEnabled()).toBe(true);
    }
    // One callout at the top, naming the product and the discount (the merchant's headline).
    expect(await page.locator("aside").count()).toBe(1);
    expect(await page.locator("aside h1").innerText()).toBe("Add the workbook for less");
    await page.screenshot({ path: path.join(SCREENSHOTS, `post-purchase-${state}.png`), fullPage: true });
  });
});
