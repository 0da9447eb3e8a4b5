/**
 * Runs the REAL bump discount Function on a cart, the way Shopify does:
 * its input query (extensions/bump-discount/src/*.graphql) is executed
 * against the cart over the vendored 2026-07 Function schema, the answer is
 * handed to cartLinesDiscountsGenerateRun, and its productDiscountsAdd
 * candidates are applied to the lines (a fixed amount per unit for the
 * targeted quantity, or a percentage of the targeted units, never below 0).
 *
 * Not simulated: other discounts combining with it, order or shipping classes.
 */
import { readFileSync } from "node:fs";
import { type ExecutionResult, graphql } from "graphql";
import { BUMP_OFFER_ATTRIBUTE, PUBLISHED_METAFIELDS, decimalOfMinorUnits, minorUnitDigits, parseMoney } from "@upstack/core";
import {
  type CartInput,
  type CartLinesDiscountsGenerateRunResult,
  cartLinesDiscountsGenerateRun,
} from "../../extensions/bump-discount/src/cart_lines_discounts_generate_run";
import { loadSchema } from "../stand-in/graphql-schema";
import type { ThemeCartItem } from "./cart-bump-theme";
import { cartLineId } from "./cart";

// Two levels up from here and from the bundled sandbox server (sandbox/.data/) is the repository.
const INPUT_QUERY = readFileSync(
  new URL("../../extensions/bump-discount/src/cart_lines_discounts_generate_run.graphql", import.meta.url),
  "utf8",
);

/** The app's automatic discount as the stand-in holds it: its classes and its `$app:upstack` metafields. */
export type PublishedDiscount = { discountClasses: string[]; metafields: Record<string, unknown> };

export type LineDiscount = { title: string; amount: number };
export type PricedLine = { item: ThemeCartItem; lineId: string; regular: number; discounts: LineDiscount[]; total: number };
export type PricedCart = { lines: PricedLine[]; subtotal: number; discountTotal: number; total: number; functionResult: CartLinesDiscountsGenerateRunResult | null };

/** The Function's input for this cart: the input query executed over the cart. */
export async function functionInput(items: readonly ThemeCartItem[], currency: string, discount: PublishedDiscount): Promise<CartInput> {
  const digits = minorUnitDigits(currency);
  const decimal = (cents: number) => decimalOfMinorUnits(cents, digits);
  const subtotal = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  const rootValue = {
    cart: {
      lines: items.map((item) => ({
        id: cartLineId(item),
        quantity: item.quantity,
        attribute: ({ key }: { key: string }) => (item.properties?.[key] !== undefined ? { key, value: item.properties[key] } : null),
        cost: { amountPerQuantity: { amount: decimal(item.price), currencyCode: currency } },
        merchandise: {
          __typename: "ProductVariant",
          id: `gid://shopify/ProductVariant/${item.variant_id}`,
          product: { id: `gid://shopify/Product/${item.product_id}` },
        },
      })),
      cost: { subtotalAmount: { amount: decimal(subtotal), currencyCode: currency } },
    },
    discount: {
      discountClasses: discount.discountClasses,
      metafield: ({ namespace, key }: { namespace: string; key: string }) =>
        namespace === PUBLISHED_METAFIELDS.discount.namespace && discount.metafields[key] !== undefined
          ? { jsonValue: discount.metafields[key] }
          : null,
    },
  };
  const result = (await graphql({ schema: loadSchema("functions-discount"), source: INPUT_QUERY, rootValue })) as ExecutionResult;
  if (result.errors?.length) throw new Error(`The Function's input query failed: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.data as unknown as CartInput;
}

/** The cart priced with the Function's discounts (none when the app published no discount). */
export async function priceCart(items: readonly ThemeCartItem[], currency: string, discount: PublishedDiscount | null): Promise<PricedCart> {
  const lines: PricedLine[] = items.map((item) => ({ item, lineId: cartLineId(item), regular: item.price * item.quantity, discounts: [], total: item.price * item.quantity }));
  let functionResult: CartLinesDiscountsGenerateRunResult | null = null;
  if (discount && items.length > 0) {
    functionResult = cartLinesDiscountsGenerateRun(await functionInput(items, currency, discount));
    for (const operation of functionResult.operations) {
      for (const candidate of operation.productDiscountsAdd.candidates) {
        for (const { cartLine } of candidate.targets) {
          const line = lines.find((l) => l.lineId === cartLine.id);
          if (!line) continue;
          const units = Math.min(cartLine.quantity, line.item.quantity);
          const off =
            "fixedAmount" in candidate.value
              ? parseMoney(candidate.value.fixedAmount.amount, currency).amount * units
              : Math.round((line.item.price * units * Number(candidate.value.percentage.value)) / 100);
          const amount = Math.min(off, line.total);
          if (amount > 0) {
            line.discounts.push({ title: candidate.message, amount });
            line.total -= amount;
          }
        }
      }
    }
  }
  const subtotal = lines.reduce((sum, line) => sum + line.regular, 0);
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  return { lines, subtotal, discountTotal: subtotal - total, total, functionResult };
}

/** Whether a line carries the bump's attribute (set by the checkout extension or the cart bump). */
export const isOfferLine = (item: ThemeCartItem) => Boolean(item.properties?.[BUMP_OFFER_ATTRIBUTE]);
