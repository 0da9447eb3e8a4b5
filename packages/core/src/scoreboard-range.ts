/**
 * The date range a merchant picks for the scoreboard, as the dashboard and
 * the CSV export read it from a URL: `from` and `to` are UTC calendar days
 * ("YYYY-MM-DD"), both included. Without them: the last DEFAULT_RANGE_DAYS
 * days up to today. The answer is the instant range [from, to) the
 * scoreboard is computed for, or the reason the input is refused.
 */

export const DEFAULT_RANGE_DAYS = 30;
/** The longest range one load may ask for. */
export const MAX_RANGE_DAYS = 731;

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string): Date | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const at = new Date(`${value}T00:00:00.000Z`);
  // Rejects 2026-02-30 and the like: the date must print back as given.
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value ? null : at;
}

export type RangeInput = { readonly from?: string | null; readonly to?: string | null };

export type ParsedRange =
  | { readonly ok: true; readonly range: { readonly from: Date; readonly to: Date } }
  | { readonly ok: false; readonly reason: string };

export function parseScoreboardRange(input: RangeInput, now: Date = new Date()): ParsedRange {
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const given = (value: string | null | undefined) => (value === undefined || value === null || value === "" ? null : value);
  const fromText = given(input.from);
  const toText = given(input.to);
  const to = toText === null ? today : parseDay(toText);
  if (to === null) return { ok: false, reason: `"to" must be a date as YYYY-MM-DD, got "${toText}".` };
  const from = fromText === null ? new Date(to.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS) : parseDay(fromText);
  if (from === null) return { ok: false, reason: `"from" must be a date as YYYY-MM-DD, got "${fromText}".` };
  if (from > to) return { ok: false, reason: `"from" (${fromText}) is after "to" (${toText ?? "today"}).` };
  const days = (to.getTime() - from.getTime()) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) return { ok: false, reason: `A range may cover at most ${MAX_RANGE_DAYS} days; this one covers ${days}.` };
  return { ok: true, range: { from, to: new Date(to.getTime() + DAY_MS) } };
}
