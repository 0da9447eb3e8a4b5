import { describe, expect, it } from "vitest";
import {
  MoneyError,
  add,
  applyDiscount,
  compare,
  fixedAmountOff,
  isZero,
  minorUnitDigits,
  money,
  moneyFromShopify,
  multiply,
  parseMoney,
  percentageOff,
  subtract,
  sum,
  toDecimalString,
  toShopifyMoney,
} from "./money";

const usd = (amount: number) => money(amount, "USD");

describe("minorUnitDigits", () => {
  it("knows 2-, 0- and 3-decimal currencies", () => {
    expect(minorUnitDigits("USD")).toBe(2);
    expect(minorUnitDigits("EUR")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("KRW")).toBe(0);
    expect(minorUnitDigits("XOF")).toBe(0);
    expect(minorUnitDigits("KWD")).toBe(3);
    expect(minorUnitDigits("TND")).toBe(3);
  });

  it("defaults an unknown but well-formed code to 2", () => {
    expect(minorUnitDigits("ZZZ")).toBe(2);
  });

  it("rejects malformed currency codes", () => {
    for (const code of ["usd", "US", "USDX", "", " USD", "U1D"]) {
      expect(() => minorUnitDigits(code), code).toThrow(MoneyError);
    }
  });
});

describe("parseMoney", () => {
  it("parses Shopify's decimal strings exactly", () => {
    expect(parseMoney("19.99", "USD")).toEqual({ amount: 1999, currency: "USD" });
    expect(parseMoney("20.0", "USD").amount).toBe(2000);
    expect(parseMoney("20", "USD").amount).toBe(2000);
    expect(parseMoney("1000.50", "USD").amount).toBe(100050);
    expect(parseMoney("0.5", "USD").amount).toBe(50);
    expect(parseMoney("0.29", "USD").amount).toBe(29);
    expect(parseMoney("0", "USD").amount).toBe(0);
    expect(parseMoney("1.15", "USD").amount).toBe(115);
  });

  it("accepts trailing zeros past the currency's precision", () => {
    expect(parseMoney("20.000", "USD").amount).toBe(2000);
    expect(parseMoney("1500.0", "JPY").amount).toBe(1500);
  });

  it("rejects more precision than the currency has", () => {
    expect(() => parseMoney("19.999", "USD")).toThrow(/more decimals than USD allows \(2\)/);
    expect(() => parseMoney("1500.5", "JPY")).toThrow(/JPY allows \(0\)/);
    expect(() => parseMoney("1.2345", "KWD")).toThrow(/KWD allows \(3\)/);
  });

  it("uses the currency's exponent", () => {
    expect(parseMoney("1500", "JPY").amount).toBe(1500);
    expect(parseMoney("1.5", "KWD").amount).toBe(1500);
    expect(parseMoney("0.001", "BHD").amount).toBe(1);
  });

  it("rejects malformed amounts with a MoneyError", () => {
    for (const bad of ["abc", "1.2.3", "", " 1", "1 ", "1,000.00", "1e3", "-", "+5", ".5", "5.", "0x10", "NaN", "Infinity"]) {
      expect(() => parseMoney(bad, "USD"), JSON.stringify(bad)).toThrow(MoneyError);
    }
  });

  it("rejects negative amounts with an explicit message", () => {
    expect(() => parseMoney("-1.00", "USD")).toThrow(/Negative amounts are not allowed/);
  });

  it("rejects amounts too large to hold exactly", () => {
    expect(() => parseMoney("90071992547409.92", "USD")).toThrow(/too large/);
    expect(parseMoney("90071992547409.91", "USD").amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("rejects a bad currency", () => {
    expect(() => parseMoney("1.00", "usd")).toThrow(/Invalid currency code "usd"/);
  });
});

describe("Shopify MoneyV2", () => {
  it("reads and writes MoneyV2", () => {
    const price = moneyFromShopify({ amount: "24.5", currencyCode: "CAD" });
    expect(price).toEqual({ amount: 2450, currency: "CAD" });
    expect(toShopifyMoney(price)).toEqual({ amount: "24.50", currencyCode: "CAD" });
  });

  it("rejects a MoneyV2 with a bad amount", () => {
    expect(() => moneyFromShopify({ amount: "x", currencyCode: "USD" })).toThrow(MoneyError);
  });
});

describe("toDecimalString", () => {
  it("writes the currency's fixed number of decimals", () => {
    expect(toDecimalString(usd(1999))).toBe("19.99");
    expect(toDecimalString(usd(2000))).toBe("20.00");
    expect(toDecimalString(usd(50))).toBe("0.50");
    expect(toDecimalString(usd(5))).toBe("0.05");
    expect(toDecimalString(usd(0))).toBe("0.00");
    expect(toDecimalString(money(1500, "JPY"))).toBe("1500");
    expect(toDecimalString(money(1500, "KWD"))).toBe("1.500");
    expect(toDecimalString(money(7, "KWD"))).toBe("0.007");
  });

  it("round-trips through parseMoney", () => {
    for (const [text, currency] of [["1234.56", "USD"], ["0.01", "EUR"], ["98765", "JPY"], ["12.345", "OMR"]] as const) {
      expect(toDecimalString(parseMoney(text, currency))).toBe(text);
    }
  });
});

describe("money()", () => {
  it("rejects fractional, negative and non-finite minor units", () => {
    expect(() => money(19.99, "USD")).toThrow(/whole number of minor units/);
    expect(() => money(-1, "USD")).toThrow(/must not be negative/);
    expect(() => money(Number.NaN, "USD")).toThrow(MoneyError);
    expect(() => money(Number.POSITIVE_INFINITY, "USD")).toThrow(MoneyError);
  });
});

describe("arithmetic", () => {
  it("adds, subtracts, multiplies", () => {
    expect(add(usd(1999), usd(1))).toEqual(usd(2000));
    expect(subtract(usd(2000), usd(1))).toEqual(usd(1999));
    expect(subtract(usd(5), usd(5))).toEqual(usd(0));
    expect(multiply(usd(1999), 3)).toEqual(usd(5997));
    expect(multiply(usd(1999), 0)).toEqual(usd(0));
  });

  it("refuses to go negative", () => {
    expect(() => subtract(usd(100), usd(101))).toThrow(/would be negative/);
  });

  it("refuses fractional or negative quantities", () => {
    expect(() => multiply(usd(100), 1.5)).toThrow(/Quantity/);
    expect(() => multiply(usd(100), -1)).toThrow(/Quantity/);
  });

  it("refuses results too large to hold exactly", () => {
    expect(() => add(usd(Number.MAX_SAFE_INTEGER), usd(1))).toThrow(/too large/);
    expect(() => multiply(usd(Number.MAX_SAFE_INTEGER), 2)).toThrow(/too large/);
  });

  it("compares and sums", () => {
    expect(compare(usd(1), usd(2))).toBe(-1);
    expect(compare(usd(2), usd(2))).toBe(0);
    expect(compare(usd(3), usd(2))).toBe(1);
    expect(isZero(usd(0))).toBe(true);
    expect(isZero(usd(1))).toBe(false);
    expect(sum([usd(100), usd(250), usd(1)], "USD")).toEqual(usd(351));
    expect(sum([], "EUR")).toEqual(money(0, "EUR"));
  });

  it("names both currencies when they are mixed", () => {
    const eur = money(100, "EUR");
    for (const mixed of [() => add(usd(1), eur), () => subtract(usd(500), eur), () => compare(usd(1), eur), () => sum([eur], "USD")]) {
      expect(mixed).toThrow(/USD.*EUR|EUR.*USD/);
    }
  });
});

describe("percentageOff", () => {
  it("rounds the discount to the nearest minor unit", () => {
    // 15% of 19.99 = 2.9985 -> 3.00 off
    expect(percentageOff(usd(1999), 15)).toEqual({ regular: usd(1999), offer: usd(1699), saved: usd(300) });
    // 33.333% of 10.01 = 3.3366333 -> 3.34 off
    expect(percentageOff(usd(1001), 33.333).saved).toEqual(usd(334));
    // 10% of 10.04 = 1.004 -> 1.00 off
    expect(percentageOff(usd(1004), 10).saved).toEqual(usd(100));
  });

  it("rounds exact halves up (in the buyer's favour)", () => {
    expect(percentageOff(usd(3), 50)).toEqual({ regular: usd(3), offer: usd(1), saved: usd(2) });
    expect(percentageOff(usd(1), 50).offer).toEqual(usd(0));
    expect(percentageOff(usd(4), 12.5).saved).toEqual(usd(1));
  });

  it("gets halves right where float math lands just below them", () => {
    // 25.00 * 1.14 / 100 is 28.499999999999996 in floating point; exactly 28.5 cents.
    expect(percentageOff(usd(2500), 1.14).saved).toEqual(usd(29));
    // 1.80 * 0.175 is 31.499999999999996 in floating point; exactly 31.5 cents.
    expect(percentageOff(usd(180), 17.5).saved).toEqual(usd(32));
  });

  it("works in zero- and three-decimal currencies", () => {
    expect(percentageOff(money(1010, "JPY"), 5)).toEqual({
      regular: money(1010, "JPY"),
      offer: money(959, "JPY"),
      saved: money(51, "JPY"), // 50.5 yen -> 51
    });
    expect(percentageOff(money(1010, "JPY"), 2.5).saved).toEqual(money(25, "JPY")); // 25.25 -> 25
    expect(percentageOff(money(12345, "KWD"), 10).saved).toEqual(money(1235, "KWD")); // 1234.5 fils -> 1235
  });

  it("handles 0% and 100%", () => {
    expect(percentageOff(usd(1999), 0)).toEqual({ regular: usd(1999), offer: usd(1999), saved: usd(0) });
    const free = percentageOff(usd(1999), 100);
    expect(free.offer).toEqual(usd(0));
    expect(free.saved).toEqual(usd(1999));
  });

  it("stays exact for very large amounts", () => {
    const big = usd(Number.MAX_SAFE_INTEGER);
    expect(percentageOff(big, 100).offer).toEqual(usd(0));
    expect(percentageOff(big, 50).saved).toEqual(usd(4503599627370496)); // ...495.5 rounds up
    expect(percentageOff(big, 0.0001).saved).toEqual(usd(9007199255)); // 9007199254.740991
  });

  it("rejects bad percentages", () => {
    for (const bad of [-1, 100.01, Number.NaN, Number.POSITIVE_INFINITY, 12.34567]) {
      expect(() => percentageOff(usd(1000), bad), String(bad)).toThrow(MoneyError);
    }
    expect(() => percentageOff(usd(1000), 101)).toThrow(/between 0 and 100/);
    expect(() => percentageOff(usd(1000), 12.34567)).toThrow(/at most 4 decimal places/);
  });
});

describe("fixedAmountOff", () => {
  it("takes the amount off", () => {
    expect(fixedAmountOff(usd(1999), usd(500))).toEqual({ regular: usd(1999), offer: usd(1499), saved: usd(500) });
  });

  it("clamps at zero when the amount exceeds the price", () => {
    const result = fixedAmountOff(usd(1000), usd(2500));
    expect(result).toEqual({ regular: usd(1000), offer: usd(0), saved: usd(1000) });
  });

  it("rejects another currency or a negative amount", () => {
    expect(() => fixedAmountOff(usd(1000), money(100, "EUR"))).toThrow(/USD.*EUR/);
    expect(() => fixedAmountOff(usd(1000), { amount: -100, currency: "USD" })).toThrow(/must not be negative/);
    expect(() => fixedAmountOff(usd(1000), { amount: 1.5, currency: "USD" })).toThrow(/whole number/);
  });
});

describe("applyDiscount", () => {
  it("dispatches on the discount type", () => {
    expect(applyDiscount(usd(1999), { type: "none" })).toEqual({ regular: usd(1999), offer: usd(1999), saved: usd(0) });
    expect(applyDiscount(usd(1999), { type: "percentage", percent: 15 }).offer).toEqual(usd(1699));
    expect(applyDiscount(usd(1999), { type: "fixed_amount", amount: usd(999) }).offer).toEqual(usd(1000));
  });

  it("rejects an unknown discount type and a bad price", () => {
    const bogus = { type: "bogo" } as unknown as Parameters<typeof applyDiscount>[1];
    expect(() => applyDiscount(usd(100), bogus)).toThrow(/Unknown discount type "bogo"/);
    expect(() => applyDiscount({ amount: -1, currency: "USD" }, { type: "none" })).toThrow(MoneyError);
  });
});
