import { describe, expect, it } from "vitest";
import {
  ConfigTooLargeError,
  DISCOUNT_CONFIG_LIMIT_BYTES,
  type DiscountCart,
  type DiscountCartLine,
  type DiscountConfig,
  discountConfigSize,
  discountedBumpLines,
  parseDiscountConfig,
  utf8ByteLength,
} from "./discount-config";
import type { Funnel, OfferDiscount, OfferProduct } from "./funnel";
import { fixedAmountOff, money, percentageOff, toDecimalString } from "./money";
import { offerPrice } from "./offer-pricing";
import { buildDiscountConfig } from "./published-config";
import { bump, funnel, product } from "./test-fixtures";

const usd = (amount: number) => money(amount, "USD");
const course = product("Course", 9700, { productId: 8_812_345_678_901, variantId: 45_123_456_789_012 });
const workbook = product("Workbook", 3600, { productId: 8_812_345_678_902, variantId: 45_123_456_789_013 });
const mug = product("Mug", 1500, { productId: 8_812_345_678_903, variantId: 45_123_456_789_014 });
const coaster = product("Coaster", 500, { productId: 8_812_345_678_904, variantId: 45_123_456_789_015 });

const courseFunnel = (discount: OfferDiscount = { type: "percentage", percent: 25 }, overrides: Partial<Funnel> = {}) =>
  funnel(course, { id: "course", bump: bump(workbook, discount), ...overrides });
const configFor = (funnels: Funnel[]) => buildDiscountConfig(funnels, "USD").config;

let lineNumber = 0;
/** What a test says about a line; `line` turns it into the Function's input (Shopify's shape). */
type LineFacts = {
  variantId?: number | string | null;
  productId?: number | string;
  /** Minor units; undefined: an amount that doesn't parse. */
  unitPrice?: number;
  attributeOffer?: string | null;
};
const gid = (type: string, id: number | string) => (typeof id === "number" ? `gid://shopify/${type}/${id}` : id);
/** A cart line at the product's price, as the Function's input query returns it. */
const line = (p: OfferProduct, quantity = 1, extra: LineFacts = {}): DiscountCartLine => {
  const facts: LineFacts = { variantId: p.variantId, productId: p.productId, unitPrice: p.price.amount, ...extra };
  return {
    id: `gid://shopify/CartLine/${++lineNumber}`,
    quantity,
    attribute: facts.attributeOffer ? { value: facts.attributeOffer } : null,
    cost: { amountPerQuantity: { amount: facts.unitPrice === undefined ? "" : toDecimalString(usd(facts.unitPrice)) } },
    // A custom item (no variant) selects nothing.
    merchandise:
      facts.variantId === null || facts.variantId === undefined
        ? {}
        : { id: gid("ProductVariant", facts.variantId), product: { id: gid("Product", facts.productId ?? 0) } },
  };
};
const cartIn = (lines: DiscountCartLine[], subtotal: number, currency: string): DiscountCart => ({
  lines,
  cost: { subtotalAmount: { amount: toDecimalString(money(subtotal, currency)), currencyCode: currency } },
});
const cart = (lines: DiscountCartLine[], subtotal = 20_000): DiscountCart => cartIn(lines, subtotal, "USD");

