import { describe, expect, it } from "vitest";
import { BUMP_OFFER_ATTRIBUTE, buildDiscountConfig, legacyIdFromGid } from "@upstack/core";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { CartError, StoreCart, cartLineId } from "../../sandbox/storefront/cart";
import { priceCart } from "../../sandbox/storefront/discount-function";

// The preview's cart and its pricing by the real discount Function.

const course = product("Video course", 9700, { productId: 8_700_000_000_001, variantId: 44_700_000_000_001 });
const workbook = product("Workbook", 3600, { productId: 8_700_000_000_002, variantId: 44_700_000_000_002 });
const courseFunnel = funnel(course, { bump: bump(workbook, { type: "percentage", percent: 25 }) });
const discount = { discountClasses: ["PRODUCT"], metafields: { bump_discount_config: buildDiscountConfig([courseFunnel], "USD").config } };

const id = (p: typeof course) => legacyIdFromGid(p.variantId);
const newCart = () =>
  new StoreCart((variantId) => [course, workbook].map((p) => ({ productId: legacyIdFromGid(p.productId), variantId: id(p), title: p.title, price: p.price.amount })).find((p) => p.variantId === variantId), "USD");

describe("the preview's cart", () => {
  it("merges an add into the line of the same variant and properties, and keeps other properties apart", () => {
    const cart = newCart();
    cart.add(id(course));
    cart.add(id(course));
    cart.add(id(course), 1, { [BUMP_OFFER_ATTRIBUTE]: "funnel-1" });
    expect(cart.items.map((item) => [item.title, item.quantity, item.properties])).toEqual([
      ["Video course", 2, undefined],
      ["Video course", 1, { [BUMP_OFFER_ATTRIBUTE]: "funnel-1" }],
    ]);
  });

  it("refuses a variant the shop does not sell and a line that is not there", () => {
    const cart = newCart();
    expect(() => cart.add(123)).toThrow(CartError);
    expect(() => cart.change({ id: "nope" }, 0)).toThrow(CartError);
  });
});

describe("pricing with the discount Function", () => {
  it("discounts the bump line the checkout added with its offer attribute", async () => {
    const cart = newCart();
    cart.add(id(course));
    const bumpLine = cart.add(id(workbook), 1, { [BUMP_OFFER_ATTRIBUTE]: courseFunnel.id });
    const priced = await priceCart(cart.items, "USD", discount);
    expect(priced.total).toBe(9700 + 2700);
    expect(priced.lines.find((line) => line.lineId === cartLineId(bumpLine))?.discounts).toEqual([{ title: expect.any(String), amount: 900 }]);
  });

  it("gives nothing without the core product, and nothing when the app published no discount", async () => {
    const alone = newCart();
    alone.add(id(workbook), 1, { [BUMP_OFFER_ATTRIBUTE]: courseFunnel.id });
    expect((await priceCart(alone.items, "USD", discount)).total).toBe(3600);

    const unpublished = newCart();
    unpublished.add(id(course));
    unpublished.add(id(workbook), 1, { [BUMP_OFFER_ATTRIBUTE]: courseFunnel.id });
    expect((await priceCart(unpublished.items, "USD", null)).total).toBe(9700 + 3600);
  });
});
