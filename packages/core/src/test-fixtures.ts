/**
 * Builders for tests of the funnel modules (not exported from the package).
 * Ids are realistic 13-14 digit Shopify ids.
 */
import type { BumpOffer, Funnel, OfferDiscount, OfferProduct, PostPurchaseOffer } from "./funnel";
import { money } from "./money";
import type { PostPurchaseLabelPair } from "./post-purchase-labels";

let nextId = 8_123_456_789_000;

/** A product with one variant; `cents` is the regular price in USD minor units. */
export function product(title: string, cents: number, ids: { productId?: number; variantId?: number } = {}): OfferProduct {
  const productId = ids.productId ?? nextId++;
  const variantId = ids.variantId ?? 44_000_000_000_000 + (productId % 1_000_000_000);
  return {
    productId: `gid://shopify/Product/${productId}`,
    variantId: `gid://shopify/ProductVariant/${variantId}`,
    title,
    variantTitle: null,
    imageUrl: `https://cdn.shopify.com/s/files/1/0000/0001/products/${encodeURIComponent(title)}.jpg`,
    price: money(cents, "USD"),
  };
}

export function bump(offer: OfferProduct, discount: OfferDiscount = { type: "none" }, quantity = 1): BumpOffer {
  return {
    product: offer,
    quantity,
    discount,
    copy: {
      title: `Add ${offer.title}`,
      description: "It goes with what you are buying. It ships with your order.",
      checkboxLabel: "Yes, add it to my order",
    },
  };
}

export function postPurchase(
  offer: OfferProduct,
  options: { discount?: OfferDiscount; premium?: boolean; quantity?: number; labels?: PostPurchaseLabelPair } = {},
): PostPurchaseOffer {
  return {
    product: offer,
    quantity: options.quantity ?? 1,
    discount: options.discount ?? { type: "none" },
    premium: options.premium ?? false,
    copy: {
      headline: `Add ${offer.title}?`,
      body: "One click adds it to your order.",
      labels: options.labels ?? "add_to_my_order",
    },
  };
}

/** An active funnel triggered by `core`, with no offers unless given. */
export function funnel(core: OfferProduct | null, overrides: Partial<Funnel> = {}): Funnel {
  return {
    id: "funnel-1",
    name: "Course funnel",
    status: "active",
    priority: 0,
    createdAt: "2025-01-01T00:00:00.000Z",
    trigger: {
      match: core ? { type: "products", products: [core] } : { type: "any_order" },
      minSubtotal: null,
      maxSubtotal: null,
    },
    bump: null,
    postPurchase: { upsell: null, downsell: null, followUp: null },
    ...overrides,
  };
}