describe("buildDiscountConfig", () => {
  it("writes only what the Function needs, with numeric ids and short keys", () => {
    const result = buildDiscountConfig([courseFunnel()], "USD");
    expect(result.config).toEqual({
      v: 1,
      c: "USD",
      m: "Add-on offer",
      f: [{ b: 45123456789013, p: [8812345678901], q: 1, d: 25 }],
    });
    expect(result.bytes).toBe(utf8ByteLength(JSON.stringify(result.config)));
    expect(result.fits).toBe(true);
  });

  it("encodes each trigger kind, bounds, fixed amounts and no discount", () => {
    const anyOrder = funnel(null, { id: "any", priority: 3, bump: bump(coaster, { type: "fixed_amount", amount: 150 }, 2) });
    const byVariant = funnel(null, {
      id: "variant",
      priority: 2,
      bump: bump(mug),
      trigger: { match: { type: "variants", variants: [course] }, minSubtotal: usd(5000), maxSubtotal: usd(50_000) },
    });
    const { config } = buildDiscountConfig([byVariant, anyOrder], "USD", { message: "Bundle price" });
    expect(config.m).toBe("Bundle price");
    expect(config.f).toEqual([
      { b: 45123456789015, a: 1, q: 2, f: 150 },
      { b: 45123456789014, v: [45123456789012], n: 5000, x: 50_000, q: 1 },
    ]);
  });

  it("is the same document whatever order the funnels come in", () => {
    const funnels = [
      courseFunnel(undefined, { id: "b", priority: 1 }),
      funnel(mug, { id: "a", priority: 1, bump: bump(coaster) }),
      funnel(course, { id: "c", priority: 4, bump: bump(coaster, { type: "percentage", percent: 10 }) }),
    ];
    const expected = JSON.stringify(configFor(funnels));
    expect(JSON.stringify(configFor([...funnels].reverse()))).toBe(expected);
    expect(JSON.stringify(configFor([funnels[1], funnels[2], funnels[0]] as Funnel[]))).toBe(expected);
  });

  it("fits 50 active funnels with realistic ids and long names", () => {
    const funnels = Array.from({ length: 50 }, (_, i) =>
      funnel(null, {
        id: `clx${String(i).padStart(22, "0")}`,
        name: `Spring skincare launch – bundle offer number ${i} for returning customers`,
        priority: i % 5,
        createdAt: `2025-0${1 + (i % 9)}-01T00:00:00.000Z`,
        trigger: {
          match: {
            type: "products",
            products: [0, 1, 2].map((k) => product(`Core ${i}-${k}`, 9700, { productId: 9_876_543_210_000 + i * 10 + k })),
          },
          minSubtotal: usd(5000),
          maxSubtotal: null,
        },
        bump: bump(product(`Travel size ${i}`, 1500, { productId: 9_876_543_211_000 + i, variantId: 49_876_543_210_000 + i }), {
          type: "percentage",
          percent: 12.5,
        }),
      }),
    );
    const result = buildDiscountConfig(funnels, "USD");
    expect(result.config.f).toHaveLength(50);
    expect(result.fits).toBe(true);
    expect(result.bytes).toBeLessThanOrEqual(DISCOUNT_CONFIG_LIMIT_BYTES);
    expect(JSON.stringify(result.config)).not.toContain("Spring skincare");
  });

  it("refuses, with a message for the merchant, a config above Shopify's 10 KB instead of truncating it", () => {
    const funnels = Array.from({ length: 400 }, (_, i) =>
      funnel(product(`Core ${i}`, 9700, { productId: 9_876_543_210_000 + i }), {
        id: `f${i}`,
        bump: bump(product(`Bump ${i}`, 1500, { productId: 9_876_543_220_000 + i, variantId: 49_876_543_210_000 + i }), {
          type: "percentage",
          percent: 20,
        }),
      }),
    );
    expect(() => buildDiscountConfig(funnels, "USD")).toThrow(ConfigTooLargeError);
    try {
      buildDiscountConfig(funnels, "USD");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigTooLargeError);
      const tooLarge = error as ConfigTooLargeError;
      expect(tooLarge.bytes).toBeGreaterThan(DISCOUNT_CONFIG_LIMIT_BYTES);
      expect(tooLarge.message).toMatch(
        /^Your active bumps need \d+(\.\d)? KB of discount settings; Shopify allows 10 KB\. Pause some funnels or trigger them on fewer products, then publish again\.$/,
      );
    }
    const measured = buildDiscountConfig(funnels, "USD", { allowTooLarge: true });
    expect(measured.fits).toBe(false);
    expect(measured.config.f).toHaveLength(400);
  });

  it("counts bytes, not characters", () => {
    for (const text of ["plain", "Crème brûlée", "日本語", "emoji 🎁 gift", "", "\u007f\u0080\u07ff\u0800\uffff"]) {
      expect(utf8ByteLength(text), text).toBe(new TextEncoder().encode(text).length);
    }
    const config: DiscountConfig = { v: 1, c: "USD", m: "Offre spéciale 🎁", f: [] };
    expect(discountConfigSize(config)).toBe(new TextEncoder().encode(JSON.stringify(config)).length);
  });
});

