/**
 * The cart bump's choice is core's checkoutBumpFor on Shopify's cart JSON,
 * so it follows the cart-size limit the discount Function's budget sets
 * (BUMP_MAX_CART_LINES): the cart never shows a price the Function may not give.
 */
import { BUMP_MAX_CART_LINES } from "@upstack/core";
import { describe, expect, it } from "vitest";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { offerFor, type ShopifyCart } from "../../storefront/cart-bump-rule";
import { publishedDocument } from "../../sandbox/storefront/cart-bump-theme";

const course = product("Photography course", 9900, { productId: 8_400_000_000_001, variantId: 44_400_000_000_001 });
const workbook = product("Field workbook", 2900, { productId: 8_400_000_000_002, variantId: 44_400_000_000_002 });
const published = publishedDocument([funnel(course, { id: "funnel-course", bump: bump(workbook, { type: "percentage", percent: 20 }) })]);

/** The course plus `others` other products, one line each, as cart.js answers it. */
function cartOf(others: number): ShopifyCart {
  const line = (productId: number, variantId: number, price: number) => ({
    key: `${variantId}:a`,
    product_id: productId,
    variant_id: variantId,
    quantity: 1,
    final_line_price: price,
  });
  const items = [
    line(8_400_000_000_001, 44_400_000_000_001, 9900),
    ...Array.from({ length: others }, (_, i) => line(8_500_000_000_000 + i, 45_500_000_000_000 + i, 500)),
  ];
  return { currency: "USD", items_subtotal_price: items.reduce((sum, item) => sum + item.final_line_price, 0), items };
}

describe("the cart bump and the Function's cart-size limit", () => {
  it("offers the bump while the cart, with the bump added, stays within the limit", () => {
    expect(offerFor(published, cartOf(BUMP_MAX_CART_LINES - 2))).toMatchObject({ title: "Field workbook" });
  });

  it("shows no bump in a cart too big for the Function to price", () => {
    expect(offerFor(published, cartOf(BUMP_MAX_CART_LINES - 1))).toBeNull();
    expect(offerFor(published, cartOf(150))).toBeNull();
  });
});
