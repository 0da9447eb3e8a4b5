import { describe, expect, it } from "vitest";
import { type CatalogLookup, type FunnelFormCatalog, type FunnelFormValues, funnelFromForm } from "./funnel-form";
import type { OfferProduct } from "./funnel";
import { money } from "./money";
import { product } from "./test-fixtures";

const course = product("Course", 9700, { productId: 1001, variantId: 2001 });
const workbook = product("Workbook", 3600, { productId: 1002, variantId: 2002 });
const coaching = product("Coaching", 19700, { productId: 1003, variantId: 2003 });
const qa = product("Group Q&A", 4700, { productId: 1004, variantId: 2004 });

const byVariant = (...products: OfferProduct[]) => new Map(products.map((p) => [p.variantId, p]));
const none = <T>(): CatalogLookup<T> => ({ found: new Map() });

/** What the merchant picked: every product the form names is known. */
const picked: FunnelFormCatalog = {
  offerVariants: { found: byVariant(workbook, coaching, qa) },
  triggerProducts: { found: new Map([[course.productId, course]]) },
  triggerVariants: { found: byVariant(course) },
  collections: { found: new Map([["gid://shopify/Collection/7", { collectionId: "gid://shopify/Collection/7", title: "Courses" }]]) },
};

const bumpCopy = { title: "Add the workbook", description: "Every exercise on paper.", checkboxLabel: "Yes, add it" };
const offerCopy = { headline: "Coaching?", body: "Two calls.", labels: "add_to_my_order" as const };

/** The course stack as the browser posts it: numbers as typed. */
function courseForm(overrides: Partial<FunnelFormValues> = {}): FunnelFormValues {
  return {
    name: "Course stack",
    status: "active",
    priority: "3",
    trigger: { type: "products", productIds: [course.productId] },
    minSubtotal: "",
    maxSubtotal: "",
    bump: { variantId: workbook.variantId, quantity: "1", discount: { type: "percentage", percent: "25" }, copy: bumpCopy },
    postPurchase: [
      { role: "upsell", variantId: coaching.variantId, quantity: "1", discount: { type: "none" }, premium: true, copy: offerCopy },
      { role: "downsell", variantId: qa.variantId, quantity: "2", discount: { type: "fixed_amount", amount: "5.50" }, premium: false, copy: offerCopy },
    ],
    ...overrides,
  };
}

