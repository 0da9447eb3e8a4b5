import { type Money, formatMoney, minorUnitDigits, toDecimalString } from "@upstack/core";

/** What a checkout extension's host offers for formatting: its i18n API and the buyer's language. */
export type PriceFormatting = {
  formatCurrency(amount: number, options: { currency: string; minimumFractionDigits: number; maximumFractionDigits: number }): string;
  language: string;
};

/** A price in the buyer's locale format, with exactly the currency's minor digits (what is charged); core's format if the host cannot. */
export function formatPrice(value: Money, host: PriceFormatting): string {
  const digits = minorUnitDigits(value.currency);
  try {
    return host.formatCurrency(Number(toDecimalString(value)), {
      currency: value.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    return formatMoney(value, host.language);
  }
}