describe("parseDiscountConfig", () => {
  // The course funnel first (priority 1), the "any order" one with a fixed amount second.
  const valid = configFor([courseFunnel(undefined, { priority: 1 }), funnel(null, { id: "any", bump: bump(mug, { type: "fixed_amount", amount: 200 }) })]);

  it("accepts what was built, as an object or a JSON string", () => {
    expect(parseDiscountConfig(JSON.stringify(valid))).toEqual(valid);
    expect(parseDiscountConfig(structuredClone(valid))).toEqual(valid);
  });

  const broken = (change: (doc: { f: Record<string, unknown>[] } & Record<string, unknown>) => void) => {
    const doc = structuredClone(valid) as unknown as { f: Record<string, unknown>[] } & Record<string, unknown>;
    change(doc);
    return doc;
  };
  const first = (doc: { f: Record<string, unknown>[] }) => doc.f[0] as Record<string, unknown>;

  it.each([
    ["nothing", undefined],
    ["broken JSON", '{"v":1,'],
    ["version 2", broken((d) => (d.v = 2))],
    ["no currency", broken((d) => delete d.c)],
    ["no message", broken((d) => delete d.m)],
    ["funnels not a list", broken((d) => (d.f = {} as never))],
    ["a funnel that is no object", broken((d) => (d.f[1] = 3 as never))],
  ])("rejects %s (the Function then discounts nothing)", (_what, doc) => {
    expect(parseDiscountConfig(doc)).toBeNull();
  });

  // A funnel's fields are checked by discountedBumpLines, for the funnels whose bump is in the cart.
  const bothBumps = () => cart([line(course), line(workbook), line(mug)]);
  const decided = (doc: unknown) => {
    const config = parseDiscountConfig(doc);
    return config ? discountedBumpLines(config, bothBumps()) : null;
  };

  it("discounts both bumps with the valid document", () => {
    expect(decided(valid)).toHaveLength(2);
  });

  it.each([
    ["no trigger", broken((d) => delete first(d).p)],
    ["two triggers", broken((d) => (first(d).a = 1))],
    ["an empty product list", broken((d) => (first(d).p = []))],
    ["a product id that is a GID", broken((d) => (first(d).p = ["gid://shopify/Product/8812345678901"]))],
    ["a zero quantity", broken((d) => (first(d).q = 0))],
    ["a percentage over 100", broken((d) => (first(d).d = 120))],
    ["a percentage with 5 decimals", broken((d) => (first(d).d = 12.34567))],
    ["both a percentage and a fixed amount", broken((d) => (first(d).f = 100))],
    ["a fractional fixed amount", broken((d) => ((d.f[1] as Record<string, unknown>).f = 1.5))],
    ["a negative bound", broken((d) => (first(d).n = -1))],
    ["a bump id given as a numeric string", broken((d) => (first(d).b = "45123456789013"))],
  ])("discounts nothing at all when a funnel whose bump is in the cart has %s", (_what, doc) => {
    expect(decided(doc)).toEqual([]);
  });

  it("does not read a funnel whose bump is not in the cart: a malformed one there decides nothing", () => {
    // Its bump never matches a line, so it can neither discount nor own a variant.
    expect(decided(broken((d) => (first(d).b = "gid://shopify/ProductVariant/45123456789013")))?.map((c) => c.value)).toEqual([
      { fixedAmountPerUnit: 200 },
    ]);
    const elsewhere = broken((d) => d.f.push({ b: 45_123_456_789_099, q: 0, p: [] }));
    const amounts = (doc: unknown) => decided(doc)?.map((c) => [c.quantity, c.value]);
    expect(amounts(elsewhere)).toEqual(amounts(valid));
    expect(amounts(elsewhere)).toHaveLength(2);
  });
});

