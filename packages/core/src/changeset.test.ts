import { describe, expect, it } from "vitest";
import { CHANGESET_VARIANT_KEY, changesetChanges, postPurchaseOfferPayload, postPurchaseOfferView } from "./changeset";
import { money } from "./money";
import { offerPrice } from "./offer-pricing";
import { postPurchase, product } from "./test-fixtures";

const workbook = product("Course workbook", 2900, { productId: 8_123_456_789_001, variantId: 44_987_654_321_001 });

describe("changesetChanges", () => {
  it("adds the variant by its numeric id, under the key Shopify's tutorial signs", () => {
    const changes = changesetChanges(postPurchase(workbook));
    expect(CHANGESET_VARIANT_KEY).toBe("variantID");
    expect(changes).toEqual([{ type: "add_variant", variantID: 44_987_654_321_001, quantity: 1 }]);
    expect(typeof changes[0]?.variantID).toBe("number");
    expect(Object.keys(changes[0] ?? {})).not.toContain("variantId");
  });

  it("sends a percentage discount as configured", () => {
    const [change] = changesetChanges(postPurchase(workbook, { discount: { type: "percentage", percent: 12.5 }, quantity: 2 }));
    expect(change).toEqual({
      type: "add_variant",
      variantID: 44_987_654_321_001,
      quantity: 2,
      discount: { value: 12.5, valueType: "percentage", title: "12.5% off" },
    });
  });

  it("sends a fixed amount per unit as a decimal number in the offer currency", () => {
    const [change] = changesetChanges(postPurchase(workbook, { discount: { type: "fixed_amount", amount: 550 }, quantity: 3 }));
    expect(change?.discount).toEqual({ value: 5.5, valueType: "fixed_amount", title: "5.50 USD off" });
    expect(JSON.stringify(change?.discount?.value)).toBe("5.5");
  });

  it("clamps a fixed amount to the unit price, as offerPrice does", () => {
    const [change] = changesetChanges(postPurchase(workbook, { discount: { type: "fixed_amount", amount: 10_000 } }));
    expect(change?.discount).toEqual({ value: 29, valueType: "fixed_amount", title: "29.00 USD off" });
  });

  it("uses the currency's own decimals for a fixed amount", () => {
    const yen = { ...workbook, price: money(3000, "JPY") };
    const [change] = changesetChanges(postPurchase(yen, { discount: { type: "fixed_amount", amount: 500 } }));
    expect(change?.discount).toEqual({ value: 500, valueType: "fixed_amount", title: "500 JPY off" });
  });

  it("sends no discount when nothing is taken off", () => {
    for (const discount of [{ type: "none" as const }, { type: "percentage" as const, percent: 0 }, { type: "fixed_amount" as const, amount: 0 }]) {
      expect(changesetChanges(postPurchase(workbook, { discount }))[0]).not.toHaveProperty("discount");
    }
  });

  it("always serialises an offer to the same bytes (so a re-signed token is identical)", () => {
    const offer = postPurchase(workbook, { discount: { type: "percentage", percent: 20 } });
    expect(JSON.stringify(changesetChanges(offer))).toBe(
      '[{"type":"add_variant","variantID":44987654321001,"quantity":1,"discount":{"value":20,"valueType":"percentage","title":"20% off"}}]',
    );
  });

  it("refuses an offer it cannot price or address", () => {
    expect(() => changesetChanges(postPurchase(workbook, { quantity: 0 }))).toThrow(/quantity/);
    expect(() => changesetChanges(postPurchase({ ...workbook, variantId: "gid://shopify/Product/1" }))).toThrow(/ProductVariant/);
    expect(() => changesetChanges(postPurchase({ ...workbook, variantId: "gid://shopify/ProductVariant/99999999999999999" }))).toThrow(
      /too large/,
    );
  });
});

describe("postPurchaseOfferView", () => {
  it("gives the page titles, image, copy, totals from offerPrice and the changes the server will sign", () => {
    const offer = postPurchase(workbook, { discount: { type: "percentage", percent: 25 }, quantity: 2, labels: "yes_add_it" });
    const view = postPurchaseOfferView(offer, "downsell");
    const price = offerPrice(offer);
    expect(view).toEqual({
      id: "downsell",
      variantId: 44_987_654_321_001,
      productTitle: "Course workbook",
      variantTitle: null,
      imageUrl: workbook.imageUrl,
      quantity: 2,
      regularPrice: price.regular,
      offerPrice: price.offer,
      headline: "Add Course workbook?",
      body: "One click adds it to your order.",
      labels: "yes_add_it",
      changes: changesetChanges(offer),
    });
    expect(view.regularPrice).toEqual(money(5800, "USD"));
    expect(view.offerPrice).toEqual(money(4350, "USD"));
  });

  it("answers prices as Shopify MoneyV2 decimals on the wire", () => {
    const payload = postPurchaseOfferPayload(
      postPurchaseOfferView(postPurchase(workbook, { discount: { type: "fixed_amount", amount: 400 } }), "upsell"),
    );
    expect(payload.regularPrice).toEqual({ amount: "29.00", currencyCode: "USD" });
    expect(payload.offerPrice).toEqual({ amount: "25.00", currencyCode: "USD" });
    expect(Object.keys(payload)).toEqual([
      "id", "variantId", "productTitle", "variantTitle", "imageUrl", "quantity", "regularPrice", "offerPrice",
      "headline", "body", "labels", "changes",
    ]);
  });
});
