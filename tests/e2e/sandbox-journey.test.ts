import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney, money } from "@upstack/core";
import { formatCount, formatPercent } from "~/components/scoreboard/format";
import { browserTestPlan, browserUserAgent, CHROMIUM_ARGS } from "../support/browser-plan";
import { type SandboxProcess, startSandboxProcess } from "../support/sandbox-process";

/**
 * The whole journey on one machine, as a person does it in `npm run sandbox`
 * (the real server on a fresh database, Shopify played by the stand-in): the
 * merchant builds a funnel from the course-creator template in the embedded
 * admin and activates it; buyers go through the storefront preview (the real
 * cart bump, checkout bump, discount Function, post-purchase and thank-you
 * extensions); the dashboard moves. Then the ways a purchase can go wrong.
 *
 * Screenshots of each step: test-results/journey/. With
 * SANDBOX_README_IMAGES=1 it also writes the README's small images
 * (docs/images/sandbox-*.png).
 */

const root = path.resolve(import.meta.dirname, "..", "..");
const screenshots = path.join(root, "test-results", "journey");
const readmeImages = process.env.SANDBOX_README_IMAGES === "1" ? path.join(root, "docs", "images") : null;

// The demo shop's products (sandbox/demo-shop.ts: the templates' example titles and prices).
const COURSE = "Online course";
const WORKBOOK = "Course workbook + templates";
const COACHING = "Coaching add-on";
const QA_PASS = "Group Q&A pass";
/** The funnel's name as the template names it, in the dashboard's tables. */
const FUNNEL_NAME = "Course creator";
const CHECKBOX = "Yes, add it to my order";

let sandbox: SandboxProcess | undefined;
let browser: Browser;
let origin = "";
let step = 0;

/** What the buyers did, counted as a person watching them would: the dashboard must say the same. */
const seen = {
  orders: [] as number[],
  // Per offer: times shown, times taken, and what the buyers paid for its lines (cents).
  bump: { shown: 0, taken: 0, paid: 0 },
  upsell: { shown: 0, taken: 0, paid: 0 },
  downsell: { shown: 0, taken: 0, paid: 0 },
};

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  if (readmeImages) mkdirSync(readmeImages, { recursive: true });
  sandbox = await startSandboxProcess();
  origin = new URL(sandbox.url).origin;
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** A person's browser: a fresh context (its own cookies, so its own cart); Shopify's CDN out of reach. */
async function newBuyer(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 820 }, userAgent: browserUserAgent(browser.version()) });
  await context.route((target) => target.hostname.endsWith("shopify.com"), (route) => route.abort());
  return { context, page: await context.newPage() };
}