describe("discountedBumpLines", () => {
  const config = configFor([courseFunnel()]);

  it("discounts the bump line when its core product is in the cart", () => {
    const bumpLine = line(workbook);
    expect(discountedBumpLines(config, cart([line(course), bumpLine]))).toEqual([
      { lineId: bumpLine.id, quantity: 1, value: { fixedAmountPerUnit: 900 }, message: "Add-on offer" },
    ]);
  });

  it("removes the discount when the core product is removed", () => {
    expect(discountedBumpLines(config, cart([line(workbook)]))).toEqual([]);
    expect(discountedBumpLines(config, cart([line(course, 0), line(workbook)]))).toEqual([]);
    expect(discountedBumpLines(config, cart([line(mug), line(workbook)]))).toEqual([]);
  });

  it("never discounts a line because of its offer attribute alone", () => {
    const tagged = line(workbook, 1, { attributeOffer: "course" });
    expect(discountedBumpLines(config, cart([tagged]))).toEqual([]);
    expect(discountedBumpLines(config, cart([line(mug, 1, { attributeOffer: "course" }), tagged]))).toEqual([]);
  });

  it("discounts only the bump variant, up to the bump quantity, tagged lines first", () => {
    const plain = line(workbook, 3);
    const tagged = line(workbook, 1, { attributeOffer: "course" });
    const candidates = discountedBumpLines(config, cart([line(course), plain, tagged, line(mug, 4)]));
    expect(candidates.map((c) => [c.lineId, c.quantity])).toEqual([[tagged.id, 1]]);

    const two = configFor([funnel(course, { bump: bump(workbook, { type: "percentage", percent: 25 }, 2) })]);
    const split = discountedBumpLines(two, cart([line(course), plain, tagged]));
    expect(split.map((c) => [c.lineId, c.quantity])).toEqual([
      [tagged.id, 1],
      [plain.id, 1],
    ]);
  });

  it("charges exactly what the checkout showed when the unit price is known", () => {
    // 15% of $19.99: money.ts takes $3.00 off each unit.
    const tee = product("Tee", 1999, { productId: 8_812_345_678_905, variantId: 45_123_456_789_016 });
    const teeConfig = configFor([funnel(course, { bump: bump(tee, { type: "percentage", percent: 15 }, 3) })]);
    const [candidate] = discountedBumpLines(teeConfig, cart([line(course), line(tee, 3, { unitPrice: 1999 })]));
    const shown = offerPrice({ product: tee, quantity: 3, discount: { type: "percentage", percent: 15 } });
    expect(candidate?.value).toEqual({ fixedAmountPerUnit: 300 });
    expect(1999 * 3 - 300 * 3).toBe(shown.offer.amount);
  });

  it("passes fixed amounts per unit", () => {
    const fixed = configFor([courseFunnel({ type: "fixed_amount", amount: 900 })]);
    expect(discountedBumpLines(fixed, cart([line(course), line(workbook)]))[0]?.value).toEqual({ fixedAmountPerUnit: 900 });
  });

  it("never discounts a bump to 0.00: a price fallen to or below the fixed amount gets no discount", () => {
    // Published when the workbook cost $36; its price is now $9, or $5.
    const nineOff = configFor([courseFunnel({ type: "fixed_amount", amount: 900 })]);
    expect(discountedBumpLines(nineOff, cart([line(course), line(workbook, 1, { unitPrice: 900 })]))).toEqual([]);
    expect(discountedBumpLines(nineOff, cart([line(course), line(workbook, 1, { unitPrice: 500 })]))).toEqual([]);
    // One cent left to pay is still an offer.
    expect(discountedBumpLines(nineOff, cart([line(course), line(workbook, 1, { unitPrice: 901 })]))[0]?.value).toEqual({ fixedAmountPerUnit: 900 });
    const allOff = configFor([courseFunnel({ type: "percentage", percent: 100 })]);
    expect(discountedBumpLines(allOff, cart([line(course), line(workbook)]))).toEqual([]);
    // Without a bump line's price nothing shows the buyer would pay something, and the bounds would count it: no discount.
    expect(discountedBumpLines(nineOff, cart([line(course), line(workbook, 1, { unitPrice: undefined })]))).toEqual([]);
    expect(discountedBumpLines(nineOff, cart([line(course), line(workbook, 1, { unitPrice: undefined }), line(workbook)]))).toEqual([]);
  });

  it("lets a gift (a core line priced 0.00) qualify no bump", () => {
    expect(discountedBumpLines(config, cart([line(course, 1, { unitPrice: 0 }), line(workbook)]))).toEqual([]);
    const any = configFor([funnel(null, { bump: bump(workbook, { type: "percentage", percent: 20 }) })]);
    expect(discountedBumpLines(any, cart([line(mug, 1, { unitPrice: 0 }), line(workbook)]))).toEqual([]);
    // Gifts first, then a paid line no funnel names: that one qualifies.
    expect(discountedBumpLines(any, cart([line(mug, 1, { unitPrice: 0 }), line(mug, 1, { unitPrice: 0 }), line(coaster), line(workbook)]))).toHaveLength(1);
    // A paid line beside the gift does.
    expect(discountedBumpLines(config, cart([line(course, 1, { unitPrice: 0 }), line(course), line(workbook)]))).toHaveLength(1);
  });

  it("does not let two bumps qualify each other with nothing else in the cart", () => {
    // The course funnel bumps the workbook; the workbook funnel bumps the course. Either may come first.
    for (const workbookFirst of [false, true]) {
      const workbookFunnel = funnel(workbook, { id: "workbook", priority: workbookFirst ? 1 : -1, bump: bump(course, { type: "percentage", percent: 10 }) });
      const both = configFor([courseFunnel(), workbookFunnel]);
      const courseLine = line(course);
      const workbookLine = line(workbook);
      // The first funnel discounts its bump; its core stays at full price and is no bump of the other.
      expect(discountedBumpLines(both, cart([courseLine, workbookLine])).map((c) => c.lineId)).toEqual([
        workbookFirst ? courseLine.id : workbookLine.id,
      ]);
    }
  });

  it("does not let a discounted bump qualify another funnel's bump", () => {
    // Course -> workbook, then workbook -> mug.
    const workbookFunnel = funnel(workbook, { id: "workbook", priority: -1, bump: bump(mug, { type: "percentage", percent: 10 }) });
    const chain = configFor([courseFunnel(), workbookFunnel]);
    const workbookLine = line(workbook);
    expect(discountedBumpLines(chain, cart([line(course), workbookLine, line(mug)])).map((c) => c.lineId)).toEqual([workbookLine.id]);
    // A second workbook, bought at full price, does qualify the mug.
    expect(discountedBumpLines(chain, cart([line(course), line(workbook, 2), line(mug)]))).toHaveLength(2);
  });

  it("keeps the core of a discounted bump at full price: a later funnel cannot discount it as its bump", () => {
    // Course funnel: workbook 25% off. Mug funnel (lower): course 10% off. The mug is paid for.
    const mugFunnel = funnel(mug, { id: "mug", priority: -1, bump: bump(course, { type: "percentage", percent: 10 }) });
    const both = configFor([courseFunnel(), mugFunnel]);
    const workbookLine = line(workbook);
    expect(discountedBumpLines(both, cart([line(course), workbookLine, line(mug)])).map((c) => c.lineId)).toEqual([workbookLine.id]);
    // A second course is not needed as a core: it can be the mug funnel's bump.
    const courses = line(course, 2);
    expect(discountedBumpLines(both, cart([courses, line(workbook), line(mug)])).map((c) => [c.lineId, c.quantity])).toEqual([
      [expect.any(String), 1],
      [courses.id, 1],
    ]);
    // A funnel whose bump is not in the cart reserves nothing.
    expect(discountedBumpLines(both, cart([line(course), line(mug)])).map((c) => c.lineId)).toHaveLength(1);
  });

  it("reads the GIDs Shopify sends: another resource's GID or a custom item matches nothing", () => {
    const wrongType = { ...line(course), merchandise: { id: "gid://shopify/ProductVariant/1", product: { id: "gid://shopify/Collection/8812345678901" } } };
    expect(discountedBumpLines(config, cart([wrongType, line(workbook)]))).toEqual([]);
    const any = configFor([funnel(null, { bump: bump(workbook, { type: "percentage", percent: 20 }) })]);
    expect(discountedBumpLines(any, cart([line(mug, 1, { variantId: null }), line(workbook)]))).toHaveLength(1);
    expect(discountedBumpLines(any, cart([line(mug, 1, { variantId: null, unitPrice: 0 }), line(workbook)]))).toEqual([]);
  });

  it("applies the subtotal bounds without the bump lines' cost", () => {
    const bounded = configFor([
      courseFunnel(undefined, { trigger: { match: { type: "products", products: [course] }, minSubtotal: usd(5000), maxSubtotal: usd(10_000) } }),
    ]);
    expect(discountedBumpLines(bounded, cart([line(course), line(workbook)], 13_300))).toHaveLength(1);
    expect(discountedBumpLines(bounded, cart([line(course), line(mug), line(workbook)], 14_800))).toEqual([]);
    // Two units of the bump leave $72.00 out of the bounds.
    expect(discountedBumpLines(bounded, cart([line(course), line(workbook, 2)], 16_900))).toHaveLength(1);
    expect(discountedBumpLines(bounded, cart([line(course), line(workbook)], 4000))).toEqual([]);
  });

  it("discounts nothing when the cart is in another currency", () => {
    expect(discountedBumpLines(config, cartIn([line(course), line(workbook)], 20_000, "EUR"))).toEqual([]);
  });

  it("decides two funnels deterministically: the higher one owns a shared bump, each discounts its own", () => {
    const high = funnel(mug, { id: "high", priority: 5, bump: bump(workbook, { type: "percentage", percent: 10 }) });
    const low = courseFunnel({ type: "percentage", percent: 50 }, { id: "low", priority: 1 });
    for (const order of [[high, low], [low, high]]) {
      const shared = configFor(order);
      const bumpLine = line(workbook);
      expect(discountedBumpLines(shared, cart([line(course), line(mug), bumpLine]))).toEqual([
        { lineId: bumpLine.id, quantity: 1, value: { fixedAmountPerUnit: 360 }, message: "Add-on offer" },
      ]);
      // Without the mug the high funnel does not match; the course funnel's 50% applies.
      expect(discountedBumpLines(shared, cart([line(course), bumpLine]))[0]?.value).toEqual({ fixedAmountPerUnit: 1800 });
    }

    // A winning funnel without a discount still owns its bump variant: the checkout showed the full price.
    const fullPrice = funnel(mug, { id: "full", priority: 9, bump: bump(workbook) });
    expect(discountedBumpLines(configFor([fullPrice, low]), cart([line(course), line(mug), line(workbook)]))).toEqual([]);

    const separate = configFor([low, funnel(mug, { id: "mug", priority: 5, bump: bump(coaster, { type: "percentage", percent: 10 }) })]);
    const result = discountedBumpLines(separate, cart([line(course), line(mug), line(workbook), line(coaster)]));
    expect(result.map((c) => c.value)).toEqual([{ fixedAmountPerUnit: 50 }, { fixedAmountPerUnit: 1800 }]);
  });

  it("needs something besides the bump for an 'any order' funnel", () => {
    const any = configFor([funnel(null, { bump: bump(workbook, { type: "percentage", percent: 20 }) })]);
    expect(discountedBumpLines(any, cart([line(workbook, 2)]))).toEqual([]);
    expect(discountedBumpLines(any, cart([line(mug), line(workbook, 2)]))).toHaveLength(1);
  });
});

