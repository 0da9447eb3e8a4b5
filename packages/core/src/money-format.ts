/**
 * Human-readable money. Kept apart from ./money because Shopify Functions
 * may not have Intl; the Function imports only the arithmetic.
 */
import { type Money, MoneyError, minorUnitDigits, money, toDecimalString } from "./money";

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let cached = formatters.get(key);
  if (!cached) {
    const digits = minorUnitDigits(currency);
    try {
      // Force our own minor-unit digits: CLDR disagrees with ISO 4217 for a
      // few currencies (e.g. IQD), and the shown price must match the charge.
      cached = new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch (error) {
      throw new MoneyError(
        `Cannot format ${currency} for locale ${JSON.stringify(locale)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * Formats money for people, e.g. "$19.99" (en-US), "19,99 €" (de-DE),
 * "￥1,500" (ja-JP). The exact decimal string is handed to Intl, so large
 * amounts are not rounded through a float.
 */
export function formatMoney(value: Money, locale = "en-US"): string {
  const decimal = toDecimalString(value) as `${number}`;
  return formatter(locale, value.currency).format(decimal);
}

/**
 * A difference of money for people, signed: "+$3.20", "−$1.05", "$0.00".
 * `minorUnits` may be fractional (a difference of two averages); it is
 * rounded to the nearest minor unit, halves away from zero, so +0.5 cent and
 * -0.5 cent read alike.
 */
export function formatMoneyDifference(minorUnits: number, currency: string, locale = "en-US"): string {
  if (!Number.isFinite(minorUnits)) throw new MoneyError(`A difference in ${currency} must be a finite number, got ${minorUnits}.`);
  const rounded = Math.round(Math.abs(minorUnits));
  const magnitude = formatMoney(money(rounded, currency), locale);
  if (rounded === 0) return magnitude;
  return `${minorUnits < 0 ? "\u2212" : "+"}${magnitude}`;
}
