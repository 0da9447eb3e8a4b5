import { describe, expect, it } from "vitest";
import {
  type Funnel,
  buildCheckoutConfig,
  buildDiscountConfig,
  checkoutArm,
  checkoutBumpFor,
  experimentFromDraft,
  offerAttributeValue,
} from "@upstack/core";
import { bump, funnel, product } from "../../../packages/core/src/test-fixtures";
import { type CartInput, cartLinesDiscountsGenerateRun } from "./cart_lines_discounts_generate_run";

/**
 * A bump under test: the control sells the workbook at 10% off, challenger b
 * the same workbook at 25% off, challenger c the stickers at 30% off. The
 * Function must charge each buyer their arm's price, and a buyer who forges
 * the offer attribute can at most get another arm's price.
 */
const course = product("Course", 9900, { productId: 7001, variantId: 42001 });
const workbook = product("Workbook", 2000, { productId: 7002, variantId: 42002 });
const stickers = product("Stickers", 1000, { productId: 7003, variantId: 42003 });
const other = product("Poster", 1500, { productId: 7004, variantId: 42004 });

function testedFunnel(): Funnel {
  const base = funnel(course, { id: "f1", bump: bump(workbook, { type: "percentage", percent: 10 }) });
  const started = experimentFromDraft(
    base,
    {
      slot: "bump",
      controlWeight: 1,
      challengers: [
        { weight: 1, offer: bump(workbook, { type: "percentage", percent: 25 }) },
        { weight: 1, offer: bump(stickers, { type: "percentage", percent: 30 }) },
      ],
    },
    "exp_1",
  );
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  return { ...base, experiments: [started.experiment] };
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

function cart(lines: { variant: typeof workbook; attribute?: string; quantity?: number }[], config: unknown): CartInput {
  const withCore = [{ variant: course }, ...lines];
  let subtotal = 0;
  return {
    cart: {
      lines: withCore.map((line, index) => {
        subtotal += line.variant.price.amount * (line.quantity ?? 1);
        return {
          id: `gid://shopify/CartLine/${index + 1}`,
          quantity: line.quantity ?? 1,
          attribute: line.attribute === undefined ? null : { value: line.attribute },
          cost: { amountPerQuantity: { amount: money(line.variant.price.amount) } },
          merchandise: { id: line.variant.variantId, product: { id: line.variant.productId } },
        };
      }),
      cost: { subtotalAmount: { amount: money(subtotal), currencyCode: "USD" } },
    },
    discount: { discountClasses: ["PRODUCT"], metafield: { jsonValue: config } },
  };
}

/** Amount off per unit for each discounted line, by line id. */
function discounted(input: CartInput): Record<string, string> {
  const result: Record<string, string> = {};
  for (const operation of cartLinesDiscountsGenerateRun(input).operations) {
    for (const candidate of operation.productDiscountsAdd.candidates) {
      const value = candidate.value;
      for (const target of candidate.targets) result[target.cartLine.id] = "fixedAmount" in value ? value.fixedAmount.amount : "?";
    }
  }
  return result;
}

describe("the bump discount Function with an experiment on the bump", () => {
  const config = buildDiscountConfig([testedFunnel()], "USD").config;

  it("publishes the control, then each challenger tagged with its arm", () => {
    expect(config.f.map((entry) => [entry.b, entry.d, entry.k])).toEqual([
      [42002, 10, undefined],
      [42002, 25, "b"],
      [42003, 30, "c"],
    ]);
  });

  it("charges each buyer the price their arm's checkout card showed", () => {
    const checkout = buildCheckoutConfig([testedFunnel()], "USD");
    const arms = new Map<string, string>();
    for (let i = 0; arms.size < 3 && i < 200; i++) {
      const token = `checkout-${i}`;
      const shown = checkoutBumpFor(checkout, { lines: [{ productId: course.productId, variantId: course.variantId, quantity: 1 }], subtotal: { amount: 9900, currency: "USD" } }, (funnel) => checkoutArm(funnel, token));
      if (!shown?.arm || arms.has(shown.arm)) continue;
      const attribute = offerAttributeValue(shown.funnelId, shown.arm);
      const variant = shown.variantId === stickers.variantId ? stickers : workbook;
      const off = discounted(cart([{ variant, attribute }], config))["gid://shopify/CartLine/2"];
      expect(off).toBe(money(shown.regularUnitPrice - shown.offerUnitPrice));
      arms.set(shown.arm, off!);
    }
    expect(Object.fromEntries(arms)).toEqual({ control: "2.00", b: "5.00", c: "3.00" });
  });

  it("gives a forged attribute at most a price the experiment offers, and nothing outside it", () => {
    // The control's buyer claims arm b: b's price, one the merchant offers some buyers.
    expect(discounted(cart([{ variant: workbook, attribute: "f1~b" }], config))).toEqual({ "gid://shopify/CartLine/2": "5.00" });
    // An arm that does not exist, or another funnel's name: the untagged (control) price.
    expect(discounted(cart([{ variant: workbook, attribute: "f1~z" }], config))).toEqual({ "gid://shopify/CartLine/2": "2.00" });
    expect(discounted(cart([{ variant: workbook }], config))).toEqual({ "gid://shopify/CartLine/2": "2.00" });
    // Arm c's product without c's tag, or with b's: no arm offers it at that price, no discount.
    expect(discounted(cart([{ variant: stickers }], config))).toEqual({});
    expect(discounted(cart([{ variant: stickers, attribute: "f1~b" }], config))).toEqual({});
    // A product no arm offers, whatever the attribute says.
    expect(discounted(cart([{ variant: other, attribute: "f1~c" }], config))).toEqual({});
  });

  it("never discounts more units than one arm's quantity by splitting the variant across arms", () => {
    const both = discounted(cart([{ variant: workbook }, { variant: workbook, attribute: "f1~b" }], config));
    expect(Object.keys(both)).toHaveLength(1);
  });

  it("an arm's bump never qualifies itself: its own variant untagged is no core", () => {
    const alone: CartInput = cart([{ variant: stickers, attribute: "f1~c" }], config);
    alone.cart.lines = alone.cart.lines.slice(1); // no course
    const anyOrder = buildDiscountConfig([{ ...testedFunnel(), trigger: { match: { type: "any_order" }, minSubtotal: null, maxSubtotal: null } }], "USD").config;
    alone.discount.metafield = { jsonValue: anyOrder };
    alone.cart.lines.push({ ...alone.cart.lines[0]!, id: "gid://shopify/CartLine/9", attribute: null });
    expect(discounted(alone)).toEqual({});
  });
});
