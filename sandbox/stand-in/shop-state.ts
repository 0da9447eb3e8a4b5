import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { legacyIdFromGid, toDecimalString } from "@upstack/core";
import { signHs256, verifyHs256 } from "./jwt";
import { type Delivery, deliverWebhook } from "./webhooks";

/**
 * The demo shop every part of the sandbox shares: its catalog, its orders,
 * and what Shopify does to them (placing an order, applying a signed
 * post-purchase changeset, telling the app by webhook). The Admin API
 * stand-in answers from this state and the storefront preview writes to it.
 *
 * Money is integer minor units throughout. Not simulated: taxes, shipping,
 * real payments (a switch makes the next payment fail).
 */

export type SandboxVariant = {
  /** gid://shopify/ProductVariant/N */
  id: string;
  productId: string;
  productTitle: string;
  title: string;
  /** Minor units. */
  price: number;
  available: boolean;
  imageUrl?: string;
};

export type SandboxLineInput = {
  variantId: string;
  quantity: number;
  attributes: { key: string; value: string }[];
  /** Discounts on the whole line, minor units. */
  discounts: { title: string; amount: number }[];
};

export type SandboxOrder = {
  /** gid://shopify/Order/N */
  id: string;
  name: string;
  checkoutToken: string;
  cartToken: string | null;
  createdAt: string;
  updatedAt: string;
  currency: string;
  lines: (SandboxLineInput & { lineItemId: string; title: string; unitPrice: number })[];
  total: number;
  paymentGateway: string;
  wallet: boolean;
};

export interface SandboxShop {
  /** "upstack-demo.myshopify.com" */
  readonly domain: string;
  /** "USD" */
  readonly currency: string;
  variants(): SandboxVariant[];
  variant(id: string): SandboxVariant | undefined;
  /** Places the order and delivers orders/create (HMAC-signed) to the app before resolving. */
  placeOrder(input: {
    checkoutToken: string;
    cartToken: string | null;
    lines: SandboxLineInput[];
    paymentGateway?: string;
    wallet?: boolean;
  }): Promise<SandboxOrder>;
  /**
   * Applies a post-purchase changeset as Shopify would: only when its JWT
   * verifies with the app's secret, names the app (iss), the order's
   * purchase (sub), was not applied before (jti) and its changes are valid;
   * then adds the lines and delivers orders/updated.
   */
  applyChangeset(input: { referenceId: string; token: string }): Promise<{ ok: true; order: SandboxOrder } | { ok: false; reason: string }>;
  order(id: string): SandboxOrder | undefined;
  orderByCheckoutToken(token: string): SandboxOrder | undefined;
  /** The inputData.token Shopify signs for the post-purchase extension. */
  postPurchaseInputToken(order: SandboxOrder): string;
  /** Where the app listens, for extensions' fetches. */
  readonly appOrigin: string;
  /** While on, the next changesets are refused as a declined payment ("payment_failed"). */
  setPaymentFailure(on: boolean): void;
  /** Every order, oldest first (the seeded history included). */
  orders(): SandboxOrder[];
  /** The webhooks delivered since the sandbox started, newest last. */
  deliveries(): Delivery[];
}

/** A catalog entry as the sandbox seeds it: one variant per product. */
export type SandboxProduct = {
  productId: number;
  variantId: number;
  title: string;
  variantTitle?: string;
  /** Minor units. */
  price: number;
  available?: boolean;
  imageUrl?: string;
};

type Persisted = {
  nextOrder: number;
  nextLineItem: number;
  orders: SandboxOrder[];
  appliedChangesets: string[];
};

export type SandboxShopOptions = {
  domain: string;
  currency: string;
  appOrigin: string;
  apiKey: string;
  apiSecret: string;
  products: SandboxProduct[];
  /** JSON file the orders are kept in across restarts; none: in memory only. */
  statePath?: string;
  /** Delivers webhooks; defaults to POSTing them to appOrigin. */
  deliver?: (topic: string, payload: unknown) => Promise<Delivery>;
};

export type SandboxShopState = SandboxShop & {
  /** Adds past orders without webhooks (the history the app's backfill reads). */
  addHistory(orders: { createdAt: Date; lines: { variantId: string; quantity: number }[] }[]): void;
};

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

