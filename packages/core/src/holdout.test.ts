import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, checkoutHeldOut, fnv1a32, holdoutBuckets, isHeldOut, parseHoldoutPercent } from "./holdout";

// Checkout-token-like keys: sequential, so they differ only in their last characters.
const keys = Array.from({ length: 100_000 }, (_, index) => `c1-checkout-token-${index}`);

describe("fnv1a32", () => {
  it("matches the published FNV-1a test vectors, so every surface computes the same hash", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("hashes UTF-8 bytes, not UTF-16 code units", () => {
    // "é" is the two bytes C3 A9 in UTF-8.
    const expected = Math.imul(Math.imul(0x811c9dc5 ^ 0xc3, 0x01000193) ^ 0xa9, 0x01000193) >>> 0;
    expect(fnv1a32("é")).toBe(expected);
  });
});

describe("holdout", () => {
  it("gives the same answer for the same purchase every time (a pinned value guards every surface)", () => {
    expect(bucketOf("holdout", "c1-checkout-token-0")).toBe(bucketOf("holdout", "c1-checkout-token-0"));
    // Pinned: changing the hash would move purchases between holdout and offers mid-flight.
    expect(keys.slice(0, 8).map((key) => bucketOf("holdout", key))).toEqual([456, 581, 5994, 5278, 9933, 4767, 5092, 1845]);
  });

  it("holds out no one at the default share of 0", () => {
    expect(keys.filter((key) => isHeldOut(key)).length).toBe(0);
    expect(keys.filter((key) => isHeldOut(key, 0)).length).toBe(0);
  });

  it("holds out everyone at 100%", () => {
    expect(keys.slice(0, 1000).every((key) => isHeldOut(key, 100))).toBe(true);
  });

  it("holds out 10% of 100,000 purchases within half a point", () => {
    const heldOut = keys.filter((key) => isHeldOut(key, 10)).length;
    // Binomial sd at n=100k, p=0.1 is ~95 purchases; 500 is over 5 sd.
    expect(Math.abs(heldOut - 10_000)).toBeLessThan(500);
  });

  it("spreads keys evenly over the buckets (each tenth gets 10% within half a point)", () => {
    const tenths = Array.from({ length: 10 }, () => 0);
    for (const key of keys) {
      const tenth = Math.floor((bucketOf("holdout", key) * 10) / BUCKETS);
      tenths[tenth] = (tenths[tenth] ?? 0) + 1;
    }
    for (const count of tenths) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it("only adds purchases when the share grows", () => {
    for (const key of keys.slice(0, 5000)) {
      if (isHeldOut(key, 5)) expect(isHeldOut(key, 10)).toBe(true);
    }
  });

  it("refuses a share outside 0-100 or with more than 2 decimals", () => {
    expect(holdoutBuckets(12.5)).toBe(1250);
    expect(() => holdoutBuckets(-1)).toThrow(RangeError);
    expect(() => holdoutBuckets(101)).toThrow(RangeError);
    expect(() => holdoutBuckets(Number.NaN)).toThrow(RangeError);
    expect(() => holdoutBuckets(10.001)).toThrow(/2 decimal/);
  });
});

describe("checkoutHeldOut (the checkout card's answer)", () => {
  it("agrees with isHeldOut for the same checkout token, so the card and the post-purchase page agree", () => {
    for (const key of keys.slice(0, 2000)) expect(checkoutHeldOut(10, key)).toBe(isHeldOut(key, 10));
  });

  it("shows the card to everyone without a share, even before the token is known", () => {
    expect(checkoutHeldOut(undefined, undefined)).toBe(false);
    expect(checkoutHeldOut(0, null)).toBe(false);
  });

  it("shows nothing while the token is unknown, or for a share no setting could save", () => {
    expect(checkoutHeldOut(10, undefined)).toBe(true);
    expect(checkoutHeldOut(10, "")).toBe(true);
    expect(checkoutHeldOut(10.001, keys[0])).toBe(true);
  });
});

describe("parseHoldoutPercent (the settings field)", () => {
  it("reads what a merchant types", () => {
    expect(parseHoldoutPercent("10")).toEqual({ ok: true, percent: 10 });
    expect(parseHoldoutPercent(" 12.5 % ")).toEqual({ ok: true, percent: 12.5 });
    expect(parseHoldoutPercent("7,25")).toEqual({ ok: true, percent: 7.25 });
    expect(parseHoldoutPercent("0")).toEqual({ ok: true, percent: 0 });
    expect(parseHoldoutPercent("100")).toEqual({ ok: true, percent: 100 });
  });

  it("says what is wrong with anything else", () => {
    expect(parseHoldoutPercent("")).toMatchObject({ ok: false, error: expect.stringMatching(/0 to 100/) });
    expect(parseHoldoutPercent(null)).toMatchObject({ ok: false });
    expect(parseHoldoutPercent("-5")).toMatchObject({ ok: false, error: expect.stringMatching(/number/) });
    expect(parseHoldoutPercent("ten")).toMatchObject({ ok: false, error: expect.stringMatching(/number/) });
    expect(parseHoldoutPercent("10.125")).toMatchObject({ ok: false, error: expect.stringMatching(/2 decimal/) });
    expect(parseHoldoutPercent("100.01")).toMatchObject({ ok: false, error: expect.stringMatching(/more than 100/) });
  });

  it("accepts only shares isHeldOut accepts", () => {
    for (const text of ["0.01", "33.33", "99.99"]) {
      const parsed = parseHoldoutPercent(text);
      expect(parsed.ok && holdoutBuckets(parsed.percent)).toBe(Math.round(Number(text) * 100));
    }
  });
});
