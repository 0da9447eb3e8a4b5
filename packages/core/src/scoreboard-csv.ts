/**
 * The scoreboard as a CSV file a merchant opens in a spreadsheet: per-day
 * figures, then per-offer figures, each with its own header row (RFC 4180:
 * CRLF line ends, fields with a comma, quote or line break in double quotes,
 * quotes doubled).
 *
 * Formula injection: a spreadsheet runs a cell that starts with =, +, -, @
 * (or a tab or carriage return) as a formula, and funnel names are typed by
 * whoever edits the funnels. Such TEXT cells get a leading apostrophe, which
 * spreadsheets show as plain text. Numbers are written as numbers (a
 * negative number is not a formula).
 */
import type { Scoreboard } from "./scoreboard-view";
import { decimalOfMinorUnits, minorUnitDigits } from "./money";
import type { Money } from "./money";

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`A CSV number must be finite, got ${value}.`);
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text, CRLF after every row. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

const amount = (value: Money | null): CsvCell =>
  value === null ? null : Number(decimalOfMinorUnits(value.amount, minorUnitDigits(value.currency)));
const percent = (value: number | null): CsvCell => (value === null ? null : Math.round(value * 10_000) / 100);

const OFFER_NAMES: Record<string, string> = {
  bump: "Order bump",
  upsell: "Upsell",
  downsell: "Downsell",
  followUp: "Follow-up",
  thankYouUpsell: "Thank-you upsell",
  thankYouDownsell: "Thank-you downsell",
  thankYou: "Thank-you offer",
};

export const offerName = (offer: string): string => OFFER_NAMES[offer] ?? offer;

/** The dashboard's per-day and per-offer figures, amounts in the shop's currency as decimals, rates in percent. */
export function scoreboardCsv(board: Scoreboard): string {
  const currency = board.shopCurrency;
  const days: CsvCell[][] = [
    [
      "Date",
      "Orders",
      `Net revenue (${currency})`,
      `Average order value (${currency})`,
      ...board.offers.map((offer) => `${offerName(offer)} take rate (%)`),
    ],
    ...board.daily.map((day) => [
      day.date,
      day.orders,
      amount(day.netRevenue),
      amount(day.aov),
      ...board.offers.map((offer) => percent(day.takeRates[offer]?.value ?? null)),
    ]),
  ];
  const offers: CsvCell[][] = [
    ["Funnel", "Offer", "Impressions", "Accepts", "Declines", "Take rate (%)", `Revenue added, net of refunds (${currency})`],
    ...board.funnels.flatMap((funnel) =>
      funnel.offers.map((offer) => [
        funnel.name ?? `Deleted funnel (${funnel.funnelId})`,
        offerName(offer.offer),
        offer.impressions,
        offer.accepts,
        offer.declines,
        percent(offer.takeRate.value),
        amount(offer.revenueAdded),
      ]),
    ),
  ];
  return toCsv([...days, [], ...offers]);
}
