/**
 * What a buyer pays for an offer, in one place: the checkout bump card, the
 * discount Function, the admin preview and the post-purchase changeset all
 * call offerPrice, so the strikethrough a buyer sees is the amount charged.
 *
 * The discount is applied to ONE unit (with money.ts's rounding rule) and the
 * result multiplied by the quantity. Per unit, because that is how the buyer
 * reads a price ("$27 each") and how the Function and the changeset take a
 * discount off each item: rounding once per unit keeps "2 x $26.99" equal to
 * the line total instead of drifting by a cent against a rounded line total.
 */
import {
  type Discount,
  type Money,
  MoneyError,
  applyDiscount,
  compare,
  multiply,
} from "./money";
import type { OfferDiscount, OfferProduct } from "./funnel";

export type PricedOffer = {
  product: Pick<OfferProduct, "price">;
  quantity: number;
  discount: OfferDiscount;
};

export type OfferPrice = {
  /** Regular unit price x quantity: what the strikethrough shows. */
  regular: Money;
  /** What the buyer pays for the whole offer. */
  offer: Money;
  /** regular - offer. */
  saved: Money;
  unitRegular: Money;
  unitOffer: Money;
};

/**
 * The funnel's discount as money.ts understands it. Fixed amounts are stored
 * as minor units of the shop currency, which is the product price's currency.
 */
export function toMoneyDiscount(discount: OfferDiscount, currency: string): Discount {
  switch (discount.type) {
    case "none":
    case "percentage":
      return discount;
    case "fixed_amount":
      return { type: "fixed_amount", amount: { amount: discount.amount, currency } };
    default: {
      const unknown: { type?: unknown } = discount;
      throw new MoneyError(`Unknown discount type ${JSON.stringify(unknown.type)}.`);
    }
  }
}

/** Prices an offer. Throws MoneyError on a quantity below 1 or an invalid discount. */
export function offerPrice(offer: PricedOffer): OfferPrice {
  const { quantity } = offer;
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new MoneyError(`Offer quantity must be a whole number of at least 1, got ${quantity}.`);
  }
  const unitPrice = offer.product.price;
  const unit = applyDiscount(unitPrice, toMoneyDiscount(offer.discount, unitPrice.currency));
  return {
    regular: multiply(unit.regular, quantity),
    offer: multiply(unit.offer, quantity),
    saved: multiply(unit.saved, quantity),
    unitRegular: unit.regular,
    unitOffer: unit.offer,
  };
}

/** What a price line shows: the regular total crossed out (or null: none), and the offer total. */
export type PriceLine = { regular: Money | null; offer: Money };

/**
 * The one rule against giving offers away: an offer is made only when the
 * buyer pays something for it after the discount. 100% off, a fixed amount
 * the price has fallen to or below, or a product priced 0.00 all make it
 * free. Every surface asks here: the advisor reports an error (saving is
 * blocked, and publishing pauses a live funnel whose price changed), the
 * post-purchase decision leaves the offer out, and the discount Function
 * gives that line no discount.
 *
 * Takes a whole offer's price (offerPrice) or one unit's (applyDiscount):
 * with at least one unit, one is zero exactly when the other is.
 */
export function isFreeOffer(price: { readonly offer: Money }): boolean {
  return price.offer.amount <= 0;
}

/**
 * What the price line shows: the regular total crossed out beside the offer
 * total, or only the offer when nothing is taken off (a strikethrough equal
 * to the price would be a fake deal).
 */
export function strikethrough(offer: PricedOffer): PriceLine {
  const price = offerPrice(offer);
  return priceLineOfUnits({ regular: price.unitRegular, offer: price.unitOffer }, offer.quantity);
}

/**
 * The same price line from unit prices offerPrice already computed, as
 * publishing stores them for checkout (which has no discount to apply): the
 * checkout card and the admin preview share this rule and its totals.
 * Throws MoneyError on a quantity below 1, mixed currencies, or an offer
 * above its regular price (a strikethrough that would be a lie).
 */
export function priceLineOfUnits(unit: { regular: Money; offer: Money }, quantity: number): PriceLine {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new MoneyError(`Offer quantity must be a whole number of at least 1, got ${quantity}.`);
  }
  const discounted = compare(unit.offer, unit.regular);
  if (discounted > 0) throw new MoneyError("An offer price cannot be above its regular price.");
  return { regular: discounted < 0 ? multiply(unit.regular, quantity) : null, offer: multiply(unit.offer, quantity) };
}
