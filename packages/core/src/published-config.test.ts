import { describe, expect, it } from "vitest";
import type { Funnel } from "./funnel";
import { MoneyError, money } from "./money";
import {
  type CheckoutCart,
  type CheckoutConfig,
  BUMP_MAX_CART_LINES,
  buildCheckoutConfig,
  bumpFitsCart,
  checkoutBumpFor,
  checkoutConfigSize,
  isEventsUrl,
  parseCheckoutConfig,
  unresolvedCollections,
} from "./published-config";
import { FUNNEL_TEMPLATES, funnelFromTemplate } from "./templates";
import { bump, funnel, product } from "./test-fixtures";

const usd = (amount: number) => money(amount, "USD");
const course = product("Course", 9700, { productId: 8_812_345_678_901, variantId: 45_123_456_789_012 });
const workbook = product("Workbook + templates", 3600, { productId: 8_812_345_678_902, variantId: 45_123_456_789_013 });
const mug = product("Mug", 1500, { productId: 8_812_345_678_903, variantId: 45_123_456_789_014 });
const courseTemplate = FUNNEL_TEMPLATES[0];
if (!courseTemplate) throw new Error("templates missing");

const courseFunnel: Funnel = {
  ...funnelFromTemplate(courseTemplate, { core: course, bump: workbook }, { id: "clx1course", createdAt: "2025-06-01T12:00:00.000Z" }),
  status: "active",
  priority: 10,
};

const cart = (lines: { p: typeof course; quantity?: number; cost?: number }[], subtotal: number): CheckoutCart => ({
  lines: lines.map(({ p, quantity = 1, cost }) => ({
    productId: p.productId,
    variantId: p.variantId,
    quantity,
    ...(cost === undefined ? {} : { cost }),
  })),
  subtotal: usd(subtotal),
});

