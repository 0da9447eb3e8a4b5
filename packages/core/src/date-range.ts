/**
 * The dashboard's date ranges, as they travel in a shareable URL
 * (`?range=30d`): the last 7, 30 or 90 days, or everything since the app was
 * installed. One parser for the page and its CSV export, so a link shows and
 * exports the same orders.
 *
 * Ranges are whole UTC calendar days up to and including today, as the
 * scoreboard's day totals and the CSV export (parseScoreboardRange: `from`
 * and `to` days, both included) count them: "the last 7 days" on the 8th is
 * the 2nd to the 8th. "Since install" starts at the install itself (orders
 * before it are the baseline); before anything is known about the install it
 * falls back to the longest preset.
 */

export const DATE_RANGES = ["7d", "30d", "90d", "install"] as const;
export type DateRangeKey = (typeof DATE_RANGES)[number];

export const DEFAULT_DATE_RANGE: DateRangeKey = "30d";

export const DATE_RANGE_LABELS: Record<DateRangeKey, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  install: "Since you installed Upstack",
};

const DAY_MS = 24 * 60 * 60 * 1000;
const DAYS: Record<Exclude<DateRangeKey, "install">, number> = { "7d": 7, "30d": 30, "90d": 90 };

export type DateRange = { readonly key: DateRangeKey; readonly from: Date; readonly to: Date };

export type ParsedDateRange = { ok: true; key: DateRangeKey } | { ok: false; reason: string };

/** The `range` query value: absent means the default; anything else must be one of DATE_RANGES. */
export function parseDateRangeKey(value: string | null | undefined): ParsedDateRange {
  if (value === null || value === undefined || value === "") return { ok: true, key: DEFAULT_DATE_RANGE };
  if ((DATE_RANGES as readonly string[]).includes(value)) return { ok: true, key: value as DateRangeKey };
  return {
    ok: false,
    reason: `Unknown date range "${value.slice(0, 40)}": use one of ${DATE_RANGES.join(", ")}.`,
  };
}

/** The instants a range covers, from (inclusive) to (exclusive): to is the end of today, UTC. */
export function dateRangeOf(key: DateRangeKey, now: Date, installedAt: Date | null): DateRange {
  const to = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  const daysBack = (days: number) => new Date(to.getTime() - days * DAY_MS);
  if (key === "install") {
    const from = installedAt && installedAt.getTime() <= now.getTime() ? installedAt : daysBack(DAYS["90d"]);
    return { key, from, to };
  }
  return { key, from: daysBack(DAYS[key]), to };
}

/**
 * The same range as the CSV export's `from` and `to` days (both included).
 * For "since install" the export starts on the install's day, so it also
 * lists that day's orders from before the install.
 */
export function dateRangeDays(range: { readonly from: Date; readonly to: Date }): { from: string; to: string } {
  return { from: range.from.toISOString().slice(0, 10), to: new Date(range.to.getTime() - 1).toISOString().slice(0, 10) };
}
