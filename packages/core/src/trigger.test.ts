import { describe, expect, it } from "vitest";
import type { Purchase, Trigger, TriggerMatch } from "./funnel";
import { money } from "./money";
import { product } from "./test-fixtures";
import { matchesTrigger, productsInCollection, summarizeTrigger } from "./trigger";

const usd = (amount: number) => money(amount, "USD");
const course = product("Course", 9700);
const workbook = product("Workbook", 2700);
const mug = product("Mug", 1500);

const trigger = (match: TriggerMatch, minSubtotal: number | null = null, maxSubtotal: number | null = null): Trigger => ({
  match,
  minSubtotal: minSubtotal === null ? null : usd(minSubtotal),
  maxSubtotal: maxSubtotal === null ? null : usd(maxSubtotal),
});

const cart = (items: { p: typeof course; quantity?: number }[], subtotal = 10_000): Purchase => ({
  lines: items.map(({ p, quantity = 1 }) => ({ productId: p.productId, variantId: p.variantId, quantity })),
  subtotal: usd(subtotal),
});

const skincare = "gid://shopify/Collection/412345678901";

describe("matchesTrigger", () => {
  it("matches any order", () => {
    expect(matchesTrigger(trigger({ type: "any_order" }), cart([{ p: mug }]))).toBe(true);
  });

  it("matches when any line is one of the trigger products", () => {
    const t = trigger({ type: "products", products: [course, workbook] });
    expect(matchesTrigger(t, cart([{ p: mug }, { p: workbook }]))).toBe(true);
    expect(matchesTrigger(t, cart([{ p: mug }]))).toBe(false);
  });

  it("matches variants by variant id, not by product", () => {
    const large = { ...course, variantId: "gid://shopify/ProductVariant/45000000000001", variantTitle: "Large" };
    const t = trigger({ type: "variants", variants: [large] });
    expect(matchesTrigger(t, cart([{ p: course }]))).toBe(false);
    expect(matchesTrigger(t, cart([{ p: large }]))).toBe(true);
  });

  it("matches collections through the products the server resolved them to", () => {
    const t = trigger({
      type: "collections",
      collections: [
        { collectionId: skincare, title: "Skincare" },
        { collectionId: "gid://shopify/Collection/2", title: "Gifts" },
      ],
    });
    const resolved = new Map([
      [skincare, [mug.productId]],
      ["gid://shopify/Collection/2", [workbook.productId]],
    ]);
    expect(matchesTrigger(t, cart([{ p: course }, { p: mug }]), resolved)).toBe(true);
    expect(matchesTrigger(t, cart([{ p: workbook }]), resolved)).toBe(true);
    expect(matchesTrigger(t, cart([{ p: course }]), resolved)).toBe(false);
    // The same map as a plain object, as JSON would carry it.
    expect(matchesTrigger(t, cart([{ p: mug }]), { [skincare]: [mug.productId] })).toBe(true);
  });

  it("matches nothing for a collection the map does not resolve, or without a map", () => {
    const t = trigger({ type: "collections", collections: [{ collectionId: skincare, title: "Skincare" }] });
    expect(matchesTrigger(t, cart([{ p: mug }]))).toBe(false);
    expect(matchesTrigger(t, cart([{ p: mug }]), new Map([["gid://shopify/Collection/1", [mug.productId]]]))).toBe(false);
    expect(matchesTrigger(t, cart([{ p: mug }]), { toString: [mug.productId] } as Record<string, string[]>)).toBe(false);
    expect(productsInCollection({}, "constructor")).toEqual([]);
  });

  it("ignores lines with no quantity and matches nothing for an empty list", () => {
    expect(matchesTrigger(trigger({ type: "products", products: [course] }), cart([{ p: course, quantity: 0 }]))).toBe(false);
    expect(matchesTrigger(trigger({ type: "products", products: [] }), cart([{ p: course }]))).toBe(false);
  });

  it("applies inclusive subtotal bounds", () => {
    const t = trigger({ type: "any_order" }, 5000, 10_000);
    expect(matchesTrigger(t, cart([{ p: mug }], 4999))).toBe(false);
    expect(matchesTrigger(t, cart([{ p: mug }], 5000))).toBe(true);
    expect(matchesTrigger(t, cart([{ p: mug }], 10_000))).toBe(true);
    expect(matchesTrigger(t, cart([{ p: mug }], 10_001))).toBe(false);
  });

  it("fails closed when the subtotal is in another currency than a bound", () => {
    const t = trigger({ type: "any_order" }, 5000);
    expect(matchesTrigger(t, { lines: cart([{ p: mug }]).lines, subtotal: money(900_000, "EUR") })).toBe(false);
    const max = trigger({ type: "any_order" }, null, 10_000);
    expect(matchesTrigger(max, { lines: cart([{ p: mug }]).lines, subtotal: money(1, "EUR") })).toBe(false);
    // Without bounds the currency does not matter.
    expect(matchesTrigger(trigger({ type: "any_order" }), { lines: [], subtotal: money(1, "EUR") })).toBe(true);
  });
});

describe("summarizeTrigger", () => {
  it("describes the match in a few words", () => {
    expect(summarizeTrigger(trigger({ type: "any_order" }))).toBe("Any order");
    expect(summarizeTrigger(trigger({ type: "products", products: [course] }))).toBe("Course");
    expect(summarizeTrigger(trigger({ type: "products", products: [course, workbook] }))).toBe("Course (2 products)");
    expect(summarizeTrigger(trigger({ type: "variants", variants: [{ ...course, variantTitle: "Lifetime" }] }))).toBe(
      "Course – Lifetime",
    );
    expect(summarizeTrigger(trigger({ type: "collections", collections: [{ collectionId: skincare, title: "Skincare" }] }))).toBe(
      "Skincare collection",
    );
    expect(summarizeTrigger(trigger({ type: "products", products: [] }))).toBe("No product chosen");
  });

  it("adds the subtotal bounds", () => {
    const set = product("Skincare set", 6000);
    expect(summarizeTrigger(trigger({ type: "products", products: [set] }, 5000))).toBe("Skincare set · $50.00 or more");
    expect(summarizeTrigger(trigger({ type: "any_order" }, null, 20_000))).toBe("Any order · up to $200.00");
    expect(summarizeTrigger(trigger({ type: "any_order" }, 5000, 20_000))).toBe("Any order · $50.00–$200.00");
  });

  it("takes an injected money formatter", () => {
    const text = summarizeTrigger(trigger({ type: "any_order" }, 5000), (m) => `${m.amount} ${m.currency}`);
    expect(text).toBe("Any order · 5000 USD or more");
  });
});
