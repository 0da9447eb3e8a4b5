/**
 * The new totals shown before the buyer accepts, from Shopify's own
 * calculateChangeset: what this offer adds in shipping and taxes, and what
 * will be charged now. Read in the presentment currency, the one the buyer
 * paid in and the one the offer's prices are in.
 */
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import { type AddVariantChange, type Money, MoneyError, moneyFromShopify, sum } from "@upstack/core";
import type { Offer } from "./offers";

type Changeset = Exclude<Parameters<PostPurchaseRenderApi["calculateChangeset"]>[0], string>;
type CalculateResult = Awaited<ReturnType<PostPurchaseRenderApi["calculateChangeset"]>>;
type MoneyBag = NonNullable<CalculateResult["calculatedPurchase"]>["totalOutstandingSet"];

export type NewTotals = {
  /** The added item after its discount. */
  subtotal: Money;
  /** Whether `subtotal` is Shopify's total for the added line (else it is the offer price: the line was not found). */
  subtotalFromShopify: boolean;
  shipping: Money;
  taxes: Money;
  /** totalOutstandingSet: what the buyer's payment method is charged if they accept. */
  total: Money;
};

/**
 * Whether calculateChangeset can show what the buyer would really pay: with
 * the `changes` the server signs, or without them only when there is no
 * discount. A discounted offer calculated without its discount would show
 * more than the charge, so the page then shows the offer price alone.
 */
export function canCalculate(offer: Offer): boolean {
  return offer.changes !== null || offer.offerPrice.amount === offer.regularPrice.amount;
}

export function changesetFor(offer: Offer): Changeset {
  const changes: AddVariantChange[] = offer.changes ?? [
    { type: "add_variant", variantID: offer.variantId, quantity: offer.quantity },
  ];
  // Core spells the key `variantID` (Shopify's tutorial, what the server signs); the package's types say
  // `variantId`. Calculate exactly what will be signed, so one spelling is used everywhere (core's).
  return { changes } as unknown as Changeset;
}

/** The totals, or null when Shopify did not process the changeset or answered in another currency. */
export function newTotals(result: CalculateResult, offer: Offer): NewTotals | null {
  const purchase = result.status === "processed" ? result.calculatedPurchase : undefined;
  if (!purchase) return null;
  const currency = offer.offerPrice.currency;
  const read = (bag: MoneyBag) => {
    const value = moneyFromShopify(bag.presentmentMoney);
    if (value.currency !== currency) throw new MoneyError(`Expected ${currency}, got ${value.currency}`);
    return value;
  };
  try {
    // The line Shopify added for this offer; if the buyer already had the variant it may be merged, then the offer price stands.
    const line = purchase.updatedLineItems.find((item) => item.variantId === offer.variantId && item.quantity === offer.quantity);
    return {
      subtotal: line ? read(line.totalPriceSet) : offer.offerPrice,
      subtotalFromShopify: Boolean(line),
      shipping: sum(purchase.addedShippingLines.map((shipping) => read(shipping.priceSet)), currency),
      taxes: sum(purchase.addedTaxLines.map((tax) => read(tax.priceSet)), currency),
      total: read(purchase.totalOutstandingSet),
    };
  } catch {
    return null;
  }
}
