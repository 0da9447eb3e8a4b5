/**
 * Which offer surfaces a store can use, from its Shopify plan. Checkout's own
 * steps (where the checkout bump sits) are open to apps only on Shopify Plus
 * (and in development stores, for building and review); the cart bump and the
 * post-purchase and thank-you pages are open on every plan. The admin hides
 * or disables what a store cannot use, with this reason, and the setup guide
 * says the same.
 */
export type StorePlan = { shopifyPlus: boolean; partnerDevelopment: boolean };

export function canUseCheckoutBump(plan: StorePlan): boolean {
  return plan.shopifyPlus || plan.partnerDevelopment;
}

export const CHECKOUT_BUMP_UNAVAILABLE_REASON =
  "Checkout's own steps are open to apps only on Shopify Plus, so this store shows the bump in the cart (cart page and cart drawer) instead of next to the pay button.";
