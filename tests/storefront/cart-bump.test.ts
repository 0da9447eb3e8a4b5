/**
 * The cart bump in Chromium, on a stand-in store built the way Dawn builds
 * its cart page and cart drawer, against a local stand-in for Shopify's cart
 * API. Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCheckoutConfig, parseGid } from "@upstack/core";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { CHROMIUM_ARGS, browserTestPlan } from "../support/browser-plan";
import { type CatalogProduct, StandInStore } from "../support/cart-bump-store";

const screenshots = path.resolve(import.meta.dirname, "..", "..", "test-results");

const course = product("Photography course", 9900);
const workbook = product("Field workbook", 2900);
const tripod = product("Travel tripod", 4900);
const catalogOf = (...products: (typeof course)[]): CatalogProduct[] =>
  products.map((p) => ({
    productId: Number(parseGid(p.productId).id),
    variantId: Number(parseGid(p.variantId).id),
    title: p.title,
    price: p.price.amount,
  }));
const catalog = catalogOf(course, workbook, tripod);
const [courseVariant, workbookVariant, tripodVariant] = catalog.map((p) => p.variantId) as [number, number, number];
const document = buildCheckoutConfig(
  [funnel(course, { id: "funnel-course", bump: bump(workbook, { type: "percentage", percent: 20 }) })],
  "USD",
);

let browser: Browser;
let store: StandInStore;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await page?.close();
  await store?.stop();
});

async function open(options: Partial<ConstructorParameters<typeof StandInStore>[0]> = {}, at = "/cart", fill?: (s: StandInStore) => void) {
  store = new StandInStore({ catalog, document, ...options });
  (fill ?? ((s) => s.put(courseVariant)))(store);
  await store.start();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  // Product images come from Shopify's CDN, out of reach here: a drawn stand-in.
  await page.route("https://cdn.shopify.com/**", (route) =>
    route.fulfill({
      contentType: "image/svg+xml",
      body: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#c8a165"/></svg>',
    }),
  );
  // The script arrives after the page has painted, as on a real network: the card must not move the page then.
  await page.route("**/assets/cart-bump.js", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await route.continue();
  });
  // Layout shifts from the first paint on, before any script of the page runs.
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: number };
    w.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) w.shifts += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(store.url + at);
  return page;
}

const card = () => page.locator(".upstack-bump__card");

/** axe-core's findings inside the bump (WCAG 2.1 A and AA rules). */
async function accessibilityViolations(selector: string) {
  await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8") });
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; help: string }[] }> } }).axe;
    const result = await axe.run({ include: [include] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  }, selector);
}
const checkbox = () => page.getByRole("checkbox", { name: "Add Field workbook" });
const status = () => page.locator(".upstack-bump__status");
const cartLines = () => store.cart.items.map((item) => `${item.title} × ${item.quantity}`);