describe("buildCheckoutConfig", () => {
  it("publishes the course-creator template as the checkout reads it", () => {
    expect(buildCheckoutConfig([courseFunnel], "USD")).toEqual({
      v: 1,
      currency: "USD",
      funnels: [
        {
          id: "clx1course",
          priority: 10,
          trigger: { kind: "products", productIds: ["gid://shopify/Product/8812345678901"] },
          minSubtotal: null,
          maxSubtotal: null,
          bump: {
            variantId: "gid://shopify/ProductVariant/45123456789013",
            productId: "gid://shopify/Product/8812345678902",
            title: "Workbook + templates",
            variantTitle: null,
            imageUrl: workbook.imageUrl,
            quantity: 1,
            regularUnitPrice: 3600,
            offerUnitPrice: 2700,
            copy: {
              title: "Add Workbook + templates",
              description: courseTemplate.bump.copy.description,
              checkboxLabel: "Yes, add it to my order",
            },
          },
        },
      ],
      maxCartLines: BUMP_MAX_CART_LINES,
    });
  });

  it("keeps only active funnels with a bump, in selection order whatever the input order", () => {
    const make = (id: string, priority: number, createdAt: string, overrides: Partial<Funnel> = {}) =>
      funnel(course, { id, priority, createdAt, bump: bump(workbook), ...overrides });
    const funnels = [
      make("old", 1, "2024-01-01T00:00:00Z"),
      make("top", 5, "2025-01-01T00:00:00Z"),
      make("new", 1, "2025-01-01T00:00:00Z"),
      make("draft", 9, "2020-01-01T00:00:00Z", { status: "draft" }),
      make("paused", 9, "2020-01-01T00:00:00Z", { status: "paused" }),
      make("no-bump", 9, "2020-01-01T00:00:00Z", { bump: null }),
    ];
    const ids = (list: Funnel[]) => buildCheckoutConfig(list, "USD").funnels.map((f) => f.id);
    expect(ids(funnels)).toEqual(["top", "old", "new"]);
    expect(ids([...funnels].reverse())).toEqual(["top", "old", "new"]);
  });

  it("leaves out a bump whose variant Shopify cannot sell now, and only that one", () => {
    const other = funnel(course, { id: "other", bump: bump(mug) });
    const soldOut = new Set([courseFunnel.bump!.product.variantId]);
    expect(buildCheckoutConfig([courseFunnel, other], "USD", { soldOut }).funnels.map((f) => f.id)).toEqual(["other"]);
    expect(buildCheckoutConfig([courseFunnel, other], "USD", { soldOut: new Set() }).funnels).toHaveLength(2);
  });

  it("publishes collection triggers as the product ids the caller resolved, and skips unresolved ones", () => {
    const skincare = "gid://shopify/Collection/412345678901";
    const f = funnel(null, {
      id: "by-collection",
      bump: bump(workbook),
      trigger: { match: { type: "collections", collections: [{ collectionId: skincare, title: "Skincare" }] }, minSubtotal: usd(5000), maxSubtotal: null },
    });
    const resolved = buildCheckoutConfig([f], "USD", { collectionProducts: { [skincare]: [course.productId, mug.productId, course.productId] } });
    expect(resolved.funnels[0]?.trigger).toEqual({ kind: "products", productIds: [course.productId, mug.productId] });
    expect(resolved.funnels[0]?.minSubtotal).toBe(5000);
    const asMap = buildCheckoutConfig([f], "USD", { collectionProducts: new Map([[skincare, [mug.productId]]]) });
    expect(asMap.funnels[0]?.trigger).toEqual({ kind: "products", productIds: [mug.productId] });
    expect(buildCheckoutConfig([f], "USD").funnels).toEqual([]);
    expect(unresolvedCollections([f])).toEqual([{ funnelId: "by-collection", collectionId: skincare, title: "Skincare" }]);
    expect(unresolvedCollections([f], { [skincare]: [mug.productId] })).toEqual([]);
  });

  it("refuses prices or bounds in another currency than the shop's", () => {
    const euro = funnel(course, { bump: bump({ ...workbook, price: money(3600, "EUR") }) });
    expect(() => buildCheckoutConfig([euro], "USD")).toThrow(MoneyError);
    const bound = funnel(course, { bump: bump(workbook), trigger: { match: { type: "any_order" }, minSubtotal: money(1, "EUR"), maxSubtotal: null } });
    expect(() => buildCheckoutConfig([bound], "USD")).toThrow(/minimum subtotal .* EUR, but the shop currency is USD/);
  });
});

