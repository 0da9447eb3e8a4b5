import { type DateRangeKey, type Money, type Rate, formatMoney } from "@upstack/core";

/** How the dashboard writes a share: "12.5%", or an em dash when nothing was counted. */
export function formatRate(rate: Rate): string {
  if (rate.value === null) return "—";
  return formatPercent(rate.value);
}

/** 0.125 -> "12.5%" (one decimal at most). */
export function formatPercent(share: number): string {
  return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(share * 100)}%`;
}

/** Money in each currency it came in, "$12.00 · €4.50"; an em dash for none. */
export function formatMoneyList(amounts: readonly Money[]): string {
  return amounts.length === 0 ? "—" : amounts.map((amount) => formatMoney(amount)).join(" · ");
}

export function formatCount(count: number): string {
  return new Intl.NumberFormat("en-US").format(count);
}

/** A calendar day as the tables and chart axes show it, "Nov 3", read in UTC as the daily series is. */
export function formatDay(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(date);
}

/** A date for sentences: "November 3, 2026". */
export function formatDate(value: Date | string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(value));
}

const RANGE_PHRASES: Record<DateRangeKey, string> = {
  "7d": "in the last 7 days",
  "30d": "in the last 30 days",
  "90d": "in the last 90 days",
  install: "since you installed Upstack",
};

/** The range inside a sentence: "12 orders in the last 7 days". */
export function rangePhrase(range: DateRangeKey): string {
  return RANGE_PHRASES[range];
}
