import { describe, expect, it } from "vitest";
import { DEFAULT_DATE_RANGE, dateRangeOf, parseDateRangeKey } from "./date-range";

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

  it("ends now and starts whole days earlier", () => {
    expect(dateRangeOf("7d", NOW, null)).toEqual({ key: "7d", from: new Date("2026-12-01T15:00:00.000Z"), to: NOW });
    expect(dateRangeOf("90d", NOW, null).from).toEqual(new Date("2026-09-09T15:00:00.000Z"));
  });

  it("starts 'since install' at the install, or at 90 days when the install is not known", () => {
    const installedAt = new Date("2026-11-20T09:30:00.000Z");
    expect(dateRangeOf("install", NOW, installedAt)).toEqual({ key: "install", from: installedAt, to: NOW });
    expect(dateRangeOf("install", NOW, null).from).toEqual(dateRangeOf("90d", NOW, null).from);
  });
});
