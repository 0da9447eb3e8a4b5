import { describe, expect, it } from "vitest";
import { DEFAULT_DATE_RANGE, dateRangeDays, dateRangeOf, parseDateRangeKey } from "./date-range";
import { parseScoreboardRange } from "./scoreboard-range";

const NOW = new Date("2026-12-08T15:00:00.000Z");

describe("the dashboard's date range", () => {
  it("reads the presets, and the default when the link names none", () => {
    expect(parseDateRangeKey("7d")).toEqual({ ok: true, key: "7d" });
    expect(parseDateRangeKey("install")).toEqual({ ok: true, key: "install" });
    expect(parseDateRangeKey(null)).toEqual({ ok: true, key: DEFAULT_DATE_RANGE });
    expect(parseDateRangeKey("")).toEqual({ ok: true, key: DEFAULT_DATE_RANGE });
  });

  it("refuses anything else with a reason that lists the choices", () => {
    const parsed = parseDateRangeKey("365d");
    expect(parsed).toEqual({ ok: false, reason: 'Unknown date range "365d": use one of 7d, 30d, 90d, install.' });
    const long = parseDateRangeKey("x".repeat(5000));
    expect(long.ok).toBe(false);
    expect(!long.ok && long.reason.length).toBeLessThan(120);
  });

  it("covers whole UTC days up to and including today", () => {
    const endOfToday = new Date("2026-12-09T00:00:00.000Z");
    expect(dateRangeOf("7d", NOW, null)).toEqual({ key: "7d", from: new Date("2026-12-02T00:00:00.000Z"), to: endOfToday });
    expect(dateRangeOf("90d", NOW, null).from).toEqual(new Date("2026-09-10T00:00:00.000Z"));
    expect(dateRangeOf("7d", new Date("2026-12-08T23:59:59.999Z"), null).to).toEqual(endOfToday);
  });

  it("starts 'since install' at the install, or at 90 days when the install is not known", () => {
    const installedAt = new Date("2026-11-20T09:30:00.000Z");
    expect(dateRangeOf("install", NOW, installedAt)).toEqual({ key: "install", from: installedAt, to: new Date("2026-12-09T00:00:00.000Z") });
    expect(dateRangeOf("install", NOW, null).from).toEqual(dateRangeOf("90d", NOW, null).from);
  });

  it("hands the CSV export the same days, which it reads back as the same instants", () => {
    for (const key of ["7d", "30d", "90d"] as const) {
      const range = dateRangeOf(key, NOW, null);
      expect(parseScoreboardRange(dateRangeDays(range), NOW)).toEqual({ ok: true, range: { from: range.from, to: range.to } });
    }
    expect(dateRangeDays(dateRangeOf("7d", NOW, null))).toEqual({ from: "2026-12-02", to: "2026-12-08" });
    expect(dateRangeDays(dateRangeOf("install", NOW, new Date("2026-11-20T09:30:00.000Z")))).toEqual({ from: "2026-11-20", to: "2026-12-08" });
  });
});
