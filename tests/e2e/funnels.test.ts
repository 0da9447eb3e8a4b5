import path from "node:path";
import { performance } from "node:perf_hooks";
import { type Locator, type Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { createFunnel } from "~/models/funnel.server";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { openEmbedded } from "../support/embedded-admin";
import { SCREENSHOTS, adminBrowserSession } from "../support/admin-browser-session";

/**
 * A merchant's first funnel, in the built admin in Chromium, against a
 * stubbed Admin API: the course creator template mapped onto a small
 * catalog, the advisor's warning for a bump at 60% of the course, the fix,
 * the save, and what publishing sent to Shopify.
 */

const SHOP = "funnels-shop.myshopify.com";
const OTHER_SHOP = "other-funnels-shop.myshopify.com";
const shopify = stubAdminGraphql();

const IMAGE_BASE = "https://cdn.shopify.com/s/files/1/0700/0001/files/";

type CatalogProduct = { id: number; variantId: number; title: string; price: string; image: string; color: string };

/** The shop's catalog (USD). */
const CATALOG = {
  course: { id: 1001, variantId: 2001, title: "Photography Masterclass", price: "97.00", image: "masterclass.svg", color: "#2c6ecb" },
  // 25% off (the template's bump discount): $58.20, 60% of the course.
  bundle: { id: 1002, variantId: 2002, title: "Workbook & Preset Bundle", price: "77.60", image: "bundle.svg", color: "#b98900" },
  // 25% off: $27.00, 27.8% of the course.
  workbook: { id: 1003, variantId: 2003, title: "Course Workbook", price: "36.00", image: "workbook.svg", color: "#008060" },
  coaching: { id: 1004, variantId: 2004, title: "1:1 Coaching Add-on", price: "197.00", image: "coaching.svg", color: "#8051e0" },
  qa: { id: 1005, variantId: 2005, title: "Group Q&A Pass", price: "47.00", image: "qa.svg", color: "#d72c0d" },
} satisfies Record<string, CatalogProduct>;
const ALL_PRODUCTS: CatalogProduct[] = Object.values(CATALOG);

const productGid = (product: CatalogProduct) => `gid://shopify/Product/${product.id}`;
const variantGid = (product: CatalogProduct) => `gid://shopify/ProductVariant/${product.variantId}`;
const imageUrl = (product: CatalogProduct) => `${IMAGE_BASE}${product.image}`;

/** What App Bridge's resource picker answers when the merchant selects this product. */
const picked = (product: CatalogProduct) => [
  {
    id: productGid(product),
    title: product.title,
    images: [{ originalSrc: imageUrl(product) }],
    variants: [{ id: variantGid(product), title: "Default Title", price: product.price }],
  },
];

const media = (product: CatalogProduct) => ({ preview: { image: { url: imageUrl(product) } } });

/** The Admin API, answering from the catalog; unknown ids are null, as Shopify answers them. */
function stubCatalog() {
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Lens & Light Academy", currencyCode: "USD", myshopifyDomain: SHOP, plan: { shopifyPlus: true, partnerDevelopment: false } } },
  });
  shopify.answer("UpstackOfferVariants", (variables) => ({
    data: {
      shop: { currencyCode: "USD" },
      nodes: (variables?.ids as string[]).map((id) => {
        const product = ALL_PRODUCTS.find((p) => variantGid(p) === id);
        if (!product) return null;
        return {
          __typename: "ProductVariant",
          id,
          title: "Default Title",
          price: product.price,
          availableForSale: true,
          media: { nodes: [] },
          product: { id: productGid(product), title: product.title, status: "ACTIVE", featuredMedia: media(product) },
        };
      }),
    },
  }));
  shopify.answer("UpstackTriggerProducts", (variables) => ({
    data: {
      shop: { currencyCode: "USD" },
      nodes: (variables?.ids as string[]).map((id) => {
        const product = ALL_PRODUCTS.find((p) => productGid(p) === id);
        if (!product) return null;
        return {
          __typename: "Product",
          id,
          title: product.title,
          status: "ACTIVE",
          featuredMedia: media(product),
          variants: { nodes: [{ id: variantGid(product), title: "Default Title", price: product.price }] },
        };
      }),
    },
  }));
  shopify.answer("UpstackPublishShop", { data: { shop: { id: "gid://shopify/Shop/7001", currencyCode: "USD" } } });
  shopify.answer("UpstackBumpDiscountExists", (variables) => ({ data: { discountNode: { id: variables?.id } } }));
  shopify.answer("UpstackPublishMetafields", {
    data: { metafieldsSet: { metafields: [{ id: "gid://shopify/Metafield/9001" }], userErrors: [] } },
  });
  shopify.answer("UpstackCreateBumpDiscount", {
    data: {
      discountAutomaticAppCreate: {
        automaticAppDiscount: { discountId: "gid://shopify/DiscountAutomaticNode/1" },
        userErrors: [],
      },
    },
  });
}

