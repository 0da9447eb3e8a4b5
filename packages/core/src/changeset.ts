/**
 * What a post-purchase offer becomes on the wire: the `changes` the app
 * server signs into the changeset JWT (and the extension may pass, unsigned,
 * to calculateChangeset to show the real totals), and the view the
 * post-purchase page renders. Both come from the same PostPurchaseOffer and
 * the same offerPrice, so the price on the page is the price charged.
 *
 * No signing here: core runs in checkout and browsers. The server signs.
 *
 * Decisions, in one place:
 *
 * - The variant key is `variantID`, as in Shopify's post-purchase tutorial,
 *   whose server signs exactly the `changes` its extension passed to
 *   calculateChangeset: that spelling is the one shown to work end to end.
 *   @shopify/post-purchase-ui-extensions' TypeScript types spell it
 *   `variantId`; an extension passing these changes to calculateChangeset
 *   needs a cast. CHANGESET_VARIANT_KEY names the choice for tests.
 * - Variant ids are numbers (the legacy id inside the GID), as the changeset
 *   needs; legacyIdFromGid throws rather than round an id past 2^53.
 * - A percentage discount goes as configured (`value` is the percent). A
 *   fixed amount goes as the amount taken off ONE unit, as a decimal number
 *   in the offer's currency (5.5 for 5.50): offerPrice takes fixed amounts off
 *   each unit, and Shopify's order editing applies a line discount per item.
 *   It is clamped to the unit price, as offerPrice clamps it.
 * - No discount object when nothing is taken off (a zero discount would only
 *   add a "0% off" line to the order).
 */
import type { OfferDiscount, PostPurchaseOffer } from "./funnel";
import { type Money, type ShopifyMoney, toDecimalString, toShopifyMoney } from "./money";
import { offerPrice } from "./offer-pricing";
import type { PostPurchaseLabelPair } from "./post-purchase-labels";
import type { PostPurchaseStep } from "./post-purchase-sequence";
import { legacyIdFromGid } from "./shopify-ids";

export const CHANGESET_VARIANT_KEY = "variantID";

export type ChangesetDiscount = {
  value: number;
  valueType: "percentage" | "fixed_amount";
  /** Why the discount is there, as Shopify shows it on the order. */
  title: string;
};

export type AddVariantChange = {
  type: "add_variant";
  variantID: number;
  quantity: number;
  discount?: ChangesetDiscount;
};

/** The `changes` claim for accepting one offer. Throws (MoneyError, IdError) on an offer that cannot be priced. */
export function changesetChanges(offer: PostPurchaseOffer): AddVariantChange[] {
  // Key order is fixed (type, variantID, quantity, discount) so the same
  // offer always serialises, and therefore signs, to the same bytes.
  const change: AddVariantChange = {
    type: "add_variant",
    variantID: legacyIdFromGid(offer.product.variantId, "ProductVariant"),
    quantity: offer.quantity,
  };
  const discount = changesetDiscount(offer);
  if (discount) change.discount = discount;
  return [change];
}

function changesetDiscount(offer: PostPurchaseOffer): ChangesetDiscount | undefined {
  const price = offerPrice(offer); // validates quantity and discount
  const discount: OfferDiscount = offer.discount;
  switch (discount.type) {
    case "none":
      return undefined;
    case "percentage":
      if (discount.percent <= 0) return undefined;
      return { value: discount.percent, valueType: "percentage", title: `${discount.percent}% off` };
    case "fixed_amount": {
      const perUnit: Money = {
        amount: price.unitRegular.amount - price.unitOffer.amount,
        currency: price.unitRegular.currency,
      };
      if (perUnit.amount <= 0) return undefined;
      const decimal = toDecimalString(perUnit);
      return { value: Number(decimal), valueType: "fixed_amount", title: `${decimal} ${perUnit.currency} off` };
    }
    default:
      return undefined;
  }
}

/** What the post-purchase page shows for one offer. Prices are offer totals (unit price x quantity), in minor units. */
export type PostPurchaseOfferView = {
  id: PostPurchaseStep;
  /** Numeric, as the changeset needs it. */
  variantId: number;
  productTitle: string;
  variantTitle: string | null;
  imageUrl: string | null;
  quantity: number;
  /** What the strikethrough shows. Equal to offerPrice when nothing is taken off: show no strikethrough then. */
  regularPrice: Money;
  offerPrice: Money;
  headline: string;
  body: string;
  /** Which preset accept/decline pair the page shows, in the buyer's language. */
  labels: PostPurchaseLabelPair;
  /** Exactly what the server will sign for this offer; for calculateChangeset before the buyer accepts. */
  changes: AddVariantChange[];
};

export function postPurchaseOfferView(offer: PostPurchaseOffer, step: PostPurchaseStep): PostPurchaseOfferView {
  const price = offerPrice(offer);
  return {
    id: step,
    variantId: legacyIdFromGid(offer.product.variantId, "ProductVariant"),
    productTitle: offer.product.title,
    variantTitle: offer.product.variantTitle,
    imageUrl: offer.product.imageUrl,
    quantity: offer.quantity,
    regularPrice: price.regular,
    offerPrice: price.offer,
    headline: offer.copy.headline,
    body: offer.copy.body,
    labels: offer.copy.labels,
    changes: changesetChanges(offer),
  };
}

/** One offer as the offer endpoint answers it: the view with Shopify's MoneyV2 shape ("19.99", "USD"). */
export type PostPurchaseOfferPayload = Omit<PostPurchaseOfferView, "regularPrice" | "offerPrice"> & {
  regularPrice: ShopifyMoney;
  offerPrice: ShopifyMoney;
};

export function postPurchaseOfferPayload(view: PostPurchaseOfferView): PostPurchaseOfferPayload {
  return { ...view, regularPrice: toShopifyMoney(view.regularPrice), offerPrice: toShopifyMoney(view.offerPrice) };
}
