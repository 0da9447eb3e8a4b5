/**
 * Which bump the cart shows: core's checkoutBumpFor (the rule the checkout
 * and the discount Function follow) on Shopify's cart JSON. Kept apart from
 * the DOM code so tests can ask it directly.
 */
import { type CheckoutBumpOffer, type CheckoutCart, type CheckoutConfig, checkoutBumpFor } from "@upstack/core";

/** The subset of Shopify's cart JSON (cart.js, and the Liquid payload) the bump reads. */
export type ShopifyCart = {
  currency: string;
  items_subtotal_price: number;
  item_count?: number;
  items: {
    key: string;
    product_id: number;
    variant_id: number;
    quantity: number;
    final_line_price: number;
    properties?: Record<string, unknown> | null;
  }[];
  sections?: Record<string, string | null>;
};

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** The cart as core's rule reads it. */
export function checkoutCartOf(cart: ShopifyCart): CheckoutCart {
  return {
    lines: cart.items.map((item) => ({
      productId: gid("Product", item.product_id),
      variantId: gid("ProductVariant", item.variant_id),
      quantity: item.quantity,
      cost: item.final_line_price,
    })),
    subtotal: { amount: cart.items_subtotal_price, currency: cart.currency },
  };
}

/**
 * The one place the cart decides what to show: core's rule on this cart.
 * (A cart-size limit for the Function's budget belongs in checkoutBumpFor,
 * so the checkout follows it too.)
 */
export function offerFor(config: CheckoutConfig, cart: ShopifyCart): CheckoutBumpOffer | null {
  return checkoutBumpFor(config, checkoutCartOf(cart));
}

