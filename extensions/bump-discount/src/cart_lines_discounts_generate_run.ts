/**
 * The bump discount Function (target cart.lines.discounts.generate.run).
 *
 * A thin adapter: core's discountedBumpLines decides on Shopify's cart as
 * the input query returns it (the integrity rules live there, in
 * packages/core/src/discount-config.ts; it reads the lines in place because
 * copying them cost a good part of the instruction budget, see the README),
 * and its candidates -> one productDiscountsAdd operation. Anything unexpected (no PRODUCT class, a
 * missing or malformed config, an amount that doesn't parse) means no
 * discount, never a throw: a failing Function is logged as an error at
 * checkout, while an empty result is just "no discount".
 */
import {
  type BumpDiscountCandidate,
  type DiscountCart,
  discountedBumpLines,
  decimalOfMinorUnits,
  minorUnitDigits,
  parseDiscountConfig,
} from "@upstack/core";

/** The shape of src/cart_lines_discounts_generate_run.graphql's answer (the fixtures check it against the schema). */
export type CartInput = {
  /** Core reads the lines where they lie (DiscountCart is this query's cart). */
  cart: DiscountCart;
  discount: {
    discountClasses: string[];
    metafield: { jsonValue: unknown } | null;
  };
};

/** CartLinesDiscountsGenerateRunResult, narrowed to what this Function emits. */
export type ProductDiscountCandidate = {
  message: string;
  targets: { cartLine: { id: string; quantity: number } }[];
  value: { percentage: { value: string } } | { fixedAmount: { amount: string; appliesToEachItem: true } };
};
export type CartLinesDiscountsGenerateRunResult = {
  operations: { productDiscountsAdd: { selectionStrategy: "ALL"; candidates: ProductDiscountCandidate[] } }[];
};

export function cartLinesDiscountsGenerateRun(input: CartInput): CartLinesDiscountsGenerateRunResult {
  if (!input.discount.discountClasses.includes("PRODUCT")) return { operations: [] };
  const config = parseDiscountConfig(input.discount.metafield?.jsonValue);
  if (!config) return { operations: [] };

  const decided = discountedBumpLines(config, input.cart);
  const digits = minorUnitDigits(config.c);
  const candidates: ProductDiscountCandidate[] = [];
  for (let i = 0; i < decided.length; i++) {
    const candidate = toCandidate(decided[i] as BumpDiscountCandidate, digits);
    if (candidate) candidates.push(candidate);
  }
  if (candidates.length === 0) return { operations: [] };
  // ALL: each candidate targets a different bump line and all of them apply.
  return { operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates } }] };
}

function toCandidate(decided: BumpDiscountCandidate, digits: number): ProductDiscountCandidate | null {
  // Core never decides a zero discount; a candidate of 0.00 would only add a line to the checkout.
  if (!(decided.value.fixedAmountPerUnit > 0)) return null;
  return {
    message: decided.message,
    targets: [{ cartLine: { id: decided.lineId, quantity: decided.quantity } }],
    // Per unit, for `quantity` units of the line: appliesToEachItem.
    value: { fixedAmount: { amount: decimalOfMinorUnits(decided.value.fixedAmountPerUnit, digits), appliesToEachItem: true } },
  };
}
