import { describe, expect, it } from "vitest";
import { MoneyError, fixedAmountOff, money, percentageOff } from "./money";
import { isFreeOffer, offerPrice, priceLineOfUnits, strikethrough } from "./offer-pricing";

const usd = (amount: number) => money(amount, "USD");
const offer = (cents: number, discount: Parameters<typeof offerPrice>[0]["discount"], quantity = 1) => ({
  product: { price: usd(cents) },
  quantity,
  discount,
});

describe("offerPrice", () => {
  it("takes a percentage off the regular price", () => {
    expect(offerPrice(offer(3600, { type: "percentage", percent: 25 }))).toEqual({
      regular: usd(3600),
      offer: usd(2700),
      saved: usd(900),
      unitRegular: usd(3600),
      unitOffer: usd(2700),
    });
  });

  it("discounts one unit with money.ts rounding, then multiplies by the quantity", () => {
    // 15% of $19.99 = $2.9985 -> $3.00 off each unit (half up, buyer's favour).
    const price = offerPrice(offer(1999, { type: "percentage", percent: 15 }, 3));
    expect(price.unitOffer).toEqual(usd(1699));
    expect(price.offer).toEqual(usd(5097)); // 3 x $16.99
    expect(price.saved).toEqual(usd(900));
    // 50% of 3 cents = 1.5 -> 2 cents off per unit; a line-level rounding would give 3 off for 2 units.
    const cents = offerPrice(offer(3, { type: "percentage", percent: 50 }, 2));
    expect(cents.offer).toEqual(usd(2));
    expect(cents.saved).toEqual(usd(4));
  });

  it("takes a fixed amount (shop currency minor units) off each unit", () => {
    const price = offerPrice(offer(1500, { type: "fixed_amount", amount: 300 }, 2));
    expect(price.unitOffer).toEqual(usd(1200));
    expect(price.offer).toEqual(usd(2400));
    expect(price.regular).toEqual(usd(3000));
  });

  it("uses the product's currency for fixed amounts", () => {
    const yen = offerPrice({ product: { price: money(1500, "JPY") }, quantity: 1, discount: { type: "fixed_amount", amount: 500 } });
    expect(yen.offer).toEqual(money(1000, "JPY"));
  });

  it("charges the regular price without a discount", () => {
    expect(offerPrice(offer(9700, { type: "none" })).offer).toEqual(usd(9700));
  });

  it("clamps a fixed amount above the price at zero rather than going negative", () => {
    expect(offerPrice(offer(1000, { type: "fixed_amount", amount: 1500 })).offer).toEqual(usd(0));
  });

  it("rejects quantities below 1 and invalid discounts", () => {
    expect(() => offerPrice(offer(1000, { type: "none" }, 0))).toThrow(MoneyError);
    expect(() => offerPrice(offer(1000, { type: "none" }, 1.5))).toThrow(MoneyError);
    expect(() => offerPrice(offer(1000, { type: "percentage", percent: 120 }))).toThrow(MoneyError);
    expect(() => offerPrice(offer(1000, { type: "fixed_amount", amount: -1 }))).toThrow(MoneyError);
  });
});

describe("isFreeOffer", () => {
  it("calls an offer free when the buyer would pay nothing for it", () => {
    expect(isFreeOffer(offerPrice(offer(3600, { type: "percentage", percent: 100 })))).toBe(true);
    // The price fell to the fixed amount, or below it.
    expect(isFreeOffer(offerPrice(offer(1500, { type: "fixed_amount", amount: 1500 }, 2)))).toBe(true);
    expect(isFreeOffer(offerPrice(offer(1000, { type: "fixed_amount", amount: 1500 })))).toBe(true);
    // A product priced 0.00, with or without a discount.
    expect(isFreeOffer(offerPrice(offer(0, { type: "none" })))).toBe(true);
    expect(isFreeOffer(offerPrice(offer(0, { type: "percentage", percent: 10 })))).toBe(true);
    // 60% of one cent rounds up to the whole cent, in the buyer's favour.
    expect(isFreeOffer(offerPrice(offer(1, { type: "percentage", percent: 60 })))).toBe(true);
  });

  it("lets through any offer that costs at least one minor unit", () => {
    expect(isFreeOffer(offerPrice(offer(1500, { type: "fixed_amount", amount: 1499 })))).toBe(false);
    expect(isFreeOffer(offerPrice(offer(1, { type: "none" })))).toBe(false);
    expect(isFreeOffer(offerPrice(offer(3600, { type: "percentage", percent: 99 })))).toBe(false);
  });

  it("reads one unit's discount the same way, as the discount Function prices it", () => {
    expect(isFreeOffer(percentageOff(usd(1999), 100))).toBe(true);
    expect(isFreeOffer(fixedAmountOff(usd(1000), usd(2500)))).toBe(true);
    expect(isFreeOffer(fixedAmountOff(usd(1999), usd(500)))).toBe(false);
  });
});

describe("strikethrough", () => {
  it("shows the regular total crossed out beside the offer total", () => {
    expect(strikethrough(offer(3600, { type: "percentage", percent: 25 }, 2))).toEqual({
      regular: usd(7200),
      offer: usd(5400),
    });
  });

  it("shows no strikethrough when nothing is taken off", () => {
    expect(strikethrough(offer(2700, { type: "none" }))).toEqual({ regular: null, offer: usd(2700) });
    expect(strikethrough(offer(2700, { type: "percentage", percent: 0 }))).toEqual({ regular: null, offer: usd(2700) });
    // 1% of 10 cents rounds to nothing off: a strikethrough would show the same number twice.
    expect(strikethrough(offer(10, { type: "percentage", percent: 1 }))).toEqual({ regular: null, offer: usd(10) });
  });
});

describe("priceLineOfUnits", () => {
  it("gives the line strikethrough() gives, from the unit prices offerPrice computed", () => {
    for (const priced of [
      offer(3600, { type: "percentage", percent: 25 }, 3),
      offer(1999, { type: "fixed_amount", amount: 501 }, 2),
      offer(2700, { type: "none" }),
      offer(10, { type: "percentage", percent: 1 }),
    ]) {
      const price = offerPrice(priced);
      expect(priceLineOfUnits({ regular: price.unitRegular, offer: price.unitOffer }, priced.quantity)).toEqual(strikethrough(priced));
    }
  });

  it("refuses what no published offer can be: quantity 0, an offer above its price, mixed currencies", () => {
    expect(() => priceLineOfUnits({ regular: usd(1000), offer: usd(900) }, 0)).toThrow(MoneyError);
    expect(() => priceLineOfUnits({ regular: usd(1000), offer: usd(1100) }, 1)).toThrow(MoneyError);
    expect(() => priceLineOfUnits({ regular: usd(1000), offer: money(900, "EUR") }, 1)).toThrow(MoneyError);
  });
});