/** A product picture, drawn rather than fetched (nothing leaves the machine). */
function productImage(product: CatalogProduct): string {
  const initials = product.title
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0])
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
  <rect width="160" height="160" fill="${product.color}"/>
  <text x="80" y="96" font-family="sans-serif" font-size="48" font-weight="bold" fill="#fff" text-anchor="middle">${initials}</text>
</svg>`;
}

const session = adminBrowserSession({ shop: SHOP, shopify, otherShops: [OTHER_SHOP] });
let app: typeof session.app;
let page: Page;

beforeEach(() => {
  stubCatalog();
  ({ app, page } = session);
});

const open = (pathname: string) =>
  openEmbedded(page, {
    appUrl: app.url,
    shop: SHOP,
    pathname,
    cdnAsset: (url) => {
      const product = ALL_PRODUCTS.find((p) => url.href === imageUrl(p));
      return product ? { contentType: "image/svg+xml", body: productImage(product) } : null;
    },
  });

/** Polls until the value is right; generous, since a save round-trips through publishing. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** A Polaris card of the editor, by its heading. */
const card = (heading: string) =>
  page.locator(".Polaris-ShadowBevel").filter({ has: page.getByRole("heading", { name: heading, exact: true }) });

/** Queues the resource picker's answer, then clicks the button that opens it. */
async function pickWith(button: Locator, product: CatalogProduct) {
  await page.evaluate((answer) => {
    (window as unknown as { __pickerAnswers: unknown[] }).__pickerAnswers.push(answer);
  }, picked(product));
  await button.click();
}

const textOf = (locator: Locator) => locator.innerText();

/** Whether the element (or an ancestor inside the preview) is drawn struck through. */
const isStruckThrough = (locator: Locator) =>
  locator.evaluate((element) => {
    for (let node: Element | null = element; node && !node.matches("[data-testid=bump-preview]"); node = node.parentElement) {
      if (getComputedStyle(node).textDecorationLine.includes("line-through")) return true;
    }
    return false;
  });

const operations = () => shopify.calls.map((call) => call.operationName);

describe("funnels in the embedded admin", () => {
  it("takes a merchant from the empty list to a saved, published course creator funnel", async () => {
    let screenshotMs = 0;
    const shoot = async (name: string) => {
      const start = performance.now();
      // From the top, where admin draws the save bar; transitions (Polaris fades) shown finished.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true, animations: "disabled" });
      screenshotMs += performance.now() - start;
    };
    const started = performance.now();

    // 1. The empty list points to the three templates.
    const response = await open("/app/funnels");
    expect(response?.status()).toBe(200);
    await eventually(() => page.getByRole("heading", { name: "Build your first funnel" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /^Use .* template$/ }).allInnerTexts()).toEqual([
      "Use Course creator template",
      "Use Ecommerce template",
      "Use Coaching template",
    ]);
    await shoot("funnels-list-empty.png");

    // 2. The course creator template, mapped onto the shop's products with the picker.
    await page.getByRole("link", { name: "Use Course creator template" }).click();
    await eventually(() => page.getByRole("heading", { name: "New funnel from “Course creator”" }).count()).toBe(1);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/app/funnels/new?template=course-creator");
    expect(await page.getByLabel("Funnel name").inputValue()).toBe("Course creator");
    expect(await card("Order bump").getByText("Pick: A workbook or templates that go with the course").count()).toBe(1);

    await pickWith(page.getByRole("button", { name: "Pick core products" }), CATALOG.course);
    await eventually(() => card("Core offer").getByText("Photography Masterclass · $97.00").count()).toBe(1);
    await pickWith(card("Order bump").getByRole("button", { name: "Pick product" }), CATALOG.bundle);
    await eventually(() => card("Order bump").getByText("Workbook & Preset Bundle · $77.60").count()).toBe(1);
    await pickWith(card("Upsell").getByRole("button", { name: "Pick product" }), CATALOG.coaching);
    await eventually(() => card("Upsell").getByText("1:1 Coaching Add-on · $197.00").count()).toBe(1);
    await pickWith(card("Downsell").getByRole("button", { name: "Pick product" }), CATALOG.qa);
    await eventually(() => card("Downsell").getByText("Group Q&A Pass · $47.00").count()).toBe(1);

    const pickerRequests = await page.evaluate(() =>
      (window as unknown as { __appBridgeCalls: unknown[][] }).__appBridgeCalls
        .filter(([name]) => name === "resourcePicker")
        .map(([, request]) => request),
    );
    expect(pickerRequests).toEqual([
      { type: "product", multiple: true, filter: { variants: false }, selectionIds: [] },
      ...Array(3).fill({ type: "product", action: "select", multiple: false, filter: { variants: true } }),
    ]);
    // A change is waiting: App Bridge's save bar is open.
    await eventually(() => page.locator("ui-save-bar#funnel-save-bar").getAttribute("data-open")).toBe("");

    // 3. The advisor: the bump, $77.60 with 25% off, is 60% of the $97 course.
    const tooExpensive = page.getByTestId("advisor-bump_too_expensive");
    await eventually(() => tooExpensive.count()).toBe(1);
    expect(await textOf(tooExpensive)).toContain("The bump costs 60% of the core offer ($58.20 of $97.00)");
    expect(await card("Order bump").getByTestId("advisor-bump_too_expensive").count()).toBe(1);
    // The live preview shows the buyer's strikethrough: regular price crossed out, offer price beside it.
    const bumpPreview = page.getByTestId("bump-preview");
    // The item as the store names it; the merchant's title beneath it.
    expect(await textOf(bumpPreview.getByRole("heading"))).toBe("Workbook & Preset Bundle");
    expect(await textOf(bumpPreview.getByTestId("bump-title"))).toBe("Add Workbook & Preset Bundle");
    expect(await textOf(bumpPreview.getByTestId("regular-price"))).toBe("$77.60");
    expect(await textOf(bumpPreview.getByTestId("offer-price"))).toBe("$58.20");
    expect(await isStruckThrough(bumpPreview.getByTestId("regular-price"))).toBe(true);
    expect(await isStruckThrough(bumpPreview.getByTestId("offer-price"))).toBe(false);
    expect(await bumpPreview.getByRole("img", { name: "Workbook & Preset Bundle" }).getAttribute("src")).toBe(
      imageUrl(CATALOG.bundle),
    );
    const upsellPreview = page.getByTestId("post-purchase-preview-Upsell");
    expect(await upsellPreview.getByTestId("offer-price").innerText()).toBe("$197.00");
    expect(await upsellPreview.getByTestId("regular-price").count()).toBe(0);
    expect(await page.getByTestId("post-purchase-preview-If declined: downsell").getByTestId("offer-price").innerText()).toBe(
      "$47.00",
    );
    await shoot("funnel-editor.png");

    // 4. The fix: a cheaper bump (the workbook alone), and the warning goes.
    await pickWith(card("Order bump").getByRole("button", { name: "Change product" }), CATALOG.workbook);
    await eventually(() => card("Order bump").getByText("Course Workbook · $36.00").count()).toBe(1);
    await eventually(() => tooExpensive.count()).toBe(0);
    // Nothing else to advise on: the upsell is 2x the course (premium), the downsell is cheaper.
    expect(await page.locator("[data-testid^='advisor-']").count()).toBe(0);
    expect(await textOf(bumpPreview.getByRole("heading"))).toBe("Course Workbook");
    expect(await textOf(bumpPreview.getByTestId("bump-title"))).toBe("Add Course Workbook");
    expect(await textOf(bumpPreview.getByTestId("regular-price"))).toBe("$36.00");
    expect(await textOf(bumpPreview.getByTestId("offer-price"))).toBe("$27.00");
    await page.getByLabel("Status").selectOption("active");
    await shoot("funnel-editor-fixed.png");

    // 5. Save with the save bar: the funnel is stored, the editor opens it, and publishing
    // runs in the background until the page says the changes are live.
    const callsBeforeSave = shopify.calls.length;
    await page.locator("ui-save-bar#funnel-save-bar").getByRole("button", { name: "Save" }).click();
    await page.waitForURL((url) => /^\/app\/funnels\/[^/]+$/.test(url.pathname) && url.search === "?saved=1");
    const funnelId = new URL(page.url()).pathname.split("/").pop() ?? "";
    await eventually(() => page.getByRole("heading", { name: "Course creator", exact: true }).count()).toBe(1);
    await eventually(() => page.locator("ui-save-bar#funnel-save-bar").getAttribute("data-open")).toBeNull();
    await eventually(() => page.getByText("Your changes are live in checkout").count()).toBe(1);
    expect(await page.getByText(/not live in checkout/).count()).toBe(0);
    // What the banner polls while a publish waits or runs.
    expect(await page.evaluate(() => fetch("/app/publishing").then((answer) => answer.json()))).toMatchObject({
      publishing: { state: "live" },
    });
    await eventually(() =>
      page.evaluate(() =>
        (window as unknown as { __appBridgeCalls: unknown[][] }).__appBridgeCalls.filter(([name]) => name === "toast.show"),
      ),
    ).toEqual([["toast.show", "Funnel saved"]]);

    const rows = await db.funnel.findMany({ where: { shop: SHOP } });
    expect(rows.map((row) => ({ id: row.id, name: row.name, status: row.status }))).toEqual([
      { id: funnelId, name: "Course creator", status: "active" },
    ]);
    // The page's idempotency key came with the save: posted twice, it would have made this one funnel.
    expect(rows[0]?.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const definition = JSON.parse(rows[0]?.definition ?? "{}");
    expect(definition.trigger.match).toMatchObject({
      type: "products",
      products: [{ productId: productGid(CATALOG.course), variantId: variantGid(CATALOG.course), price: { amount: 9700, currency: "USD" } }],
    });
    expect(definition.bump).toMatchObject({
      product: { productId: productGid(CATALOG.workbook), variantId: variantGid(CATALOG.workbook), title: "Course Workbook" },
      quantity: 1,
      discount: { type: "percentage", percent: 25 },
      copy: { title: "Add Course Workbook", checkboxLabel: "Yes, add it to my order" },
    });
    expect(definition.postPurchase.upsell).toMatchObject({
      product: { variantId: variantGid(CATALOG.coaching), price: { amount: 19700, currency: "USD" } },
      premium: true,
      discount: { type: "none" },
      copy: { labels: "add_to_my_order" },
    });
    expect(definition.postPurchase.downsell).toMatchObject({
      product: { variantId: variantGid(CATALOG.qa), price: { amount: 4700, currency: "USD" } },
      premium: false,
    });
    expect(definition.postPurchase.followUp).toBeNull();

    // What went to Shopify: the products looked up to save, looked up again to
    // publish fresh, then the checkout metafield and the bump discount, once each.
    // (The setup guide's reading of the store, queued by opening the app, may run in between.)
    const saveCalls = shopify.calls.slice(callsBeforeSave).filter((call) => call.operationName !== "UpstackStoreSetup");
    expect(saveCalls.every((call) => call.shop === SHOP)).toBe(true);
    expect(saveCalls.map((call) => call.operationName).sort()).toEqual(
      [
        "UpstackOfferVariants",
        "UpstackTriggerProducts",
        "UpstackOfferVariants",
        "UpstackTriggerProducts",
        "UpstackPublishShop",
        "UpstackPublishMetafields",
        "UpstackCreateBumpDiscount",
        "UpstackShopSummary",
      ].sort(),
    );
    const mutations = saveCalls.filter((call) => /^Upstack(PublishMetafields|CreateBumpDiscount)$/.test(call.operationName));
    expect(mutations.map((call) => call.operationName)).toEqual(["UpstackPublishMetafields", "UpstackCreateBumpDiscount"]);
    const offerLookups = saveCalls.filter((call) => call.operationName === "UpstackOfferVariants");
    for (const lookup of offerLookups) {
      expect([...(lookup.variables?.ids as string[])].sort()).toEqual(
        [variantGid(CATALOG.workbook), variantGid(CATALOG.coaching), variantGid(CATALOG.qa)].sort(),
      );
    }

    const [metafieldsSet, discountCreate] = mutations;
    const metafields = metafieldsSet?.variables?.metafields as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
    expect(metafields.map(({ value: _value, ...rest }) => rest)).toEqual([
      { ownerId: "gid://shopify/Shop/7001", namespace: "$app:upstack", key: "checkout_config", type: "json" },
    ]);
    const checkoutConfig = JSON.parse(metafields[0]?.value ?? "null");
    console.log(`published checkout_config for the course creator template:\n${JSON.stringify(checkoutConfig, null, 2)}`);
    // The document's other top-level keys (e.g. where checkout sends events) are not this test's business.
    expect(checkoutConfig).toMatchObject({ v: 1, currency: "USD" });
    expect(checkoutConfig.funnels).toEqual([
      {
        id: funnelId,
        priority: 0,
        trigger: { kind: "products", productIds: [productGid(CATALOG.course)] },
        minSubtotal: null,
        maxSubtotal: null,
        bump: {
          variantId: variantGid(CATALOG.workbook),
          productId: productGid(CATALOG.workbook),
          title: "Course Workbook",
          variantTitle: null,
          imageUrl: imageUrl(CATALOG.workbook),
          quantity: 1,
          regularUnitPrice: 3600,
          offerUnitPrice: 2700,
          copy: {
            title: "Add Course Workbook",
            description: expect.stringContaining("Worksheets and ready-made templates"),
            checkboxLabel: "Yes, add it to my order",
          },
        },
      },
    ]);

    const discount = discountCreate?.variables?.discount as {
      title: string;
      functionHandle: string;
      discountClasses: string[];
      metafields: { namespace: string; key: string; type: string; value: string }[];
    };
    expect(discount).toMatchObject({ functionHandle: "bump-discount", discountClasses: ["PRODUCT"] });
    expect(discount.metafields.map(({ value: _value, ...rest }) => rest)).toEqual([
      { namespace: "$app:upstack", key: "bump_discount_config", type: "json" },
    ]);
    expect(JSON.parse(discount.metafields[0]?.value ?? "null")).toMatchObject({
      v: 1,
      c: "USD",
      f: [{ b: CATALOG.workbook.variantId, p: [CATALOG.course.id], q: 1, d: 25 }],
    });
    expect(await db.publication.findUnique({ where: { shop: SHOP } })).toMatchObject({
      state: "published",
      discountId: "gid://shopify/DiscountAutomaticNode/1",
      lastError: null,
    });

    // 6. Back to the list: the funnel is there, active, with its three offers.
    const callsBeforeList = shopify.calls.length;
    // The page's back arrow (it asks App Bridge first when something is unsaved; here all is saved).
    await page.getByRole("button", { name: "Funnels" }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Course creator" }) });
    await eventually(() => row.count()).toBe(1);
    const elapsed = performance.now() - started - screenshotMs;
    // Cells: selection checkbox, name, status badge (with its tone for screen readers), trigger, offers,
    // take rate and revenue added in the last 30 days (none yet: a dash), priority.
    expect(await row.getByRole("cell").allInnerTexts()).toEqual([
      "Select funnel",
      "Course creator",
      expect.stringMatching(/\bActive$/),
      "Photography Masterclass",
      "Bump · Upsell · Downsell",
      "—",
      "—",
      "0",
    ]);
    // Published already: the list has nothing to send.
    expect(operations().slice(callsBeforeList)).toEqual([]);
    await shoot("funnels-list.png");

    // 7. How long the merchant's flow took in this test (screenshots excluded).
    console.log(`first funnel in ${(elapsed / 1000).toFixed(1)} s`);
  });

  it("answers another shop's funnel id with a 404 page that shows none of it", async () => {
    const other = await createFunnel(OTHER_SHOP, {
      name: "Other shop's secret stack",
      status: "active",
      priority: 5,
      trigger: {
        match: {
          type: "products",
          products: [
            {
              productId: "gid://shopify/Product/555",
              variantId: "gid://shopify/ProductVariant/556",
              title: "Secret Other Course",
              variantTitle: null,
              imageUrl: null,
              price: { amount: 12300, currency: "EUR" },
            },
          ],
        },
        minSubtotal: null,
        maxSubtotal: null,
      },
      bump: null,
      postPurchase: { upsell: null, downsell: null, followUp: null },
    });

    const response = await open(`/app/funnels/${other.id}`);
    expect(response?.status()).toBe(404);
    await eventually(() => page.getByRole("heading", { name: "Funnel not found" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "This funnel does not exist." }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Back to funnels" }).getAttribute("href")).toBe("/app/funnels");
    const html = await page.content();
    expect(html).not.toContain("Other shop's secret stack");
    expect(html).not.toContain("Secret Other Course");

    // Nor can this shop change or delete it: the action answers 404 and the funnel stays.
    const deleteStatus = await page.evaluate(
      (id) =>
        fetch(`/app/funnels/${id}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ intent: "delete" }),
        }).then((answer) => answer.status),
      other.id,
    );
    expect(deleteStatus).toBe(404);
    expect(await db.funnel.count({ where: { id: other.id, shop: OTHER_SHOP } })).toBe(1);
    expect(operations()).toEqual([]);
  });
});