describe("the cart bump on a cart page built like Dawn's", () => {
  it("shows the bump with its price and adds, then removes it, refreshing the cart without a reload", async () => {
    await open();
    await expect.poll(() => card().count()).toBe(1);
    expect(await card().innerText()).toContain("Add Field workbook");
    expect(await page.locator(".upstack-bump__price").innerText()).toBe("$23.20");
    expect(await page.locator(".upstack-bump__regular").innerText()).toBe("$29.00");
    expect(await page.locator(".upstack-bump__regular").getAttribute("aria-label")).toBe("Regular price: $29.00");
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
    // Nothing asked of the cart API before the shopper acts.
    expect(store.requests).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, "cart-bump-page.png"), fullPage: true });
    expect(await accessibilityViolations(".upstack-bump")).toEqual([]);

    const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
    // The keyboard alone: focus the checkbox, press space.
    await checkbox().focus();
    await page.keyboard.press("Space");
    await expect.poll(() => status().innerText()).toBe("Field workbook was added to your cart.");
    expect(await checkbox().isChecked()).toBe(true);
    expect(store.requests[0]).toMatchObject({
      path: "/cart/add.js",
      body: { items: [{ id: workbookVariant, quantity: 1, properties: { _upstack_offer: "funnel-course" } }] },
    });
    expect(cartLines()).toEqual(["Photography course × 1", "Field workbook × 1"]);
    // The theme's cart shows the new line and total, and the page was not reloaded.
    await expect.poll(() => page.locator("#main-cart-items").innerText()).toContain("Field workbook × 1");
    expect(await page.locator("#main-cart-footer [data-subtotal]").innerText()).toBe("$128.00");
    expect(await page.locator("#cart-icon-bubble [data-count]").innerText()).toBe("2");
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
    await page.screenshot({ path: path.join(screenshots, "cart-bump-page-ticked.png"), fullPage: true });

    // Focus stayed on the checkbox: space again unticks.
    await page.keyboard.press("Space");
    await expect.poll(() => status().innerText()).toBe("Field workbook was removed from your cart.");
    expect(await checkbox().isChecked()).toBe(false);
    expect(cartLines()).toEqual(["Photography course × 1"]);
    expect(await page.locator("#main-cart-footer [data-subtotal]").innerText()).toBe("$99.00");
  });

  it("takes the bump out with its core when the shopper removes the core in the theme's cart", async () => {
    await open({}, "/cart", (s) => {
      s.put(courseVariant);
      s.put(workbookVariant, 1, { _upstack_offer: "funnel-course" });
    });
    await expect.poll(() => checkbox().isChecked()).toBe(true);
    await page.getByRole("button", { name: "Remove Photography course" }).click();
    await expect.poll(() => status().innerText()).toBe(
      "Field workbook was removed because the item it goes with left your cart.",
    );
    expect(store.cart.items).toEqual([]);
    expect(await card().count()).toBe(0);
    await expect.poll(() => page.locator("#main-cart-items").innerText()).not.toContain("Field workbook");
  });

  it("adds once for a double tap", async () => {
    await open();
    store.addDelay = 400;
    // Two taps faster than the page can answer the first.
    await checkbox().evaluate((box: HTMLInputElement) => {
      box.click();
      box.click();
    });
    await expect.poll(() => status().innerText()).toBe("Field workbook was added to your cart.");
    expect(store.requests.filter((r) => r.path === "/cart/add.js")).toHaveLength(1);
    expect(cartLines()).toEqual(["Photography course × 1", "Field workbook × 1"]);
    expect(await checkbox().isChecked()).toBe(true);
  });

  it("says so when Shopify refuses the add, and leaves the box unticked", async () => {
    await open();
    store.failNextAdd = "All 1 Field workbook are in your cart.";
    await checkbox().click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.innerText()).toBe("Couldn't add Field workbook. Please try again. All 1 Field workbook are in your cart.");
    expect(await checkbox().isChecked()).toBe(false);
    expect(cartLines()).toEqual(["Photography course × 1"]);
    await page.screenshot({ path: path.join(screenshots, "cart-bump-page-failed.png"), fullPage: true });
  });

  it("shows nothing when the cart is in another currency than the published prices", async () => {
    await open({ currency: "CAD" });
    await page.waitForLoadState("load");
    expect(await card().count()).toBe(0);
    expect(await page.locator(".upstack-bump").evaluate((node) => node.getBoundingClientRect().height)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
  });

  it("prices a euro store in its own money format, in the shopper's language", async () => {
    const euro = buildCheckoutConfig(
      [
        funnel(
          { ...course, price: { amount: 9900, currency: "EUR" } },
          { id: "funnel-eur", bump: bump({ ...workbook, price: { amount: 2900, currency: "EUR" } }, { type: "percentage", percent: 20 }) },
        ),
      ],
      "EUR",
    );
    await open({ document: euro, currency: "EUR", moneyFormat: "€{{amount_with_comma_separator}}", locale: "fr" });
    await expect.poll(() => page.locator(".upstack-bump__price").count()).toBe(1);
    expect(await page.locator(".upstack-bump__price").innerText()).toBe("€23,20");
    expect(await page.locator(".upstack-bump__regular").innerText()).toBe("€29,00");
    expect(await page.getByRole("checkbox", { name: "Ajouter Field workbook" }).count()).toBe(1);
    await page.screenshot({ path: path.join(screenshots, "cart-bump-page-eur-fr.png"), fullPage: true });
  });

  it("says how many a multi-unit offer adds, and adds that many", async () => {
    const pair = buildCheckoutConfig([funnel(course, { id: "funnel-pair", bump: bump(workbook, { type: "none" }, 2) })], "USD");
    await open({ document: pair });
    const box = page.getByRole("checkbox", { name: "Add Field workbook × 2" });
    await expect.poll(() => box.count()).toBe(1);
    expect(await page.locator(".upstack-bump__price").innerText()).toBe("$58.00");
    expect(await page.locator(".upstack-bump__regular").count()).toBe(0);
    await box.click();
    await expect.poll(() => cartLines()).toEqual(["Photography course × 1", "Field workbook × 2"]);
  });

  it("reloads the page in a theme that does not follow Dawn's conventions", async () => {
    await open({}, "/cart?theme=plain");
    await checkbox().click();
    await page.waitForEvent("load");
    await expect.poll(() => checkbox().isChecked()).toBe(true);
    expect(cartLines()).toEqual(["Photography course × 1", "Field workbook × 1"]);
  });
});

