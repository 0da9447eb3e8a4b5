/**
 * The funnel model every surface shares: what a merchant configures (one core
 * offer, at most one bump, a post-purchase sequence of upsell, downsell and follow-up, of which a buyer sees at most two)
 * and what the checkout, the discount Function and the server read back.
 *
 * Ids are Shopify GIDs ("gid://shopify/Product/1"). Money is integer minor
 * units in the shop's currency (see ./money).
 */
import type { Money } from "./money";
import type { OfferExperiment } from "./offer-experiment";
import type { PostPurchaseLabelPair } from "./post-purchase-labels";

export const FUNNEL_STATUSES = ["draft", "active", "paused", "archived"] as const;
export type FunnelStatus = (typeof FUNNEL_STATUSES)[number];

/** A product variant as the merchant picked it, with what the buyer will see. */
export type OfferProduct = {
  productId: string;
  variantId: string;
  /** Product title, e.g. "Course workbook". */
  title: string;
  /** Variant title; null for a product's only ("Default Title") variant. */
  variantTitle: string | null;
  imageUrl: string | null;
  /** The variant's regular price: what a strikethrough shows. */
  price: Money;
};

/** How much an offer takes off its product's regular price. Fixed amounts are in the shop's currency. */
export type OfferDiscount =
  | { type: "none" }
  | { type: "percentage"; percent: number }
  | { type: "fixed_amount"; amount: number };

export type BumpCopy = {
  /** e.g. "Add the workbook". */
  title: string;
  /** Two or three sentences. */
  description: string;
  /** e.g. "Yes, add it to my order". */
  checkboxLabel: string;
};

export type PostPurchaseCopy = {
  /** The callout's title: names the product and the discount. */
  headline: string;
  body: string;
  /** The accept/decline buttons: one of Shopify-review-safe preset pairs, never free text (./post-purchase-labels). */
  labels: PostPurchaseLabelPair;
};

export type BumpOffer = {
  product: OfferProduct;
  quantity: number;
  discount: OfferDiscount;
  copy: BumpCopy;
};

export type PostPurchaseOffer = {
  product: OfferProduct;
  quantity: number;
  discount: OfferDiscount;
  copy: PostPurchaseCopy;
  /**
   * A premium next step (pro tier, coaching) rather than an impulse add-on:
   * the advisor then expects 2-3x the core offer instead of at most 25% of the order.
   */
  premium: boolean;
};

/** Which purchases a funnel applies to. */
export type TriggerMatch =
  | { type: "any_order" }
  | { type: "products"; products: OfferProduct[] }
  | { type: "variants"; variants: OfferProduct[] }
  | { type: "collections"; collections: { collectionId: string; title: string }[] };

export type Trigger = {
  match: TriggerMatch;
  /** Inclusive bounds on the purchase subtotal; null means no bound. */
  minSubtotal: Money | null;
  maxSubtotal: Money | null;
};

/** The post-purchase sequence: upsell first, downsell only on a decline, follow-up only after an accept. */
export type PostPurchaseSequence = {
  upsell: PostPurchaseOffer | null;
  downsell: PostPurchaseOffer | null;
  followUp: PostPurchaseOffer | null;
};

export type Funnel = {
  id: string;
  name: string;
  status: FunnelStatus;
  /** Higher wins when several active funnels match one purchase. */
  priority: number;
  trigger: Trigger;
  bump: BumpOffer | null;
  postPurchase: PostPurchaseSequence;
  /** ISO timestamp; breaks priority ties (older wins, then id). */
  createdAt: string;
  /** The experiments running on its offers, at most one per slot (./offer-experiment). Absent: none. */
  experiments?: readonly OfferExperiment[];
};

/** A cart or an initial purchase, as every surface can describe it. */
export type PurchaseLine = {
  productId: string;
  variantId: string;
  quantity: number;
};

export type Purchase = {
  lines: PurchaseLine[];
  subtotal: Money;
};