async function shot(page: Page, name: string, readme?: string) {
  step += 1;
  await page.screenshot({ path: path.join(screenshots, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
  // The README's copy: the top of the visible part only, so each image stays small.
  if (readmeImages && readme) {
    const viewport = page.viewportSize()!;
    await page.screenshot({ path: path.join(readmeImages, `sandbox-${readme}.png`), scale: "css", clip: { x: 0, y: 0, width: viewport.width, height: Math.min(viewport.height, 700) } });
  }
}

const summaryTotal = (page: Page) => page.getByRole("complementary", { name: "Order summary" }).getByLabel("Total").textContent();

/** From the product list to the checkout, with the course in the cart. */
async function checkoutWithCourse(page: Page) {
  await page.goto(`${origin}/store/`);
  await page.getByRole("button", { name: `Add ${COURSE} to cart` }).click();
  await page.waitForURL(/\/store\/cart$/);
  // The bump's impression reaches the app in a batch, two seconds after the card shows: a buyer looks at the
  // checkout that long. (Paid sooner, the page is left before the batch is sent: see the report on the preview.)
  const impression = page.waitForRequest((request) => request.url().includes("/api/checkout/events") && (request.postData() ?? "").includes('"impression"'), { timeout: 30_000 });
  impression.catch(() => {}); // awaited below; not an unhandled rejection when the page closes on a failure first
  await page.getByRole("button", { name: "Check out" }).click();
  await page.waitForURL(/\/store\/checkouts\//);
  // The real checkout bump extension offers the workbook.
  const tick = page.getByRole("checkbox", { name: CHECKBOX });
  await tick.waitFor({ timeout: 20_000 });
  expect(await summaryTotal(page)).toBe("$97.00");
  await impression;
  seen.bump.shown += 1;
  return tick;
}

/** The thank-you page's order: its lines as the table shows them, and its total in cents. */
async function orderOnThankYouPage(page: Page) {
  await page.waitForURL(/\/thank-you$/, { timeout: 20_000 });
  const rows = await page
    .getByRole("region", { name: "What the order holds" })
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
  const total = await page.locator("[data-order-total]").textContent();
  return { rows, total: total ?? "" };
}

const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, "")) * 100);

describe("the whole journey in npm run sandbox", () => {
  it("the merchant builds a funnel from the course-creator template in the embedded admin and activates it", async () => {
    const { context, page } = await newBuyer();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(sandbox!.url);
    const app = page.frameLocator('iframe[title="Upstack"]');
    const card = (heading: string) => app.locator(".Polaris-ShadowBevel").filter({ has: app.getByRole("heading", { name: heading, exact: true }) });
    /** Opens the picker with `button` and picks `title` in the sandbox's dialog, as a merchant would. */
    const pick = async (button: ReturnType<FrameLocator["getByRole"]>, title: string) => {
      await button.click();
      const dialog = app.getByRole("dialog");
      await dialog.getByLabel(new RegExp(`^${title.replace(/[+]/g, "\\+")} `)).check();
      await dialog.getByRole("button", { name: "Select" }).click();
    };

    // Before anything is published, the store's checkout says so.
    const buyer = await newBuyer();
    await buyer.page.goto(`${origin}/store/`);
    await buyer.page.getByRole("button", { name: `Add ${COURSE} to cart` }).click();
    await buyer.page.getByRole("button", { name: "Check out" }).click();
    await buyer.page.getByText("Upstack has not published any offer to this shop yet").waitFor({ timeout: 10_000 });
    await buyer.context.close();

    await expect.poll(() => app.getByRole("heading", { name: "Upstack Demo", level: 1 }).count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole("navigation", { name: "Shopify admin" }).getByRole("link", { name: "Funnels" }).click();
    await expect.poll(() => app.getByRole("heading", { name: "Funnels", exact: true }).count(), { timeout: 30_000 }).toBe(1);
    await app.getByRole("link", { name: "Use Course creator template" }).click();
    await expect.poll(() => app.getByRole("heading", { name: "New funnel from “Course creator”" }).count(), { timeout: 30_000 }).toBe(1);
    await pick(app.getByRole("button", { name: "Pick core products" }), COURSE);
    await expect.poll(() => card("Core offer").getByText(`${COURSE} · $97.00`).count()).toBe(1);
    await pick(card("Order bump").getByRole("button", { name: "Pick product" }), WORKBOOK);
    await pick(card("Upsell").getByRole("button", { name: "Pick product" }), COACHING);
    await pick(card("Downsell").getByRole("button", { name: "Pick product" }), QA_PASS);
    // The playbook's numbers: the $36 workbook at the template's 25% off is the $27 bump.
    await expect.poll(() => app.getByTestId("bump-preview").getByTestId("offer-price").innerText()).toBe("$27.00");
    await app.getByLabel("Status").selectOption("active");
    await shot(page, "admin-funnel-editor", "admin-funnel");

    await app.locator("ui-save-bar#funnel-save-bar").getByRole("button", { name: "Save" }).click();
    // Publishing runs in the app's job worker against the stand-in (metafields, the bump's automatic discount).
    await expect.poll(() => app.getByText("Your changes are live in checkout").count(), { timeout: 30_000 }).toBe(1);
    await shot(page, "admin-published");
    await context.close();
  }, 120_000);

  it("a buyer ticks the $27 bump, pays, sees the new total, accepts the $197 upsell: the order holds three lines, $321", async () => {
    const { context, page } = await newBuyer();
    const tick = await checkoutWithCourse(page);
    await shot(page, "checkout");

    await tick.check();
    seen.bump.taken += 1;
    await expect.poll(() => summaryTotal(page), { timeout: 10_000 }).toBe("$124.00");
    // The Function's discount: the workbook's regular price struck through beside the $27 it costs.
    const regular = page.getByRole("complementary", { name: "Order summary" }).getByLabel("Regular price $36.00");
    await expect.poll(() => regular.count()).toBe(1);
    expect(await regular.evaluate((element) => getComputedStyle(element).textDecorationLine)).toContain("line-through");
    expect(await regular.isVisible()).toBe(true);
    await shot(page, "checkout-bump-ticked", "checkout");

    await page.getByRole("button", { name: "Pay now" }).click();
    await page.waitForURL(/\/post-purchase$/);
    await page.getByRole("heading", { name: COACHING, exact: true }).waitFor({ timeout: 20_000 });
    seen.upsell.shown += 1;
    // Shopify's calculated charge is on the page before the buyer can accept.
    await expect.poll(() => page.getByText("Total to pay now").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await page.locator("body").innerText()).replace(/\s+/g, " ")).toContain("Total to pay now $197.00");
    await shot(page, "post-purchase-upsell", "upsell");
    await page.getByRole("button", { name: "Add to my order" }).click();
    seen.upsell.taken += 1;

    const order = await orderOnThankYouPage(page);
    // Item, quantity, price, discounts, line total.
    expect(order.rows.map((row) => [row[0], row[1], row[2]])).toEqual([
      [COURSE, "1", "$97.00"],
      [WORKBOOK, "1", "$36.00"],
      [COACHING, "1", "$197.00"],
    ]);
    // $97 + $36 + $197 = $330 at regular prices; the bump's 25% (−$9.00) is the only discount: $321.
    const regularTotal = order.rows.reduce((sum, row) => sum + cents(row[2]!), 0);
    const paid = order.rows.reduce((sum, row) => sum + cents(row[4]!), 0);
    expect(regularTotal).toBe(33_000);
    expect(order.rows[1]![3]).toContain("−$9.00");
    expect(paid).toBe(32_100);
    expect(order.total).toBe("$321.00");
    seen.orders.push(cents(order.total));
    seen.bump.paid += cents(order.rows[1]![4]!);
    seen.upsell.paid += cents(order.rows[2]![4]!);
    // The app received the order and its edit, signed as Shopify signs them.
    await expect.poll(() => page.getByText("orders/create: the app answered 200").count()).toBe(1);
    expect(await page.getByText("orders/updated: the app answered 200").count()).toBe(1);
    await shot(page, "thank-you-order", "thank-you");
    await context.close();
  }, 90_000);

  it("a second buyer declines the upsell and is offered the $47 downsell, which they take", async () => {
    const { context, page } = await newBuyer();
    await checkoutWithCourse(page);
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: COACHING, exact: true }).waitFor({ timeout: 20_000 });
    seen.upsell.shown += 1;
    await page.getByRole("button", { name: "No thanks" }).click();
    await page.getByRole("heading", { name: QA_PASS, exact: true }).waitFor({ timeout: 20_000 });
    seen.downsell.shown += 1;
    await expect.poll(() => (page.locator("body").innerText()).then((text) => text.replace(/\s+/g, " ")), { timeout: 10_000 }).toContain(
      "Total to pay now $47.00",
    );
    await shot(page, "post-purchase-downsell", "downsell");
    await page.getByRole("button", { name: "Add to my order" }).click();
    seen.downsell.taken += 1;
    const order = await orderOnThankYouPage(page);
    expect(order.rows.map((row) => row[0])).toEqual([COURSE, QA_PASS]);
    expect(order.total).toBe("$144.00");
    seen.orders.push(cents(order.total));
    seen.downsell.paid += cents(order.rows[1]![4]!);
    await context.close();
  }, 90_000);

  it("the dashboard's average order value, take rates and revenue added reflect the two orders", async () => {
    const { context, page } = await newBuyer();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(sandbox!.url);
    const app = page.frameLocator('iframe[title="Upstack"]');
    await app.getByLabel("Date range").selectOption("install");

    // What a person computes from the orders they placed (all since the install; the seeded history is older),
    // and from what the buyers were shown and took.
    const aov = formatMoney(money(Math.round(seen.orders.reduce((sum, total) => sum + total, 0) / seen.orders.length), "USD"));
    const rates = (counted: { shown: number; taken: number; paid: number }) => [
      formatCount(counted.shown),
      formatCount(counted.taken),
      formatPercent(counted.taken / counted.shown),
      formatMoney(money(counted.paid, "USD")),
    ];
    const expected = {
      aov,
      orders: `${formatCount(seen.orders.length)} orders since you installed Upstack`,
      offers: { "Order bump": rates(seen.bump), Upsell: rates(seen.upsell), Downsell: rates(seen.downsell) },
    };

    const aovCard = app.locator(".Polaris-ShadowBevel").filter({ has: app.getByRole("heading", { name: "Average order value", exact: true }) }).last();
    /** The page's numbers: the AOV card, and the Offers table's rows (funnel, offer, shown, accepted, take rate, revenue added). */
    const onPage = async () => {
      const card = (await aovCard.count()) ? await aovCard.innerText() : "";
      const rows = await app.locator("table tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td, th")].map((cell) => (cell.textContent ?? "").trim())));
      const offers = Object.fromEntries(rows.filter((row) => row.length === 6 && row[0] === FUNNEL_NAME).map((row) => [row[1], row.slice(2, 6)]));
      return {
        aov: /\$[\d,]+\.\d\d/.exec(card)?.[0] ?? card,
        orders: card.includes(expected.orders) ? expected.orders : card,
        // A row not found shows the rows that name the offer (or all of them), so a failure says what the page has.
        offers: Object.fromEntries(
          ["Order bump", "Upsell", "Downsell"].map((name) => [name, offers[name] ?? rows.filter((row) => row.includes(name) || rows.length < 4)]),
        ),
      };
    };
    // The scoreboard's day totals are recomputed by the job worker after each webhook and event: reload until they are in.
    await expect
      .poll(
        async () => {
          const numbers = await onPage();
          if (JSON.stringify(numbers) !== JSON.stringify(expected)) await page.reload().then(() => app.getByLabel("Date range").selectOption("install"));
          return numbers;
        },
        { timeout: 45_000, interval: 2_000 },
      )
      .toEqual(expected);
    await shot(page, "admin-dashboard", "dashboard");
    await context.close();
  }, 90_000);
});