describe("parseCheckoutConfig", () => {
  const valid = buildCheckoutConfig([courseFunnel], "USD");

  it("reads back what was built, as an object or as the metafield's JSON string", () => {
    expect(parseCheckoutConfig(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
    expect(parseCheckoutConfig(JSON.stringify(valid))).toEqual(valid);
    expect(parseCheckoutConfig({ v: 1, currency: "USD", funnels: [] })).toEqual({ v: 1, currency: "USD", funnels: [] });
  });

  type Fields = Record<string, unknown>;
  type Doc = Fields & { funnels: [Fields & { trigger: Fields; bump: Fields & { copy: Fields } }] };
  const mutate = (change: (doc: Doc) => void) => {
    const doc = JSON.parse(JSON.stringify(valid));
    change(doc);
    return doc as unknown;
  };

  it.each([
    ["null", null],
    ["not JSON", "{oops"],
    ["an array", []],
    ["another version", mutate((d) => (d.v = 2))],
    ["a lower-case currency", mutate((d) => (d.currency = "usd"))],
    ["funnels not a list", mutate((d) => Object.assign(d, { funnels: {} }))],
    ["a funnel without id", mutate((d) => delete d.funnels[0].id)],
    ["an unknown trigger kind", mutate((d) => (d.funnels[0].trigger = { kind: "collections", collectionIds: [] }))],
    ["an empty product list", mutate((d) => (d.funnels[0].trigger.productIds = []))],
    ["a numeric product id", mutate((d) => (d.funnels[0].trigger.productIds = [8812345678901]))],
    ["a product GID where a variant belongs", mutate((d) => (d.funnels[0].bump.variantId = course.productId))],
    ["a price in dollars", mutate((d) => (d.funnels[0].bump.offerUnitPrice = 27.0001))],
    ["a negative bound", mutate((d) => (d.funnels[0].minSubtotal = -1))],
    ["an offer above the regular price", mutate((d) => (d.funnels[0].bump.offerUnitPrice = 3601))],
    ["a zero quantity", mutate((d) => (d.funnels[0].bump.quantity = 0))],
    ["missing copy", mutate((d) => delete d.funnels[0].bump.copy.checkboxLabel)],
    ["a missing image field", mutate((d) => delete d.funnels[0].bump.imageUrl)],
    ["a cart limit that is no line count", mutate((d) => (d.maxCartLines = 0))],
  ])("rejects %s", (_what, doc) => {
    expect(parseCheckoutConfig(doc)).toBeNull();
  });

  it("carries the events URL the server fills in, https only (or http to localhost in development)", () => {
    const withUrl = buildCheckoutConfig([courseFunnel], "USD", { eventsUrl: "https://upstack.example/api/checkout/events" });
    expect(withUrl.eventsUrl).toBe("https://upstack.example/api/checkout/events");
    expect(parseCheckoutConfig(JSON.stringify(withUrl))).toEqual(withUrl);
    expect(valid).not.toHaveProperty("eventsUrl");
    for (const url of ["http://localhost:3000/api/checkout/events", "http://127.0.0.1:8080/e", "https://a-b.trycloudflare.com/api/x?shop=1"]) {
      expect(isEventsUrl(url)).toBe(true);
      expect(parseCheckoutConfig({ ...valid, eventsUrl: url })).not.toBeNull();
    }
    // The session token goes with every event: never in clear text to a real host, never to a script URL.
    for (const url of ["http://upstack.example/api/events", "javascript:alert(1)", "https://user@evil.example/", "//upstack.example/e", "https://", "", 42, null, "https://upstack.example/a b"]) {
      expect(isEventsUrl(url)).toBe(false);
      expect(parseCheckoutConfig({ ...valid, eventsUrl: url })).toBeNull();
    }
    expect(() => buildCheckoutConfig([courseFunnel], "USD", { eventsUrl: "http://upstack.example/e" })).toThrow(/https/);
  });

  it("carries the holdout share for the checkout card, and leaves a share of 0 out", () => {
    const held = buildCheckoutConfig([courseFunnel], "USD", { holdoutPercent: 12.5 });
    expect(held.holdoutPercent).toBe(12.5);
    expect(parseCheckoutConfig(JSON.stringify(held))).toEqual(held);
    expect(buildCheckoutConfig([courseFunnel], "USD", { holdoutPercent: 0 })).not.toHaveProperty("holdoutPercent");
    expect(() => buildCheckoutConfig([courseFunnel], "USD", { holdoutPercent: 120 })).toThrow(RangeError);
    for (const share of [-1, 101, "10", null, Number.NaN]) expect(parseCheckoutConfig({ ...valid, holdoutPercent: share })).toBeNull();
  });
});

describe("checkoutBumpFor", () => {
  const config = buildCheckoutConfig([courseFunnel], "USD");

  it("offers the bump when the core product is in the cart", () => {
    const offer = checkoutBumpFor(config, cart([{ p: course }], 9700));
    expect(offer).toMatchObject({
      funnelId: "clx1course",
      currency: "USD",
      variantId: workbook.variantId,
      regularUnitPrice: 3600,
      offerUnitPrice: 2700,
      inCart: false,
      cartQuantity: 0,
    });
  });

  it("shows a bump already in the cart ticked, and withdraws it when the core is removed", () => {
    expect(checkoutBumpFor(config, cart([{ p: course }, { p: workbook }], 12_400))).toMatchObject({ inCart: true, cartQuantity: 1 });
    expect(checkoutBumpFor(config, cart([{ p: workbook }], 2700))).toBeNull();
    expect(checkoutBumpFor(config, cart([{ p: mug }], 1500))).toBeNull();
  });

  it(`offers no bump in a cart the Function may not price within its budget (over ${BUMP_MAX_CART_LINES} lines with the bump)`, () => {
    const filler = (count: number) => Array.from({ length: count }, () => ({ p: mug }));
    // The core and 98 other lines: the bump makes 100.
    expect(checkoutBumpFor(config, cart([{ p: course }, ...filler(98)], 9700 + 98 * 1500))).toMatchObject({ inCart: false });
    expect(checkoutBumpFor(config, cart([{ p: course }, ...filler(99)], 9700 + 99 * 1500))).toBeNull();
    // Already in a 100-line cart it stays (and stays discounted); at 101 lines it goes.
    expect(checkoutBumpFor(config, cart([{ p: course }, { p: workbook }, ...filler(98)], 12_400 + 98 * 1500))).toMatchObject({ inCart: true });
    expect(checkoutBumpFor(config, cart([{ p: course }, { p: workbook }, ...filler(99)], 12_400 + 99 * 1500))).toBeNull();
    expect([bumpFitsCart(99, false), bumpFitsCart(100, false), bumpFitsCart(100, true), bumpFitsCart(101, true)]).toEqual([true, false, true, false]);
  });

  it("does not offer the bump for a core product in the cart as a gift (0.00), as the Function would not discount it", () => {
    expect(checkoutBumpFor(config, cart([{ p: course, cost: 0 }], 0))).toBeNull();
    expect(checkoutBumpFor(config, cart([{ p: course, cost: 0 }, { p: course, cost: 9700 }], 9700))).toMatchObject({ inCart: false });
  });

  it("never lets the bump qualify itself on an 'any order' funnel", () => {
    const any = buildCheckoutConfig([funnel(null, { bump: bump(workbook) })], "USD");
    expect(checkoutBumpFor(any, cart([{ p: workbook }], 3600))).toBeNull();
    expect(checkoutBumpFor(any, cart([{ p: mug }, { p: workbook }], 5100))).toMatchObject({ inCart: true });
  });

  it("checks subtotal bounds without the bump, so ticking it cannot make it disappear", () => {
    const bounded = buildCheckoutConfig(
      [funnel(course, { bump: bump(workbook, { type: "percentage", percent: 25 }), trigger: { match: { type: "products", products: [course] }, minSubtotal: usd(5000), maxSubtotal: usd(10_000) } })],
      "USD",
    );
    expect(checkoutBumpFor(bounded, cart([{ p: course }], 9700))).not.toBeNull();
    // $97 + a $27 bump = $124 > $100, but without the bump it is $97.
    expect(checkoutBumpFor(bounded, cart([{ p: course }, { p: workbook, cost: 2700 }], 12_400))).toMatchObject({ inCart: true });
    expect(checkoutBumpFor(bounded, cart([{ p: course }, { p: mug }], 11_200))).toBeNull();
    expect(checkoutBumpFor(bounded, cart([{ p: mug }, { p: course, quantity: 0 }], 1500))).toBeNull();
  });

  it("picks the first matching funnel of the published order", () => {
    const mugFunnel = funnel(mug, { id: "mug", priority: 50, bump: bump(product("Coaster", 500)) });
    const both = buildCheckoutConfig([courseFunnel, mugFunnel], "USD");
    expect(checkoutBumpFor(both, cart([{ p: course }, { p: mug }], 11_200))?.funnelId).toBe("mug");
    expect(checkoutBumpFor(both, cart([{ p: course }], 9700))?.funnelId).toBe("clx1course");
  });

  it("shows nothing when the cart is in another currency (prices are published in the shop currency)", () => {
    expect(checkoutBumpFor(config, { ...cart([{ p: course }], 9000), subtotal: money(9000, "EUR") })).toBeNull();
  });

  it("fits 50 funnels easily in the JSON metafield", () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...courseFunnel, id: `clx${String(i).padStart(22, "0")}` }));
    const doc: CheckoutConfig = buildCheckoutConfig(many, "USD");
    expect(doc.funnels).toHaveLength(50);
    expect(checkoutConfigSize(doc)).toBeLessThan(64_000);
  });
});
