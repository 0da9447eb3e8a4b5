/**
 * What the card shows, from the checkout's own state and the published
 * config. Everything that decides an offer or a price is core's
 * (parseCheckoutConfig, checkoutBumpFor, money): this file only translates
 * between the checkout API's shapes and core's.
 */
import type { AppMetafieldEntry, CartLine, Money as CheckoutMoney } from "@shopify/ui-extensions/checkout";
import {
  BUMP_OFFER_ATTRIBUTE,
  CHECKOUT_CONFIG_LIMIT_BYTES,
  type CheckoutBumpOffer,
  type CheckoutCart,
  type CheckoutConfig,
  type Money,
  MoneyError,
  PUBLISHED_METAFIELDS,
  checkoutArm,
  checkoutBumpFor,
  checkoutHeldOut,
  minorUnitDigits,
  type PriceLine,
  money,
  parseCheckoutConfig,
  priceLineOfUnits,
  utf8ByteLength,
} from "@upstack/core";

// The card re-renders on every cart change; the document (up to 128 KB) only changes on publish.
let parsed: { value: string; config: CheckoutConfig | null } | undefined;

/** The shop's published config, or null when missing, oversized or malformed (then no bump shows). */
export function readConfig(entries: readonly AppMetafieldEntry[]): CheckoutConfig | null {
  const { namespace, key } = PUBLISHED_METAFIELDS.checkout;
  const entry = entries.find(
    (e) => e.target.type === "shop" && e.metafield.namespace === namespace && e.metafield.key === key,
  );
  const value = entry?.metafield.value;
  if (typeof value !== "string") return null;
  if (parsed?.value !== value) {
    parsed = { value, config: utf8ByteLength(value) > CHECKOUT_CONFIG_LIMIT_BYTES ? null : parseCheckoutConfig(value) };
  }
  return parsed.config;
}

/**
 * Checkout money (a decimal number such as 29.99) as core money in `currency`.
 * Rounded to the currency's minor unit because the host's sums are floats
 * (19.99 * 100 = 1998.9999...); another currency throws, so the caller shows nothing.
 */
export function toCoreMoney(value: CheckoutMoney, currency: string): Money {
  if (value.currencyCode !== currency) {
    throw new MoneyError(`Expected ${currency}, got ${value.currencyCode}.`);
  }
  return money(Math.round(value.amount * 10 ** minorUnitDigits(currency)), currency);
}

/** The cart as core's matching reads it, in the subtotal's (presentment) currency. */
export function coreCart(lines: readonly CartLine[], subtotal: CheckoutMoney): CheckoutCart {
  const currency = subtotal.currencyCode;
  return {
    subtotal: toCoreMoney(subtotal, currency),
    lines: lines.map((line) => ({
      productId: line.merchandise.product.id,
      variantId: line.merchandise.id,
      quantity: line.quantity,
      cost: toCoreMoney(line.cost.totalAmount, currency).amount,
    })),
  };
}

export type CheckoutState = {
  appMetafields: readonly AppMetafieldEntry[];
  lines: readonly CartLine[];
  subtotal: CheckoutMoney;
  /** shopify.localization.currency: what the buyer sees prices in. */
  presentmentCurrency: string;
  /** shopify.checkoutToken: the purchase key the holdout (core's checkoutHeldOut) and an experiment's arm are decided by; null while the host does not know it. */
  checkoutToken?: string | null;
};

export type BumpState = {
  config: CheckoutConfig;
  /** The bump to show, or null (no funnel matches, or the checkout is held out). */
  offer: CheckoutBumpOffer | null;
  /** Lines we added whose offer no longer applies (e.g. the core product left): remove them. */
  orphans: CartLine[];
};

/**
 * Null when nothing can be judged: no valid config, or the checkout is in
 * another currency than the published prices (showing them would be a wrong
 * price; converting them is not ours to do). Throws on malformed host data.
 */
export function bumpState(state: CheckoutState): BumpState | null {
  const config = readConfig(state.appMetafields);
  if (!config) return null;
  if (state.presentmentCurrency !== config.currency || state.subtotal.currencyCode !== config.currency) return null;
  const cart = coreCart(state.lines, state.subtotal);
  const token = state.checkoutToken ?? null;
  // A held-out checkout sees no card; bump lines it already has (put in from the cart) keep their price rule.
  const offer = checkoutHeldOut(config.holdoutPercent, token) ? null : checkoutBumpFor(config, cart, (funnel) => checkoutArm(funnel, token));
  // A bump under test waits for the checkout token: showing the control first could show this purchase the wrong arm.
  const shown = offer?.arm && token === null ? null : offer;
  return { config, offer: shown, orphans: orphanBumpLines(config, state.lines, cart, token) };
}

/**
 * Lines carrying our offer attribute whose variant no funnel offers for this
 * cart any more: the trigger left the cart, the subtotal fell out of bounds,
 * or the funnel was unpublished. The Function no longer discounts them, so
 * the buyer would pay full price for something ticked at an offer price.
 * Lines the buyer added without our attribute are never touched.
 */
export function orphanBumpLines(
  config: CheckoutConfig,
  lines: readonly CartLine[],
  cart: CheckoutCart,
  checkoutToken: string | null = null,
): CartLine[] {
  // Without the token, which arm this purchase sees is unknown: nothing is an orphan yet.
  if (checkoutToken === null && config.funnels.some((funnel) => funnel.experiment)) return [];
  return lines.filter((line) => {
    if (!line.attributes.some((attribute) => attribute.key === BUMP_OFFER_ATTRIBUTE)) return false;
    // Any funnel offering this variant keeps it (the Function gives a variant to the first such funnel that matches):
    // as its own bump (what the cart bump added) or as this purchase's arm.
    const variant = line.merchandise.id;
    const funnels = config.funnels.filter(
      (funnel) => funnel.bump.variantId === variant || checkoutArm(funnel, checkoutToken).bump.variantId === variant,
    );
    return checkoutBumpFor({ ...config, funnels }, cart) === null;
  });
}

/** The price line, by core's rule (priceLineOfUnits) over the unit prices core published. */
export function bumpPrices(offer: CheckoutBumpOffer): PriceLine {
  return priceLineOfUnits(
    { regular: money(offer.regularUnitPrice, offer.currency), offer: money(offer.offerUnitPrice, offer.currency) },
    offer.quantity,
  );
}