describe("funnelFromForm", () => {
  it("builds the funnel the form describes, with the picked products", () => {
    const { funnel, fieldErrors } = funnelFromForm(courseForm(), picked, "USD");
    expect(fieldErrors).toEqual({});
    expect(funnel).toEqual({
      name: "Course stack",
      status: "active",
      priority: 3,
      trigger: { match: { type: "products", products: [course] }, minSubtotal: null, maxSubtotal: null },
      bump: { product: workbook, quantity: 1, discount: { type: "percentage", percent: 25 }, copy: bumpCopy },
      postPurchase: {
        upsell: { product: coaching, quantity: 1, discount: { type: "none" }, premium: true, copy: offerCopy },
        downsell: { product: qa, quantity: 2, discount: { type: "fixed_amount", amount: 550 }, premium: false, copy: offerCopy },
        followUp: null,
      },
    });
  });

  it("gives the same funnel for the numbers the server's schema coerced", () => {
    const typed = courseForm();
    const coerced: FunnelFormValues = {
      ...typed,
      priority: 3,
      bump: { ...typed.bump!, quantity: 1, discount: { type: "percentage", percent: 25 } },
      postPurchase: typed.postPurchase.map((offer) => ({ ...offer, quantity: Number(offer.quantity) })),
    };
    expect(funnelFromForm(coerced, picked, "USD")).toEqual(funnelFromForm(typed, picked, "USD"));
  });

  it("turns subtotal bounds into money in the shop's currency", () => {
    const { funnel } = funnelFromForm(courseForm({ minSubtotal: " 50 ", maxSubtotal: "199.99" }), picked, "USD");
    expect(funnel.trigger.minSubtotal).toEqual(money(5000, "USD"));
    expect(funnel.trigger.maxSubtotal).toEqual(money(19999, "USD"));
  });

  it("reports an amount the currency cannot hold, and counts it as no discount", () => {
    const form = courseForm({ minSubtotal: "10.5" });
    form.bump!.discount = { type: "fixed_amount", amount: "2.50" };
    const { funnel, fieldErrors } = funnelFromForm(form, picked, "JPY");
    expect(Object.keys(fieldErrors).sort()).toEqual(["bump.discount.amount", "minSubtotal", "postPurchase.1.discount.amount"]);
    expect(fieldErrors["bump.discount.amount"]).toContain("more decimals than JPY allows");
    expect(funnel.bump?.discount).toEqual({ type: "none" });
    expect(funnel.trigger.minSubtotal).toBeNull();
  });

  it("reports a product the catalog refuses, with its reason, and leaves that offer out", () => {
    const catalog: FunnelFormCatalog = {
      ...picked,
      offerVariants: {
        found: byVariant(workbook, qa),
        unavailable: new Map([[coaching.variantId, "This product is archived in Shopify. Pick another."]]),
      },
      triggerProducts: none(),
    };
    const { funnel, fieldErrors } = funnelFromForm(courseForm(), catalog, "USD");
    expect(fieldErrors).toEqual({
      "postPurchase.0.variantId": "This product is archived in Shopify. Pick another.",
      "trigger.productIds": "This product is no longer available. Pick another.",
    });
    expect(funnel.postPurchase.upsell).toBeNull();
    expect(funnel.postPurchase.downsell?.product).toEqual(qa);
    expect(funnel.trigger.match).toEqual({ type: "products", products: [] });
  });

  it("leaves out offers with no product picked yet, without an error (the form says 'Pick a product')", () => {
    const form = courseForm();
    form.bump!.variantId = "";
    form.postPurchase[1]!.variantId = "";
    const { funnel, fieldErrors } = funnelFromForm(form, picked, "USD");
    expect(fieldErrors).toEqual({});
    expect(funnel.bump).toBeNull();
    expect(funnel.postPurchase.downsell).toBeNull();
    expect(funnel.postPurchase.upsell?.product).toEqual(coaching);
  });

  it("keeps drawing while numbers are half typed: quantity 1, priority 0, no discount", () => {
    const form = courseForm({ priority: "high" });
    form.bump!.quantity = "0";
    form.bump!.discount = { type: "percentage", percent: "" };
    form.postPurchase[0]!.quantity = "2.5";
    form.postPurchase[0]!.discount = { type: "percentage", percent: "150" };
    const { funnel, fieldErrors } = funnelFromForm(form, picked, "USD");
    expect(fieldErrors).toEqual({});
    expect(funnel.priority).toBe(0);
    expect(funnel.bump).toMatchObject({ quantity: 1, discount: { type: "none" } });
    expect(funnel.postPurchase.upsell).toMatchObject({ quantity: 1, discount: { type: "none" } });
  });

  it("reads each trigger kind from its own lookup", () => {
    expect(funnelFromForm(courseForm({ trigger: { type: "variants", variantIds: [course.variantId] } }), picked, "USD").funnel.trigger.match).toEqual({
      type: "variants",
      variants: [course],
    });
    expect(
      funnelFromForm(courseForm({ trigger: { type: "collections", collectionIds: ["gid://shopify/Collection/7"] } }), picked, "USD").funnel.trigger
        .match,
    ).toEqual({ type: "collections", collections: [{ collectionId: "gid://shopify/Collection/7", title: "Courses" }] });
    expect(funnelFromForm(courseForm({ trigger: { type: "any_order" } }), picked, "USD").funnel.trigger.match).toEqual({ type: "any_order" });
  });
});
