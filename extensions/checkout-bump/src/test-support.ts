/**
 * Test helpers (not bundled: nothing the targets import uses this file).
 * Built on the real types of @shopify/ui-extensions and of core, so a
 * fixture cannot drift from what the host sends or what the server publishes.
 */
import { signal } from "@preact/signals";
import { product as coreProduct } from "../../../packages/core/src/test-fixtures";
import type { AppMetafieldEntry, CartLine, CurrencyCode, SubscribableSignalLike } from "@shopify/ui-extensions/checkout";
import { createCartLine } from "@shopify/ui-extensions-tester/checkout";
import {
  BUMP_OFFER_ATTRIBUTE,
  type CheckoutConfig,
  type Funnel,
  type OfferDiscount,
  type OfferProduct,
  PUBLISHED_METAFIELDS,
  buildCheckoutConfig,
} from "@upstack/core";
import en from "../locales/en.default.json";

/**
 * A signal the test can change after render, like the host's. The tester's
 * own mocks are static (README: "does not implement working signals"); this
 * one is a real Preact signal, so the card re-renders as it does at checkout.
 */
export function liveSignal<T>(initial: T): SubscribableSignalLike<T> & { value: T } {
  const state = signal(initial);
  return {
    get value() {
      return state.value;
    },
    set value(next: T) {
      state.value = next;
    },
    get current() {
      return state.value;
    },
    subscribe: (fn: (value: T) => void) => state.subscribe(fn),
    destroy: async () => {},
  };
}

/** core's test product, with the variant id this file's cart lines use. */
export const product = (title: string, cents: number, id: number): OfferProduct =>
  coreProduct(title, cents, { productId: id, variantId: id + 1_000_000 });

export const course = product("Course", 9700, 8_812_345_678_901);
export const workbook = product("Workbook + templates", 3600, 8_812_345_678_902);
export const mug = product("Mug", 1500, 8_812_345_678_903);

/** An active funnel: buying `core` offers `bump` at `discount`. */
export function bumpFunnel(
  core: OfferProduct,
  bump: OfferProduct,
  discount: OfferDiscount = { type: "percentage", percent: 10 },
  overrides: Partial<Funnel> = {},
): Funnel {
  return {
    id: "clx1course",
    name: "Course funnel",
    status: "active",
    priority: 0,
    createdAt: "2025-06-01T12:00:00.000Z",
    trigger: { match: { type: "products", products: [core] }, minSubtotal: null, maxSubtotal: null },
    bump: {
      product: bump,
      quantity: 1,
      discount,
      copy: {
        title: "Add the workbook",
        description: "Every exercise of the course on paper. Only at this price with your order.",
        checkboxLabel: "Yes, add the workbook",
      },
    },
    postPurchase: { upsell: null, downsell: null, followUp: null },
    ...overrides,
  };
}

export const EVENTS_URL = "https://upstack.example/api/checkout/events";

export const publish = (funnels: Funnel[], currency = "USD"): CheckoutConfig =>
  buildCheckoutConfig(funnels, currency, { eventsUrl: EVENTS_URL });

/** The shop metafield entry as the host returns it for our TOML declaration. */
export function metafieldEntry(value: unknown): AppMetafieldEntry {
  return {
    target: { type: "shop", id: "gid://shopify/Shop/1" },
    metafield: {
      ...PUBLISHED_METAFIELDS.checkout,
      value: typeof value === "string" ? value : JSON.stringify(value),
      valueType: "json_string",
      type: "json",
    },
  };
}

let nextLine = 1;
/** A cart line of `p`, priced at its regular price unless `amount` (decimal, as the host sends it). */
export function cartLine(
  p: OfferProduct,
  options: { quantity?: number; amount?: number; currency?: string; offerOf?: string } = {},
): CartLine {
  const quantity = options.quantity ?? 1;
  return createCartLine({
    id: `gid://shopify/CartLine/${nextLine++}`,
    merchandise: {
      type: "variant",
      id: p.variantId,
      title: p.title,
      selectedOptions: [],
      product: { id: p.productId, vendor: "Upstack Academy", productType: "" },
      requiresShipping: false,
    },
    quantity,
    cost: {
      totalAmount: {
        amount: options.amount ?? (p.price.amount * quantity) / 100,
        currencyCode: (options.currency ?? "USD") as CurrencyCode,
      },
    },
    attributes: options.offerOf ? [{ key: BUMP_OFFER_ATTRIBUTE, value: options.offerOf }] : [],
  });
}

type Messages = Record<string, string | Record<string, string>>;

/** shopify.i18n.translate over our English locale file: a missing key fails the test instead of echoing. */
export function translateWith(messages: Messages = en) {
  return (key: string, options: Record<string, string | number> = {}): string => {
    const entry = messages[key];
    const count = options.count;
    const text =
      typeof entry === "object" && typeof count === "number" ? entry[count === 1 ? "one" : "other"] : entry;
    if (typeof text !== "string") throw new Error(`Missing translation "${key}"`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? ""));
  };
}

/** What the checkout's formatCurrency does: Intl with the buyer's locale (en-US here). */
export const formatCurrencyEnUs = (value: number | bigint, options: Intl.NumberFormatOptions = {}) =>
  new Intl.NumberFormat("en-US", { style: "currency", ...options }).format(value);
