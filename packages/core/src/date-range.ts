/**
 * The dashboard's date ranges, as they travel in a shareable URL
 * (`?range=30d`): the last 7, 30 or 90 days, or everything since the app was
 * installed. One parser for the page and its CSV export, so a link shows and
 * exports the same orders.
 *
 * A range ends now and starts N whole days earlier (N x 24 hours): "the last
 * 7 days" at 15:00 on the 8th starts at 15:00 on the 1st. "Since install"
 * starts at the install; before anything is known about the install it falls
 * back to the longest preset.
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

/** The instants a range covers, from (inclusive) to (exclusive). */
export function dateRangeOf(key: DateRangeKey, now: Date, installedAt: Date | null): DateRange {
  if (key === "install") {
    const from = installedAt && installedAt.getTime() <= now.getTime() ? installedAt : new Date(now.getTime() - DAYS["90d"] * DAY_MS);
    return { key, from, to: now };
  }
  return { key, from: new Date(now.getTime() - DAYS[key] * DAY_MS), to: now };
}
