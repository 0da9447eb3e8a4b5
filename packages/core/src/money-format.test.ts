import { describe, expect, it } from "vitest";
import { MoneyError, money } from "./money";
import { formatMoney, formatMoneyDifference } from "./money-format";

// Intl separates number and symbol with no-break spaces (U+00A0, U+202F);
// normalise them so the assertions read naturally but still pin the layout.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("formats US dollars in en-US by default", () => {
    expect(formatMoney(money(1999, "USD"))).toBe("$19.99");
    expect(formatMoney(money(2000, "USD"))).toBe("$20.00");
    expect(formatMoney(money(5, "USD"))).toBe("$0.05");
    expect(formatMoney(money(123456789, "USD"))).toBe("$1,234,567.89");
  });

  it("uses the locale's separators and symbol position", () => {
    expect(plain(formatMoney(money(123456, "EUR"), "de-DE"))).toBe("1.234,56 €");
    expect(plain(formatMoney(money(1999, "USD"), "de-DE"))).toBe("19,99 $");
  });

  it("shows no decimals for zero-decimal currencies", () => {
    const yen = formatMoney(money(1500, "JPY"), "ja-JP");
    expect(yen).toMatch(/^[¥￥]1,500$/);
    expect(formatMoney(money(1500, "JPY"))).toBe("¥1,500");
  });

  it("shows three decimals for three-decimal currencies, even where CLDR disagrees", () => {
    expect(plain(formatMoney(money(1500, "KWD")))).toBe("KWD 1.500");
    // CLDR formats IQD with 0 decimals; the charge has 3, so the display must too.
    expect(plain(formatMoney(money(1500, "IQD")))).toBe("IQD 1.500");
  });

  it("does not lose cents on very large amounts", () => {
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, "USD"))).toBe("$90,071,992,547,409.91");
  });

  it("rejects invalid money and locales with a MoneyError", () => {
    expect(() => formatMoney({ amount: 1.5, currency: "USD" })).toThrow(MoneyError);
    expect(() => formatMoney(money(100, "USD"), "not a locale!")).toThrow(MoneyError);
  });
});

describe("formatMoneyDifference", () => {
  it("signs a gain and a loss, and leaves zero unsigned", () => {
    expect(formatMoneyDifference(320, "USD")).toBe("+$3.20");
    expect(formatMoneyDifference(-105, "USD")).toBe("\u2212$1.05");
    expect(formatMoneyDifference(0, "USD")).toBe("$0.00");
    expect(formatMoneyDifference(-0.4, "USD")).toBe("$0.00");
  });

  it("rounds a fractional difference of averages to the currency's minor unit, halves away from zero", () => {
    expect(formatMoneyDifference(1234.5, "USD")).toBe("+$12.35");
    expect(formatMoneyDifference(-1234.5, "USD")).toBe("\u2212$12.35");
    expect(formatMoneyDifference(1499.6, "JPY")).toBe("+¥1,500");
  });

  it("refuses a difference that is not a number", () => {
    expect(() => formatMoneyDifference(Number.NaN, "USD")).toThrow(MoneyError);
  });
});