export function createSandboxShop(options: SandboxShopOptions): SandboxShopState {
  const variants = options.products.map(
    (p): SandboxVariant => ({
      id: gid("ProductVariant", p.variantId),
      productId: gid("Product", p.productId),
      productTitle: p.title,
      title: p.variantTitle ?? "Default Title",
      price: p.price,
      available: p.available ?? true,
      ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
    }),
  );
  const byId = new Map(variants.map((v) => [v.id, v]));
  const state: Persisted = load(options.statePath) ?? { nextOrder: 1001, nextLineItem: 10001, orders: [], appliedChangesets: [] };
  const delivered: Delivery[] = [];
  let paymentFailure = false;
  const deliver =
    options.deliver ??
    ((topic: string, payload: unknown) =>
      deliverWebhook({ appOrigin: options.appOrigin, topic, shop: options.domain, secret: options.apiSecret, payload }));

  const productIdOf = (variantId: string) => byId.get(variantId)?.productId;
  const save = () => {
    if (options.statePath) persist(options.statePath, state);
  };

  const toLine = (input: SandboxLineInput) => {
    const variant = byId.get(input.variantId);
    if (!variant) throw new SandboxOrderError(`No variant ${input.variantId} in the demo shop`);
    if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new SandboxOrderError(`Quantity ${input.quantity} is not a positive whole number`);
    const gross = variant.price * input.quantity;
    const discounted = input.discounts.reduce((sum, d) => sum + d.amount, 0);
    if (input.discounts.some((d) => !Number.isInteger(d.amount) || d.amount < 0) || discounted > gross) {
      throw new SandboxOrderError(`Discounts on ${variant.productTitle} are not whole amounts between 0 and the line's price`);
    }
    return {
      variantId: variant.id,
      quantity: input.quantity,
      attributes: input.attributes.map((a) => ({ key: a.key, value: a.value })),
      discounts: input.discounts.map((d) => ({ title: d.title, amount: d.amount })),
      lineItemId: gid("LineItem", state.nextLineItem++),
      title: variant.productTitle,
      unitPrice: variant.price,
    };
  };

  const newOrder = (fields: { checkoutToken: string; cartToken: string | null; createdAt: Date; lines: SandboxLineInput[]; paymentGateway: string; wallet: boolean }): SandboxOrder => {
    if (fields.lines.length === 0) throw new SandboxOrderError("An order needs at least one line");
    const number = state.nextOrder++;
    const lines = fields.lines.map(toLine);
    const at = fields.createdAt.toISOString();
    return {
      id: gid("Order", 5000000 + number),
      name: `#${number}`,
      checkoutToken: fields.checkoutToken,
      cartToken: fields.cartToken,
      createdAt: at,
      updatedAt: at,
      currency: options.currency,
      lines,
      total: orderTotal(lines),
      paymentGateway: fields.paymentGateway,
      wallet: fields.wallet,
    };
  };

  const shop: SandboxShopState = {
    domain: options.domain,
    currency: options.currency,
    appOrigin: options.appOrigin,
    variants: () => variants.map((v) => ({ ...v })),
    variant: (id) => {
      const v = byId.get(id);
      return v ? { ...v } : undefined;
    },
    orders: () => state.orders.map(clone),
    order: (id) => maybeClone(state.orders.find((o) => o.id === id)),
    orderByCheckoutToken: (token) => maybeClone(state.orders.find((o) => o.checkoutToken === token)),
    deliveries: () => [...delivered],
    setPaymentFailure(on) {
      paymentFailure = on;
    },

    async placeOrder(input) {
      if (state.orders.some((o) => o.checkoutToken === input.checkoutToken)) {
        throw new SandboxOrderError("This checkout was already paid");
      }
      const order = newOrder({
        checkoutToken: input.checkoutToken,
        cartToken: input.cartToken,
        createdAt: new Date(),
        lines: input.lines,
        paymentGateway: input.paymentGateway ?? "bogus",
        wallet: input.wallet ?? false,
      });
      state.orders.push(order);
      save();
      delivered.push({ ...(await deliver("orders/create", orderWebhookPayload(order, productIdOf))), orderId: order.id });
      return clone(order);
    },

    async applyChangeset(input) {
      const order = state.orders.find((o) => o.checkoutToken === input.referenceId);
      if (!order) return { ok: false, reason: "No order for this purchase" };
      const checked = checkChangeset(input.token, order, options);
      if (!checked.ok) return checked;
      if (state.appliedChangesets.includes(checked.jti)) return { ok: false, reason: "changeset_already_applied" };
      if (paymentFailure) return { ok: false, reason: "payment_failed" };
      const lines: SandboxLineInput[] = [];
      for (const change of checked.changes) {
        const variant = byId.get(gid("ProductVariant", change.variantID));
        if (!variant) return { ok: false, reason: `No variant ${change.variantID} in the demo shop` };
        if (!variant.available) return { ok: false, reason: `${variant.productTitle} is out of stock` };
        const unitOff = change.discount ? unitDiscount(variant.price, change.discount) : 0;
        lines.push({
          variantId: variant.id,
          quantity: change.quantity,
          attributes: [],
          discounts: unitOff > 0 ? [{ title: change.discount?.title ?? "Discount", amount: unitOff * change.quantity }] : [],
        });
      }
      order.lines.push(...lines.map(toLine));
      order.total = orderTotal(order.lines);
      order.updatedAt = new Date().toISOString();
      state.appliedChangesets.push(checked.jti);
      save();
      delivered.push({ ...(await deliver("orders/updated", orderWebhookPayload(order, productIdOf))), orderId: order.id });
      return { ok: true, order: clone(order) };
    },

    postPurchaseInputToken(order) {
      const now = Math.floor(Date.now() / 1000);
      const money = (amount: number) => moneyBag(amount, options.currency);
      return signHs256(
        {
          iss: "shopify",
          sub: order.checkoutToken,
          iat: now,
          exp: now + 15 * 60,
          input_data: {
            shop: { domain: options.domain },
            locale: "en",
            initialPurchase: {
              referenceId: order.checkoutToken,
              customerId: null,
              destinationCountryCode: "US",
              totalPriceSet: money(order.total),
              lineItems: order.lines.map((line) => ({
                product: {
                  id: legacyIdFromGid(byId.get(line.variantId)?.productId ?? "", "Product"),
                  title: line.title,
                  variant: { id: legacyIdFromGid(line.variantId, "ProductVariant"), title: byId.get(line.variantId)?.title ?? "" },
                },
                quantity: line.quantity,
                sellingPlanId: null,
                totalPriceSet: money(lineTotal(line)),
              })),
            },
          },
        },
        options.apiSecret,
      );
    },

    addHistory(orders) {
      for (const past of orders) {
        state.orders.push(
          newOrder({
            checkoutToken: randomUUID().replaceAll("-", ""),
            cartToken: null,
            createdAt: past.createdAt,
            lines: past.lines.map((l) => ({ ...l, attributes: [], discounts: [] })),
            paymentGateway: "bogus",
            wallet: false,
          }),
        );
      }
      state.orders.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      save();
    },
  };
  return shop;
}

