import { describe, expect, it } from "vitest";
import { IdError, ensureGid, isGid, legacyIdFromGid, parseGid, toGid } from "./shopify-ids";

describe("toGid", () => {
  it("builds GIDs from numbers and numeric strings", () => {
    expect(toGid("ProductVariant", 123)).toBe("gid://shopify/ProductVariant/123");
    expect(toGid("Product", "9007199254740993")).toBe("gid://shopify/Product/9007199254740993");
  });

  it("rejects bad ids and types", () => {
    for (const id of [0, -1, 1.5, Number.NaN, 2 ** 53, "", "abc", "-1", "0", "012", " 1", "1e3"]) {
      expect(() => toGid("Product", id), String(id)).toThrow(IdError);
    }
    for (const type of ["", "product", "Product/1", "Product Variant"]) {
      expect(() => toGid(type, 1), type).toThrow(/Invalid Shopify resource type/);
    }
  });
});

describe("parseGid", () => {
  it("round-trips with toGid", () => {
    const gid = toGid("ProductVariant", 44012345678901);
    expect(parseGid(gid)).toEqual({ type: "ProductVariant", id: "44012345678901" });
    expect(legacyIdFromGid(gid)).toBe(44012345678901);
  });

  it("checks the expected type", () => {
    expect(parseGid("gid://shopify/Product/5", "Product").id).toBe("5");
    expect(() => parseGid("gid://shopify/Product/5", "ProductVariant")).toThrow(
      /Expected a ProductVariant GID, got a Product GID/,
    );
  });

  it("rejects malformed GIDs with an IdError", () => {
    const bad = [
      "",
      "123",
      "gid://shopify/ProductVariant/abc",
      "gid://shopify/ProductVariant/-1",
      "gid://shopify/ProductVariant/0",
      "gid://shopify/ProductVariant/",
      "gid://shopify/ProductVariant",
      "gid://shopify//123",
      "gid://shopify/ProductVariant/1/2",
      "gid://other/ProductVariant/1",
      "GID://shopify/ProductVariant/1",
      " gid://shopify/ProductVariant/1",
      "gid://shopify/CartLine/0c5d3c1a-7f8e-4b1e-9d9e-6d6c1f0e3a2b",
    ];
    for (const gid of bad) {
      expect(() => parseGid(gid), gid).toThrow(IdError);
      expect(isGid(gid), gid).toBe(false);
    }
  });

  it("rejects GIDs with a query string explicitly", () => {
    expect(() => parseGid("gid://shopify/ProductVariant/1?foo=bar")).toThrow(/query string/);
    expect(() => parseGid("gid://other/ProductVariant/1")).toThrow(/Not a Shopify GID/);
  });
});

describe("legacyIdFromGid", () => {
  it("returns the numeric id, checking the type", () => {
    expect(legacyIdFromGid("gid://shopify/Order/450789469", "Order")).toBe(450789469);
    expect(() => legacyIdFromGid("gid://shopify/Order/1", "Customer")).toThrow(IdError);
  });

  it("refuses ids that a JavaScript number cannot hold exactly", () => {
    expect(legacyIdFromGid(`gid://shopify/Product/${Number.MAX_SAFE_INTEGER}`)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => legacyIdFromGid("gid://shopify/Product/9007199254740993")).toThrow(/too large/);
    // parseGid still gives the exact id as a string.
    expect(parseGid("gid://shopify/Product/9007199254740993").id).toBe("9007199254740993");
  });
});

describe("isGid and ensureGid", () => {
  it("recognises valid GIDs", () => {
    expect(isGid("gid://shopify/Collection/7")).toBe(true);
    expect(isGid("gid://shopify/Collection/7", "Product")).toBe(false);
    expect(isGid(7)).toBe(false);
  });

  it("normalises numbers, numeric strings and GIDs of the right type", () => {
    expect(ensureGid("Product", 42)).toBe("gid://shopify/Product/42");
    expect(ensureGid("Product", "42")).toBe("gid://shopify/Product/42");
    expect(ensureGid("Product", "gid://shopify/Product/42")).toBe("gid://shopify/Product/42");
    expect(() => ensureGid("Product", "gid://shopify/ProductVariant/42")).toThrow(IdError);
  });
});
