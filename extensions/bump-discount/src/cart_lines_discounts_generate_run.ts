/**
 * The bump discount Function (target cart.lines.discounts.generate.run).
 *
 * A thin adapter: Shopify's input -> core's DiscountCart, core's
 * discountedBumpLines decides (the integrity rules live there, in
 * packages/core/src/discount-config.ts), and its candidates -> one
 * productDiscountsAdd operation. Anything unexpected (no PRODUCT class, a
 * missing or malformed config, an amount that doesn't parse) means no
 * discount, never a throw: a failing Function is logged as an error at
 * checkout, while an empty result is just "no discount".
 */
import {
  type BumpDiscountCandidate,
  bumpVariantGids,
  type DiscountCart,
  type DiscountCartLine,
  discountedBumpLines,
  type Money,
  money,
  multiply,
  parseDiscountConfig,
  parseMoney,
  toDecimalString,
} from "@upstack/core";

/** The shape of src/cart_lines_discounts_generate_run.graphql's answer (the fixtures check it against the schema). */
export type CartInput = {
  cart: {
    lines: {
      id: string;
      quantity: number;
      attribute: { value: string | null } | null;
      cost: { amountPerQuantity: { amount: string } };
      /** A CustomProduct line selects nothing: {}. */
      merchandise: { id?: string; product?: { id: string } };
    }[];
    cost: { subtotalAmount: { amount: string; currencyCode: string } };
  };
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
  const cart = config && discountCart(input.cart, bumpVariantGids(config));
  if (!config || !cart) return { operations: [] };

  const candidates: ProductDiscountCandidate[] = [];
  for (const decided of discountedBumpLines(config, cart)) {
    const candidate = toCandidate(decided, cart.subtotal.currency);
    if (candidate) candidates.push(candidate);
  }
  if (candidates.length === 0) return { operations: [] };
  // ALL: each candidate targets a different bump line and all of them apply.
  return { operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates } }] };
}

/** A decimal amount of zero ("0", "0.0", "0.00"), told without parsing. */
const ZERO = /^0+(?:\.0+)?$/;

/**
 * Shopify's cart in core's terms, amounts in minor units; null when an amount
 * core needs doesn't parse. Only bump-variant lines are priced: of the other
 * lines core only needs to know which are gifts (priced 0.00, they qualify no
 * bump), and parsing 200 amounts would cost a good part of the Function's
 * instruction budget.
 */
function discountCart(cart: CartInput["cart"], needsPrice: ReadonlySet<string>): DiscountCart | null {
  // The whole cart is in one (presentment) currency; core compares it with the config's.
  const currency = cart.cost.subtotalAmount.currencyCode;
  const subtotal = parse(cart.cost.subtotalAmount.amount, currency);
  if (!subtotal) return null;
  const lines: DiscountCartLine[] = [];
  for (const line of cart.lines) {
    // GIDs as Shopify sends them; core reads the numeric part. "" (a custom item) matches no id.
    const variantId = line.merchandise.id ?? "";
    const entry: DiscountCartLine = {
      id: line.id,
      variantId,
      productId: line.merchandise.product?.id ?? "",
      quantity: line.quantity,
      attributeOffer: line.attribute?.value ?? null,
    };
    if (needsPrice.has(variantId)) {
      const unit = parse(line.cost.amountPerQuantity.amount, currency);
      // Fail closed: without a bump line's cost, the subtotal bounds would count
      // the bump itself, which is exactly what the integrity rules forbid.
      if (!unit) return null;
      entry.unitPrice = unit.amount;
      if (Number.isSafeInteger(line.quantity) && line.quantity >= 1) entry.cost = multiply(unit, line.quantity).amount;
    } else if (ZERO.test(line.cost.amountPerQuantity.amount)) {
      entry.unitPrice = 0;
    }
    lines.push(entry);
  }
  return { lines, subtotal: { amount: subtotal.amount, currency } };
}

/** parseMoney without the throw: decimal strings to exact minor units, never through floats. */
function parse(amount: string, currency: string): Money | null {
  try {
    return parseMoney(amount, currency);
  } catch {
    return null;
  }
}

function toCandidate(decided: BumpDiscountCandidate, currency: string): ProductDiscountCandidate | null {
  // Core never decides a zero discount; a candidate of 0.00 would only add a line to the checkout.
  if (!(decided.value.fixedAmountPerUnit > 0)) return null;
  return {
    message: decided.message,
    targets: [{ cartLine: { id: decided.lineId, quantity: decided.quantity } }],
    // Per unit, for `quantity` units of the line: appliesToEachItem.
    value: { fixedAmount: { amount: toDecimalString(money(decided.value.fixedAmountPerUnit, currency)), appliesToEachItem: true } },
  };
}