export class SandboxOrderError extends Error {
  override name = "SandboxOrderError";
}

let running: SandboxShopState | null = null;

/** Makes `shop` the sandbox's one shop (the sandbox server does this once at start). */
export function installSandboxShop(shop: SandboxShopState): void {
  running = shop;
}

/** The one instance of the running sandbox. */
export function sandboxShop(): SandboxShopState {
  if (!running) throw new Error("The sandbox shop is not set up: start it with `npm run sandbox`");
  return running;
}

// ---------------------------------------------------------------------------

type Change = { variantID: number; quantity: number; discount?: { value: number; valueType: "percentage" | "fixed_amount"; title: string } };

function checkChangeset(
  token: string,
  order: SandboxOrder,
  app: { apiKey: string; apiSecret: string },
): { ok: true; jti: string; changes: Change[] } | { ok: false; reason: string } {
  const verified = verifyHs256(token, app.apiSecret);
  if (!verified.ok) return { ok: false, reason: `invalid changeset token: ${verified.reason}` };
  const { iss, jti, iat, sub, changes } = verified.claims;
  if (iss !== app.apiKey) return { ok: false, reason: "invalid changeset token: iss is not the app's API key" };
  if (sub !== order.checkoutToken) return { ok: false, reason: "invalid changeset token: sub is not this purchase" };
  if (typeof jti !== "string" || jti === "") return { ok: false, reason: "invalid changeset token: no jti" };
  if (typeof iat !== "number") return { ok: false, reason: "invalid changeset token: no iat" };
  // Shopify refuses changesets signed before the purchase; iat may be seconds or milliseconds.
  const signedAt = iat > 1e12 ? iat : iat * 1000;
  if (signedAt < Date.parse(order.createdAt) - 1000) return { ok: false, reason: "changeset signed before the purchase" };
  if (!Array.isArray(changes) || changes.length === 0) return { ok: false, reason: "invalid changeset: no changes" };
  const parsed: Change[] = [];
  for (const change of changes as unknown[]) {
    const c = change as Record<string, unknown>;
    if (c?.type !== "add_variant") return { ok: false, reason: `unsupported change type ${String(c?.type)}` };
    if (!Number.isSafeInteger(c.variantID) || (c.variantID as number) <= 0) return { ok: false, reason: "invalid change: variantID" };
    if (!Number.isInteger(c.quantity) || (c.quantity as number) < 1) return { ok: false, reason: "invalid change: quantity" };
    const discount = c.discount as Change["discount"] | undefined;
    if (discount !== undefined) {
      const valid =
        typeof discount === "object" && discount !== null && typeof discount.value === "number" && discount.value >= 0 &&
        (discount.valueType === "percentage" ? discount.value <= 100 : discount.valueType === "fixed_amount") &&
        typeof discount.title === "string";
      if (!valid) return { ok: false, reason: "invalid change: discount" };
    }
    parsed.push({ variantID: c.variantID as number, quantity: c.quantity as number, ...(discount ? { discount } : {}) });
  }
  return { ok: true, jti, changes: parsed };
}

