import { z } from "zod";
import { BUMP_OFFER_ATTRIBUTE, MoneyError, isBumpDiscountTitle, parseMoney, toGid } from "@upstack/core";
import type { OrderLineSnapshot, OrderSnapshot, RefundSnapshot } from "../models/order.server";

/**
 * The order webhooks' payloads (Shopify's REST shapes), read into the
 * snapshot app/models/order.server stores. Only the fields the numbers need
 * are read; the rest (names, emails, addresses) is never looked at.
 */

const numericId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const decimal = z.union([z.string(), z.number()]).transform(String);
const moneySet = z.object({
  shop_money: z.object({ amount: decimal, currency_code: z.string() }),
  presentment_money: z.object({ amount: decimal, currency_code: z.string() }),
});
type MoneySet = z.infer<typeof moneySet>;

const lineItem = z.object({
  id: numericId,
  product_id: numericId.nullish(),
  variant_id: numericId.nullish(),
  quantity: z.number().int().nonnegative(),
  requires_shipping: z.boolean().nullish(),
  price_set: moneySet,
  properties: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
  discount_allocations: z.array(z.object({ amount_set: moneySet, discount_application_index: z.number().int().nonnegative() })).default([]),
});

const refund = z.object({
  id: numericId,
  order_id: numericId,
  created_at: z.string().datetime({ offset: true }),
  refund_line_items: z
    .array(z.object({ line_item_id: numericId, quantity: z.number().int().nonnegative(), subtotal_set: moneySet }))
    .default([]),
});

const order = z.object({
  id: numericId,
  created_at: z.string().datetime({ offset: true }),
  updated_at: z.string().datetime({ offset: true }),
  checkout_token: z.string().nullish(),
  customer: z.object({ id: numericId }).nullish(),
  total_price_set: moneySet,
  discount_applications: z
    .array(z.object({ type: z.string(), title: z.string().nullish(), code: z.string().nullish() }))
    .default([]),
  line_items: z.array(lineItem),
  refunds: z.array(refund).default([]),
  // Coverage facts only: which payment methods, whether anything ships and how (never the address).
  payment_gateway_names: z.array(z.string()).default([]),
  shipping_lines: z.array(z.object({ code: z.string().nullish(), delivery_category: z.string().nullish() })).default([]),
});

/** orders/edited sends an edit summary, not the order: only its presence is checked (see handleOrderEdited). */
export const orderEditPayload = z.object({ order_edit: z.object({ id: numericId, order_id: numericId }) });

export class OrderPayloadError extends Error {}

function parsed<S extends z.ZodType>(schema: S, what: string, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new OrderPayloadError(
      `${what} payload is malformed: ${result.error.issues.map((i) => `${i.path.join(".") || "payload"} ${i.message}`).join("; ")}`,
    );
  }
  return result.data;
}

function amounts(set: MoneySet) {
  try {
    return {
      shop: parseMoney(set.shop_money.amount, set.shop_money.currency_code).amount,
      presentment: parseMoney(set.presentment_money.amount, set.presentment_money.currency_code).amount,
    };
  } catch (error) {
    if (error instanceof MoneyError) throw new OrderPayloadError(`An amount is malformed: ${error.message}`);
    throw error;
  }
}

const lineGid = (id: string) => toGid("LineItem", id);

function toRefund(payload: z.infer<typeof refund>): RefundSnapshot {
  return {
    refundId: toGid("Refund", payload.id),
    orderId: toGid("Order", payload.order_id),
    createdAt: new Date(payload.created_at),
    lines: payload.refund_line_items.map((line) => {
      const amount = amounts(line.subtotal_set);
      return { lineItemId: lineGid(line.line_item_id), quantity: line.quantity, amountShop: amount.shop, amountPresentment: amount.presentment };
    }),
  };
}

/** orders/create and orders/updated. */
export function parseOrderPayload(payload: unknown): OrderSnapshot {
  const data = parsed(order, "Order", payload);
  const total = amounts(data.total_price_set);
  const applications = data.discount_applications;
  const lines = data.line_items.map((line): OrderLineSnapshot => {
    const price = amounts(line.price_set);
    const discounts = line.discount_allocations.map((allocation) => ({
      amount: amounts(allocation.amount_set),
      application: applications[allocation.discount_application_index],
    }));
    const attribute = line.properties?.find((property) => property.name === BUMP_OFFER_ATTRIBUTE)?.value;
    return {
      lineItemId: lineGid(line.id),
      productId: line.product_id ? toGid("Product", line.product_id) : null,
      variantId: line.variant_id ? toGid("ProductVariant", line.variant_id) : null,
      quantity: line.quantity,
      paid: {
        shop: price.shop * line.quantity - discounts.reduce((sum, d) => sum + d.amount.shop, 0),
        presentment: price.presentment * line.quantity - discounts.reduce((sum, d) => sum + d.amount.presentment, 0),
      },
      offerAttribute: typeof attribute === "string" ? attribute : null,
      hasBumpDiscount: discounts.some((d) => d.application?.type === "automatic" && isBumpDiscountTitle(d.application.title)),
      discountCodes: discounts.flatMap((d) => (d.application?.type === "discount_code" && d.application.code ? [d.application.code] : [])),
    };
  });
  return {
    orderId: toGid("Order", data.id),
    placedAt: new Date(data.created_at),
    updatedAt: new Date(data.updated_at),
    checkoutToken: data.checkout_token ?? null,
    customerId: data.customer ? toGid("Customer", data.customer.id) : null,
    shopCurrency: data.total_price_set.shop_money.currency_code,
    presentmentCurrency: data.total_price_set.presentment_money.currency_code,
    total,
    lines,
    refunds: data.refunds.map(toRefund),
    facts: {
      paymentGateways: data.payment_gateway_names,
      // Unknown (null) when the payload says nothing about it, rather than "digital only".
      requiresShipping: data.line_items.some((line) => line.requires_shipping === true)
        ? true
        : data.line_items.some((line) => line.requires_shipping === false)
          ? false
          : null,
      deliveryMethod: deliveryMethodOf(data.shipping_lines[0]),
    },
  };
}

/** The shipping line's delivery category (e.g. "pick_up", "local"), or its code when Shopify sends no category. */
export function deliveryMethodOf(line: { code?: string | null; delivery_category?: string | null } | undefined): string | null {
  const method = line?.delivery_category || line?.code;
  return method ? method.toLowerCase() : null;
}

/** refunds/create. */
export const parseRefundPayload = (payload: unknown): RefundSnapshot => toRefund(parsed(refund, "Refund", payload));
