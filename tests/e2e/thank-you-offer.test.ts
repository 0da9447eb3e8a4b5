import { mkdirSync } from "node:fs";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Funnel } from "@upstack/core";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFunnel } from "~/models/funnel.server";
import { funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { startAppServer } from "../support/app-server";
import { CHROMIUM_ARGS, browserTestPlan, browserUserAgent } from "../support/browser-plan";
import { mswServer } from "../support/msw-server";
import { TEST_APP, installShop } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// The thank-you extension's bundle in Chromium, talking to the production
// server over HTTP (CORS and the session token included), with Shopify's
// host replaced by a stand-in `shopify` global and the Polaris web
// components by a little CSS (they are Shopify's, loaded only in checkout).

const SHOP = "thanks-browser.myshopify.com";
const screenshots = path.resolve(import.meta.dirname, "..", "..", "test-results");
const shopify = stubAdminGraphql();
const ORDER_ID = 7_000_001;

let browser: Browser;
let app: Awaited<ReturnType<typeof startAppServer>>;
let page: Page;
let bundle: string;

beforeAll(async () => {
  app = await startAppServer();
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
  const built = await build({
    entryPoints: [path.resolve(import.meta.dirname, "..", "..", "extensions", "thank-you", "src", "ThankYouBlock.tsx")],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "ThankYouExtension",
    jsx: "automatic",
    jsxImportSource: "preact",
    platform: "browser",
    logLevel: "silent",
  });
  bundle = built.outputFiles[0]!.text;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  mswServer.use(shopify.handler);
  const draft = ({ id: _id, createdAt: _createdAt, ...rest }: Funnel) => rest;
  await createFunnel(
    SHOP,
    draft(
      funnel(product("Video course", 9700, { productId: 8_500_000_000_001, variantId: 44_500_000_000_001 }), {
        postPurchase: {
          upsell: postPurchase(product("Coaching call", 19_700, { productId: 8_500_000_000_002, variantId: 44_500_000_000_002 }), {
            discount: { type: "percentage", percent: 20 },
          }),
          downsell: null,
          followUp: null,
        },
      }),
    ),
  );
  shopify.answer("UpstackThankYouOrder", {
    data: {
      order: {
        id: `gid://shopify/Order/${ORDER_ID}`,
        createdAt: new Date().toISOString(),
        checkoutToken: "browser-checkout-1",
        currencyCode: "USD",
        presentmentCurrencyCode: "USD",
        customer: null,
        lineItems: {
          nodes: [
            {
              quantity: 1,
              product: { id: "gid://shopify/Product/8500000000001" },
              variant: { id: "gid://shopify/ProductVariant/44500000000001" },
              discountedTotalSet: { shopMoney: { amount: "97.00", currencyCode: "USD" } },
            },
          ],
        },
      },
    },
  });
  shopify.answer("UpstackThankYouDiscountCreate", {
    data: { discountCodeBasicCreate: { codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/9" }, userErrors: [] } },
  });
  // A buyer's browser: Shopify's library answers a headless browser's user agent as a bot's (410).
  page = await browser.newPage({ viewport: { width: 640, height: 720 }, userAgent: browserUserAgent(browser.version()) });
});
afterEach(async () => {
  await page?.close();
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

/** A page standing in for the Thank you page: the host's `shopify` global, then the extension's bundle. */
async function openThankYouPage() {
  const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), TEST_APP.apiKey, TEST_APP.apiSecret);
  const config = JSON.stringify({ v: 1, funnels: [], eventsUrl: `${app.url}/api/checkout/events` });
  const host = `
    const signal = (value) => ({ value, current: value, subscribe: () => () => {} });
    window.shopify = {
      appMetafields: signal([{ target: { type: "shop", id: "gid://shopify/Shop/1" }, metafield: { namespace: "$app:upstack", key: "checkout_config", value: ${JSON.stringify(config)}, type: "json" } }]),
      orderConfirmation: signal({ order: { id: "gid://shopify/OrderIdentity/${ORDER_ID}" }, number: "XPAV284CT", isFirstOrder: true }),
      sessionToken: { get: async () => ${JSON.stringify(token)} },
      localization: { language: signal({ isoCode: "en" }) },
      i18n: {
        translate: (key, options = {}) => {
          const messages = ${JSON.stringify((await import("../../extensions/thank-you/locales/en.default.json")).default)};
          const entry = messages[key];
          const text = typeof entry === "object" ? entry[options.count === 1 ? "one" : "other"] : entry;
          return text.replace(/\\{\\{(\\w+)\\}\\}/g, (_, name) => String(options[name] ?? ""));
        },
        formatCurrency: (value, options) => new Intl.NumberFormat("en-US", { style: "currency", ...options }).format(value),
      },
    };`;
  const css = `
    body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; color: #1a1a1a; }
    s-section { display: block; border: 1px solid #dedede; border-radius: 10px; padding: 18px; max-width: 560px; }
    s-section::before { content: attr(heading); display: block; font-size: 18px; font-weight: 600; margin-bottom: 12px; }
    s-stack { display: flex; flex-direction: column; gap: 8px; }
    s-stack[direction="inline"] { flex-direction: row; align-items: baseline; }
    s-text[type="strong"] { font-weight: 600; }
    s-text[type="redundant"] { text-decoration: line-through; }
    s-text[accessibilityVisibility="exclusive"] { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    s-paragraph { display: block; } s-paragraph[color="subdued"], s-text[color="subdued"] { color: #616161; }
    s-button { display: block; text-align: center; background: #1773b0; color: #fff; border-radius: 6px; padding: 12px; cursor: pointer; }
    s-text[tone="critical"] { color: #b3261e; }`;
  await page.setContent(`<!doctype html><html><head><style>${css}</style></head><body></body></html>`);
  await page.addScriptTag({ content: host });
  await page.addScriptTag({ content: `${bundle}\nThankYouExtension.default();` });
}

describe("the thank-you offer in a browser", () => {
  it("shows the order's upsell from the server and, once accepted, links to a prepared checkout", async () => {
    await openThankYouPage();
    await expect.poll(() => page.getByText("Coaching call").count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('s-text[type="redundant"]').textContent()).toBe("$197.00");
    await expect.poll(() => page.getByText("$157.60").count()).toBeGreaterThan(0);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "thank-you-offer.png"), fullPage: true });

    await page.locator("s-button").click();
    await expect.poll(() => page.locator("s-button[href]").count(), { timeout: 10_000 }).toBe(1);
    const href = (await page.locator("s-button[href]").getAttribute("href"))!;
    expect(href).toMatch(new RegExp(`^https://${SHOP}/cart/44500000000002:1\\?discount=UPSTACK-[A-Z2-9]{12}$`));
    await page.screenshot({ path: path.join(screenshots, "thank-you-offer-accepted.png"), fullPage: true });
  });
});