/** The amount a changeset discount takes off one unit, in minor units, never more than the unit price. */
export function unitDiscount(unitPrice: number, discount: NonNullable<Change["discount"]>): number {
  const off = discount.valueType === "percentage" ? Math.round((unitPrice * discount.value) / 100) : Math.round(discount.value * 100);
  return Math.min(unitPrice, Math.max(0, off));
}

const lineTotal = (line: { unitPrice: number; quantity: number; discounts: { amount: number }[] }) =>
  line.unitPrice * line.quantity - line.discounts.reduce((sum, d) => sum + d.amount, 0);

const orderTotal = (lines: { unitPrice: number; quantity: number; discounts: { amount: number }[] }[]) =>
  lines.reduce((sum, line) => sum + lineTotal(line), 0);

export const decimal = (amount: number, currency: string) => toDecimalString({ amount, currency });

function moneyBag(amount: number, currency: string) {
  const money = { amount: decimal(amount, currency), currencyCode: currency };
  return { shopMoney: money, presentmentMoney: money };
}

/** orders/create and orders/updated as Shopify sends them (REST shape), for the fields the app reads and a few more. */
export function orderWebhookPayload(order: SandboxOrder, productIdOf: (variantId: string) => string | undefined) {
  const set = (amount: number) => {
    const money = { amount: decimal(amount, order.currency), currency_code: order.currency };
    return { shop_money: money, presentment_money: money };
  };
  const applications: { type: string; title: string; code: null; value_type: string; allocation_method: string; target_type: string }[] = [];
  const applicationIndex = (title: string) => {
    let index = applications.findIndex((a) => a.title === title);
    if (index < 0) {
      applications.push({ type: "automatic", title, code: null, value_type: "fixed_amount", allocation_method: "each", target_type: "line_item" });
      index = applications.length - 1;
    }
    return index;
  };
  const numeric = (id: string) => Number(id.split("/").pop());
  return {
    id: numeric(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    checkout_token: order.checkoutToken,
    cart_token: order.cartToken,
    currency: order.currency,
    presentment_currency: order.currency,
    customer: null,
    gateway: order.paymentGateway,
    payment_gateway_names: [order.paymentGateway],
    financial_status: "paid",
    total_price: decimal(order.total, order.currency),
    total_price_set: set(order.total),
    total_tax: "0.00",
    discount_applications: applications,
    line_items: order.lines.map((line) => ({
      id: numeric(line.lineItemId),
      admin_graphql_api_id: line.lineItemId,
      product_id: productIdOf(line.variantId) ? numeric(productIdOf(line.variantId) ?? "") : null,
      variant_id: numeric(line.variantId),
      title: line.title,
      quantity: line.quantity,
      // The demo shop sells courses and passes: nothing ships.
      requires_shipping: false,
      price: decimal(line.unitPrice, order.currency),
      price_set: set(line.unitPrice),
      properties: line.attributes.map((a) => ({ name: a.key, value: a.value })),
      discount_allocations: line.discounts.map((d) => ({ amount: decimal(d.amount, order.currency), amount_set: set(d.amount), discount_application_index: applicationIndex(d.title) })),
    })),
    refunds: [],
  };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function maybeClone<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : clone(value);
}

function load(path: string | undefined): Persisted | null {
  if (!path || !existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as Persisted;
}

function persist(path: string, state: Persisted) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}