describe("the cart bump in a cart drawer built like Dawn's", () => {
  it("places the card above the drawer's checkout button and keeps it there through the drawer's re-render", async () => {
    await open({}, "/products/course");
    await page.getByRole("button", { name: "Open cart" }).click();
    const drawerCard = page.locator("cart-drawer .drawer__footer .upstack-bump__card");
    await expect.poll(() => drawerCard.count()).toBe(1);
    expect(await page.locator("cart-drawer .upstack-bump + .cart__ctas").count()).toBe(1);
    expect(store.requests).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, "cart-bump-drawer.png") });
    expect(await accessibilityViolations("cart-drawer .upstack-bump")).toEqual([]);

    await checkbox().click();
    await expect.poll(() => page.locator("cart-drawer .drawer__contents").innerText()).toContain("Field workbook × 1");
    await expect.poll(() => page.locator("cart-drawer .upstack-bump + .cart__ctas").count()).toBe(1);
    expect(await checkbox().isChecked()).toBe(true);
    expect(await page.locator("cart-drawer [data-subtotal]").innerText()).toBe("$128.00");
    expect(await status().innerText()).toBe("Field workbook was added to your cart.");
    await page.screenshot({ path: path.join(screenshots, "cart-bump-drawer-ticked.png") });

    await page.getByRole("button", { name: "Remove Photography course" }).click();
    await expect.poll(() => store.cart.items.length).toBe(0);
    await expect.poll(() => status().innerText()).toBe("Field workbook was removed because the item it goes with left your cart.");
    expect(await page.locator("cart-drawer .upstack-bump__card").count()).toBe(0);
  });

  it("appears when the theme's product form adds its core to an empty cart", async () => {
    await open({}, "/products/course", () => {});
    await page.getByRole("button", { name: "Add to cart" }).click();
    const drawerCard = page.locator("cart-drawer .upstack-bump + .cart__ctas");
    await expect.poll(() => page.locator("cart-drawer .upstack-bump__card").count()).toBe(1);
    expect(await drawerCard.count()).toBe(1);
    expect(await checkbox().isChecked()).toBe(false);
    expect(await page.locator("cart-drawer .drawer__contents").innerText()).toContain("Photography course × 1");
  });

  it("shows no bump for a cart without its core", async () => {
    await open({}, "/products/course", (s) => s.put(tripodVariant));
    await page.getByRole("button", { name: "Open cart" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator(".upstack-bump__card").count()).toBe(0);
  });
});
