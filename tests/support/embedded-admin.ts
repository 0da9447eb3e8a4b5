import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Browser, Page } from "playwright-core";
import { appBridgeStandIn } from "./app-bridge-stand-in";
import { browserUserAgent } from "./browser-plan";
import { TEST_APP } from "./shopify-requests";

/** A page for the admin: the auth library turns bots away (410), and HeadlessChrome's user agent reads as one. */
export function newAdminPage(browser: Browser, viewport = { width: 1280, height: 900 }) {
  return browser.newPage({ userAgent: browserUserAgent(browser.version()), viewport });
}

/**
 * Opens a page the way Shopify admin embeds it: shop, host and a signed
 * id_token in the URL, App Bridge replaced by the stand-in, and Shopify's
 * CDN answered by `cdnAsset` (product images) or refused.
 */
export async function openEmbedded(
  page: Page,
  options: {
    appUrl: string;
    shop: string;
    pathname: string;
    cdnAsset?: (url: URL) => { contentType: string; body: string } | null;
  },
) {
  const { token } = await getJwt(options.shop.replace(".myshopify.com", ""), TEST_APP.apiKey, TEST_APP.apiSecret);
  await page.route(
    (url) => url.hostname === "cdn.shopify.com",
    (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === "/shopifycloud/app-bridge.js") {
        return route.fulfill({
          contentType: "text/javascript",
          body: appBridgeStandIn({ shop: options.shop, sessionToken: token }),
        });
      }
      const asset = options.cdnAsset?.(url);
      return asset ? route.fulfill(asset) : route.abort();
    },
  );
  const url = new URL(options.pathname, options.appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", options.shop);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${options.shop.split(".")[0]}`).toString("base64"));
  url.searchParams.set("id_token", token);
  const response = await page.goto(url.href);
  // Hydrated: Polaris' AppProvider marks <html> with its theme once mounted. Clicks before that would be full page loads.
  await page.waitForSelector("html.p-theme-light", { state: "attached" });
  return response;
}
