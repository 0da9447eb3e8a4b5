import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./scoreboard-csv";
import { parseScoreboardRange } from "./scoreboard-range";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(12.5)).toBe("12.5");
  });

  it("turns text a spreadsheet would run as a formula into plain text", () => {
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
      expect(csvCell(formula).replace(/^"/, "").startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    // A negative number is a number, not a formula.
    expect(csvCell(-5)).toBe("-5");
    expect(() => csvCell(Number.NaN)).toThrow(RangeError);
  });

  it("ends every row with CRLF", () => {
    expect(toCsv([["a", 1], [], [null, "b,c"]])).toBe('a,1\r\n\r\n,"b,c"\r\n');
  });
});

describe("the scoreboard's date range", () => {
  const now = new Date("2026-11-30T15:00:00Z");

  it("includes both days given, as [from, to) instants", () => {
    expect(parseScoreboardRange({ from: "2026-11-01", to: "2026-11-03" }, now)).toEqual({
      ok: true,
      range: { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-04T00:00:00Z") },
    });
  });

  it("is the last 30 days up to today without dates", () => {
    expect(parseScoreboardRange({}, now)).toEqual({
      ok: true,
      range: { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
    });
    expect(parseScoreboardRange({ from: "", to: null }, now)).toMatchObject({ ok: true });
  });

  it("refuses bad dates and ranges with the reason", () => {
    expect(parseScoreboardRange({ from: "2026-11-31" }, now)).toEqual({ ok: false, reason: '"from" must be a date as YYYY-MM-DD, got "2026-11-31".' });
    expect(parseScoreboardRange({ to: "11/03/2026" }, now)).toMatchObject({ ok: false });
    expect(parseScoreboardRange({ from: "2026-11-04", to: "2026-11-03" }, now)).toMatchObject({ ok: false });
    expect(parseScoreboardRange({ from: "2024-11-29", to: "2026-11-30" }, now)).toMatchObject({ ok: false });
    expect(parseScoreboardRange({ from: "2024-11-30", to: "2026-11-30" }, now)).toMatchObject({ ok: true });
  });
});