describe("when a purchase meets trouble, in npm run sandbox", () => {
  it("the cart is locked: ticking the bump says it could not be added, and the total stays", async () => {
    const { context, page } = await newBuyer();
    const tick = await checkoutWithCourse(page);
    await page.getByLabel("The cart is locked (adding the bump fails)").check();
    await tick.click();
    await page.getByRole("alert").filter({ hasText: "Couldn't add this item" }).waitFor({ timeout: 10_000 });
    expect(await tick.isChecked()).toBe(false);
    expect(await summaryTotal(page)).toBe("$97.00");
    await shot(page, "bump-cart-locked");
    await context.close();
  }, 60_000);

  it("the upsell payment fails: the buyer is told, goes on to the thank-you page, and the order is unchanged", async () => {
    const { context, page } = await newBuyer();
    await checkoutWithCourse(page);
    await page.getByLabel("The upsell payment fails").check();
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: COACHING, exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Add to my order" }).click();
    await page.getByRole("alert").filter({ hasText: "couldn't charge your payment method" }).waitFor({ timeout: 10_000 });
    await shot(page, "upsell-payment-failed");
    await page.getByRole("button", { name: "Continue to your order confirmation" }).click();
    const order = await orderOnThankYouPage(page);
    expect(order.rows.map((row) => row[0])).toEqual([COURSE]);
    expect(order.total).toBe("$97.00");
    expect(await page.getByText("orders/updated").count()).toBe(0);
    await context.close();
  }, 60_000);

  it("the app server is down during ShouldRender: the buyer goes straight to the thank-you page", async () => {
    const { context, page } = await newBuyer();
    await checkoutWithCourse(page);
    await page.getByLabel("The app server is down after payment (during ShouldRender)").check();
    await page.getByRole("button", { name: "Pay now" }).click();
    const order = await orderOnThankYouPage(page);
    expect(order.total).toBe("$97.00");
    expect(await page.getByRole("heading", { name: COACHING, exact: true }).count()).toBe(0);
    await shot(page, "server-down-thank-you");
    await context.close();
  }, 60_000);

  it("a wallet purchase gets no post-purchase page: the thank-you page offers the upsell instead", async () => {
    const { context, page } = await newBuyer();
    await checkoutWithCourse(page);
    await page.getByRole("button", { name: "Pay with Shop Pay (wallet)" }).click();
    await page.waitForURL(/\/thank-you$/);
    expect(await page.getByText("(paid with a wallet)").count()).toBe(1);
    const offer = page.getByRole("region", { name: /offer/i });
    await offer.getByText(COACHING).first().waitFor({ timeout: 20_000 });
    await shot(page, "wallet-thank-you-offer", "wallet");
    await context.close();
  }, 60_000);
});