describe("discountedBumpLines, against the plain reading of its rules", () => {
  /** A line as the rules speak of it: numeric ids (NaN: none), a unit price (undefined: an amount that doesn't parse). */
  type Facts = { id: string; variant: number; product: number; quantity: number; unitPrice: number | undefined; marked: boolean };

  // The rules as first written: every funnel scans the whole cart. The real
  // implementation reads the cart once or twice and only the lines that can
  // matter (the Function's instruction budget); on any cart and config, both
  // must decide the same.
  function reference(config: DiscountConfig, facts: Facts[], subtotal: number) {
    const bumpVariants = new Set(config.f.map((f) => f.b));
    if (facts.some((l) => bumpVariants.has(l.variant) && l.unitPrice === undefined)) return [];
    const lines = facts
      .filter((l) => Number.isSafeInteger(l.quantity) && l.quantity >= 1)
      .map((line) => ({ line, discounted: 0, core: false }));
    const decided = new Set<number>();
    const out: { lineId: string; quantity: number; value: unknown }[] = [];
    for (const f of config.f) {
      if (decided.has(f.b)) continue;
      // A purchase: not the bump itself, not a gift, not already discounted as a bump.
      const bought = lines.filter((e) => e.line.variant !== f.b && e.line.unitPrice !== 0 && e.discounted < e.line.quantity);
      const core =
        f.a === 1
          ? bought[0]
          : [
              ...(f.v ?? []).flatMap((v) => bought.filter((e) => e.line.variant === v)),
              ...(f.p ?? []).flatMap((p) => bought.filter((e) => e.line.product === p)),
            ][0];
      const bumps = lines.filter((e) => e.line.variant === f.b);
      const rest = bumps.reduce((sum, { line }) => sum - (line.unitPrice ?? 0) * line.quantity, subtotal);
      if (!core || (f.n !== undefined && rest < f.n) || (f.x !== undefined && rest > f.x)) continue;
      decided.add(f.b);
      if (f.d === undefined && f.f === undefined) continue;
      let remaining = f.q;
      for (const entry of [...bumps].sort((a, b) => Number(!a.line.marked) - Number(!b.line.marked))) {
        const unit = usd(entry.line.unitPrice ?? 0);
        const { offer, saved } = f.f !== undefined ? fixedAmountOff(unit, usd(f.f)) : percentageOff(unit, f.d ?? 0);
        const quantity = Math.min(remaining, entry.line.quantity - entry.discounted - (entry.core ? 1 : 0));
        if (saved.amount === 0 || offer.amount === 0 || quantity < 1) continue;
        remaining -= quantity;
        entry.discounted += quantity;
        out.push({ lineId: entry.line.id, quantity, value: { fixedAmountPerUnit: saved.amount } });
      }
      if (remaining < f.q) core.core = true;
    }
    return out;
  }

  /** The same line as the Function's input query returns it. */
  const shopifyLine = (facts: Facts, merchandise: DiscountCartLine["merchandise"]): DiscountCartLine => ({
    id: facts.id,
    quantity: facts.quantity,
    attribute: facts.marked ? { value: "funnel" } : null,
    cost: { amountPerQuantity: { amount: facts.unitPrice === undefined ? "19,99" : toDecimalString(usd(facts.unitPrice)) } },
    merchandise,
  });

  it("decides the same on 3,000 random carts and configs", () => {
    let seed = 7;
    const pick = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const products = [8_812_345_600_001, 8_812_345_600_002, 8_812_345_600_003, 8_812_345_600_004, 8_812_345_600_005, 8_812_345_600_006];
    // Two variants per product: variant i belongs to product i >> 1. Funnels name the first 8.
    const variants = Array.from({ length: 12 }, (_, i) => 45_123_456_700_000 + i);
    for (let round = 0; round < 3000; round++) {
      const funnels: DiscountConfig["f"] = Array.from({ length: 1 + pick(5) }, () => {
        const kind = pick(3);
        return {
          b: variants[pick(8)] as number,
          ...(kind === 0 ? { a: 1 as const } : kind === 1 ? { p: [products[pick(4)] as number, products[pick(4)] as number] } : { v: [variants[pick(8)] as number] }),
          ...(pick(4) === 0 ? { n: pick(30_000) } : {}),
          ...(pick(4) === 0 ? { x: pick(30_000) } : {}),
          q: 1 + pick(3),
          ...[{}, { d: [0, 10, 12.5, 100][pick(4)] as number }, { f: [0, 150, 1999, 5000][pick(4)] as number }][pick(3)],
        };
      });
      const facts: Facts[] = [];
      const lines: DiscountCartLine[] = [];
      for (let i = 0, count = pick(10); i < count; i++) {
        const v = pick(12);
        const fact: Facts = {
          id: `gid://shopify/CartLine/${i}`,
          variant: variants[v] as number,
          product: products[v >> 1] as number,
          quantity: [0, 1, 1, 2, 10][pick(5)] as number,
          unitPrice: pick(12) === 0 ? undefined : [0, 1999, 3600][pick(3)],
          marked: pick(3) === 0,
        };
        const kind = pick(12);
        // A custom item has no variant; a GID of another type matches no variant.
        if (kind === 0) Object.assign(fact, { variant: NaN, product: NaN });
        if (kind === 1) fact.variant = NaN;
        facts.push(fact);
        lines.push(
          shopifyLine(
            fact,
            kind === 0
              ? {}
              : { id: kind === 1 ? `gid://shopify/Product/${fact.product}` : `gid://shopify/ProductVariant/${fact.variant}`, product: { id: `gid://shopify/Product/${fact.product}` } },
          ),
        );
      }
      const config: DiscountConfig = { v: 1, c: "USD", m: "Add-on offer", f: funnels };
      const subtotal = pick(40_000);
      const expected = reference(config, facts, subtotal).map((c) => ({ ...c, message: "Add-on offer" }));
      const subject = cart(lines, subtotal);
      expect(discountedBumpLines(config, subject), JSON.stringify({ config, subject })).toEqual(expected);
    }
  });
});
