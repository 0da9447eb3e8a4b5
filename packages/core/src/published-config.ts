/**
 * What publishing writes to Shopify, so that nothing at checkout needs a
 * network call:
 *
 * - the checkout config, in an app-owned shop metafield read by the checkout
 *   UI extension: which bump to show for a cart, with its title, image,
 *   strikethrough prices and copy;
 * - the discount config, in the bump automatic discount's metafield read by
 *   the discount Function (see ./discount-config for its side).
 *
 * Both hold only ACTIVE funnels WITH A BUMP whose trigger can match
 * something, in selection order (priority desc, createdAt asc, id asc), and
 * both are checked against Shopify's size limits: too large throws
 * ConfigTooLargeError, never truncates (a silently dropped funnel would be a
 * bump the merchant thinks is live).
 *
 * Collection triggers are published as the product ids of those collections,
 * resolved by the caller (see CollectionProducts in ./trigger: the checkout
 * and the Function cannot look up collections). A collection missing from the map contributes no products:
 * the funnel fails closed (see unresolvedCollections to tell the merchant).
 */
import type { BumpCopy, Funnel, Trigger, TriggerMatch } from "./funnel";
import { compareFunnelOrder } from "./funnel-selection";
import { type Money, MoneyError } from "./money";
import { holdoutBuckets } from "./holdout";
import { CONTROL_ARM, experimentArm, runningExperiment } from "./offer-experiment";
import { offerPrice } from "./offer-pricing";
import { isGid, legacyIdFromGid } from "./shopify-ids";
import { type CollectionProducts, productsInCollection } from "./trigger";
import {
  ConfigTooLargeError,
  DEFAULT_DISCOUNT_MESSAGE,
  DISCOUNT_CONFIG_LIMIT_BYTES,
  type DiscountConfig,
  type DiscountFunnelConfig,
  discountConfigSize,
  jsonValueOf,
  utf8ByteLength,
} from "./discount-config";

/**
 * Where publishing writes each document. App-owned ("$app:" namespace), so
 * only Upstack can write them. The checkout extension's TOML and the
 * Function's input query must name the same namespace and keys.
 */
export const PUBLISHED_METAFIELDS = {
  /** On the shop; read by the checkout UI extension. */
  checkout: { namespace: "$app:upstack", key: "checkout_config" },
  /** On the bump automatic discount; read by the discount Function. */
  discount: { namespace: "$app:upstack", key: "bump_discount_config" },
} as const;

/** The discount Function extension's handle (its shopify.extension.toml), for discountAutomaticAppCreate. */
export const BUMP_DISCOUNT_FUNCTION_HANDLE = "bump-discount";

export type CompactTrigger =
  | { kind: "any_order" }
  | { kind: "products"; productIds: string[] }
  | { kind: "variants"; variantIds: string[] };

export type CheckoutBumpConfig = {
  variantId: string;
  productId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  quantity: number;
  /** Per unit, minor units of the config currency (from offerPrice). */
  regularUnitPrice: number;
  offerUnitPrice: number;
  copy: BumpCopy;
};

export type CheckoutFunnelConfig = {
  id: string;
  priority: number;
  trigger: CompactTrigger;
  /** Inclusive, minor units; null = no bound. */
  minSubtotal: number | null;
  maxSubtotal: number | null;
  bump: CheckoutBumpConfig;
  /**
   * The experiment running on the bump (./offer-experiment): the checkout
   * shows each purchase its arm, assigned from the checkout token. The
   * control's bump is `bump`; challengers carry their own.
   */
  experiment?: { id: string; arms: { key: string; weight: number; bump?: CheckoutBumpConfig }[] };
};

export type CheckoutConfig = {
  v: 1;
  /** Shop currency: of every amount in the document. */
  currency: string;
  /** In selection order: the first that matches wins. */
  funnels: CheckoutFunnelConfig[];
  /**
   * Where the checkout extension POSTs its impression/accept/remove events
   * (see isEventsUrl). Absent: the extension sends none.
   */
  eventsUrl?: string;
  /**
   * BUMP_MAX_CART_LINES, for readers that cannot import core (the cart
   * bump's plain JS). Absent in documents published before it existed.
   */
  maxCartLines?: number;
  /**
   * The merchant's holdout share (percent, 0-100, 2 decimals): the checkout
   * card shows nothing for a checkout token core's isHeldOut holds out.
   * Absent (documents published before it existed, or a share of 0): no holdout.
   * The cart bump ignores it (decision 0016: it has no checkout token).
   */
  holdoutPercent?: number;
};

export const CHECKOUT_CONFIG_VERSION = 1;
/** Shopify's JSON metafield limit (128 KB, API 2026-04 and later), kept conservative in bytes. */
export const CHECKOUT_CONFIG_LIMIT_BYTES = 128_000;

const unique = (values: string[]) => [...new Set(values)];

/** The trigger as ids only; null when it can match nothing (nothing chosen, collections unresolved). */
export function compactTrigger(match: TriggerMatch, collections?: CollectionProducts): CompactTrigger | null {
  switch (match.type) {
    case "any_order":
      return { kind: "any_order" };
    case "products": {
      const productIds = unique(match.products.map((product) => product.productId));
      return productIds.length > 0 ? { kind: "products", productIds } : null;
    }
    case "variants": {
      const variantIds = unique(match.variants.map((variant) => variant.variantId));
      return variantIds.length > 0 ? { kind: "variants", variantIds } : null;
    }
    case "collections": {
      const productIds = unique(match.collections.flatMap((c) => [...productsInCollection(collections, c.collectionId)]));
      return productIds.length > 0 ? { kind: "products", productIds } : null;
    }
    default:
      return null;
  }
}

/** Collections of active bump funnels that the map does not resolve: tell the merchant, they match nothing. */
export function unresolvedCollections(
  funnels: readonly Funnel[],
  collections?: CollectionProducts,
): { funnelId: string; collectionId: string; title: string }[] {
  return funnels.flatMap((funnel) => {
    const match = funnel.trigger.match;
    if (funnel.status !== "active" || !funnel.bump || match.type !== "collections") return [];
    return match.collections
      .filter((c) => productsInCollection(collections, c.collectionId).length === 0)
      .map((c) => ({ funnelId: funnel.id, collectionId: c.collectionId, title: c.title }));
  });
}

type Publishable = { funnel: Funnel; bump: NonNullable<Funnel["bump"]>; trigger: CompactTrigger };

function publishable(funnels: readonly Funnel[], collections: CollectionProducts | undefined): Publishable[] {
  const result: Publishable[] = [];
  for (const funnel of funnels) {
    if (funnel.status !== "active" || !funnel.bump) continue;
    const trigger = compactTrigger(funnel.trigger.match, collections);
    if (trigger) result.push({ funnel, bump: funnel.bump, trigger });
  }
  return result.sort((a, b) => compareFunnelOrder(a.funnel, b.funnel));
}

function inCurrency(value: Money | null, currency: string, what: string, funnel: Funnel): number | null {
  if (value === null) return null;
  if (value.currency !== currency) {
    throw new MoneyError(
      `The ${what} of funnel "${funnel.name}" is in ${value.currency}, but the shop currency is ${currency}. Edit the funnel and save it again.`,
    );
  }
  return value.amount;
}

function bounds(trigger: Trigger, currency: string, funnel: Funnel) {
  return {
    min: inCurrency(trigger.minSubtotal, currency, "minimum subtotal", funnel),
    max: inCurrency(trigger.maxSubtotal, currency, "maximum subtotal", funnel),
  };
}

// ---------------------------------------------------------------- checkout

/**
 * An address the checkout may send analytics to: https, or plain http to
 * localhost for development. The session token travels with each event, so
 * never over plain http to anywhere else.
 */
export function isEventsUrl(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length <= 2048 &&
    /^(?:https:\/\/[a-z0-9.-]+|http:\/\/(?:localhost|127\.0\.0\.1))(?::\d{1,5})?(?:\/[^\s?#]*)?(?:\?[^\s#]*)?$/i.test(value)
  );
}

export function buildCheckoutConfig(
  funnels: readonly Funnel[],
  shopCurrency: string,
  options: {
    collectionProducts?: CollectionProducts;
    eventsUrl?: string;
    /** Variants Shopify cannot sell now: their bumps are left out until a publish finds them back in stock. */
    soldOut?: ReadonlySet<string>;
    /** The merchant's holdout share; 0 or absent writes nothing (the document stays as before). */
    holdoutPercent?: number;
  } = {},
): CheckoutConfig {
  if (options.eventsUrl !== undefined && !isEventsUrl(options.eventsUrl)) {
    throw new Error(`The checkout events URL must be https (or http://localhost), got ${JSON.stringify(options.eventsUrl)}.`);
  }
  const shown = publishable(funnels, options.collectionProducts).filter(({ bump }) => !options.soldOut?.has(bump.product.variantId));
  const config: CheckoutConfig = {
    v: CHECKOUT_CONFIG_VERSION,
    currency: shopCurrency,
    funnels: shown.map(({ funnel, bump, trigger }) => {
      const { min, max } = bounds(funnel.trigger, shopCurrency, funnel);
      const experiment = runningExperiment(funnel, "bump");
      return {
        id: funnel.id,
        priority: funnel.priority,
        trigger,
        minSubtotal: min,
        maxSubtotal: max,
        bump: checkoutBump(bump, shopCurrency, funnel),
        ...(experiment
          ? {
              experiment: {
                id: experiment.id,
                arms: experiment.arms.map((arm) =>
                  arm.key === CONTROL_ARM
                    ? { key: arm.key, weight: arm.weight }
                    : { key: arm.key, weight: arm.weight, bump: checkoutBump(arm.offer as NonNullable<Funnel["bump"]>, shopCurrency, funnel) },
                ),
              },
            }
          : {}),
      };
    }),
    ...(options.eventsUrl === undefined ? {} : { eventsUrl: options.eventsUrl }),
    maxCartLines: BUMP_MAX_CART_LINES,
    // holdoutBuckets throws on a share the setting could never have saved.
    ...(options.holdoutPercent && holdoutBuckets(options.holdoutPercent) > 0 ? { holdoutPercent: options.holdoutPercent } : {}),
  };
  const bytes = checkoutConfigSize(config);
  if (bytes > CHECKOUT_CONFIG_LIMIT_BYTES) {
    throw new ConfigTooLargeError(bytes, CHECKOUT_CONFIG_LIMIT_BYTES, "checkout settings");
  }
  return config;
}

function checkoutBump(bump: NonNullable<Funnel["bump"]>, shopCurrency: string, funnel: Funnel): CheckoutBumpConfig {
  const price = offerPrice(bump);
  const { product } = bump;
  return {
    variantId: product.variantId,
    productId: product.productId,
    title: product.title,
    variantTitle: product.variantTitle,
    imageUrl: product.imageUrl,
    quantity: bump.quantity,
    regularUnitPrice: inCurrency(price.unitRegular, shopCurrency, "bump price", funnel) ?? 0,
    offerUnitPrice: price.unitOffer.amount,
    copy: { title: bump.copy.title, description: bump.copy.description, checkboxLabel: bump.copy.checkboxLabel },
  };
}

export function checkoutConfigSize(config: CheckoutConfig): number {
  return utf8ByteLength(JSON.stringify(config));
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string";
const isAmount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isNullable = <T>(check: (value: unknown) => value is T) => (value: unknown) => value === null || check(value);
const isGidList = (type: string) => (value: unknown) =>
  Array.isArray(value) && value.length > 0 && value.every((id) => isGid(id, type));

function isCheckoutTrigger(value: unknown): value is CompactTrigger {
  if (!isObject(value)) return false;
  if (value.kind === "any_order") return true;
  if (value.kind === "products") return isGidList("Product")(value.productIds);
  if (value.kind === "variants") return isGidList("ProductVariant")(value.variantIds);
  return false;
}

function isCheckoutBump(value: unknown): value is CheckoutBumpConfig {
  if (!isObject(value) || !isObject(value.copy)) return false;
  return (
    isGid(value.variantId, "ProductVariant") &&
    isGid(value.productId, "Product") &&
    isText(value.title) &&
    isNullable(isText)(value.variantTitle) &&
    isNullable(isText)(value.imageUrl) &&
    Number.isSafeInteger(value.quantity) &&
    (value.quantity as number) >= 1 &&
    isAmount(value.regularUnitPrice) &&
    isAmount(value.offerUnitPrice) &&
    value.offerUnitPrice <= value.regularUnitPrice &&
    isText(value.copy.title) &&
    isText(value.copy.description) &&
    isText(value.copy.checkboxLabel)
  );
}

/** Checked by checkoutArm, not parseCheckoutConfig: the cart bump, which must stay small, never reads it. */
function isCheckoutExperiment(value: unknown): value is CheckoutFunnelConfig["experiment"] {
  if (value === undefined) return true;
  if (!isObject(value) || !isText(value.id) || value.id === "" || !Array.isArray(value.arms) || value.arms.length < 2) return false;
  return value.arms.every(
    (arm) =>
      isObject(arm) &&
      isText(arm.key) &&
      Number.isSafeInteger(arm.weight) &&
      (arm.weight as number) >= 1 &&
      (arm.key === CONTROL_ARM ? arm.bump === undefined : isCheckoutBump(arm.bump)),
  );
}

function isCheckoutFunnel(value: unknown): value is CheckoutFunnelConfig {
  return (
    isObject(value) &&
    isText(value.id) &&
    value.id !== "" &&
    typeof value.priority === "number" &&
    Number.isFinite(value.priority) &&
    isCheckoutTrigger(value.trigger) &&
    isNullable(isAmount)(value.minSubtotal) &&
    isNullable(isAmount)(value.maxSubtotal) &&
    isCheckoutBump(value.bump)
  );
}

/**
 * The checkout config if it is exactly what buildCheckoutConfig writes
 * (accepts the parsed value or the JSON string); anything else is null, and
 * the checkout then shows no bump rather than a wrong price.
 */
export function parseCheckoutConfig(json: unknown): CheckoutConfig | null {
  const value = jsonValueOf(json);
  if (!isObject(value) || value.v !== CHECKOUT_CONFIG_VERSION) return null;
  if (!isText(value.currency) || !/^[A-Z]{3}$/.test(value.currency)) return null;
  if (!Array.isArray(value.funnels) || !value.funnels.every(isCheckoutFunnel)) return null;
  // Strict like the rest: a wrong URL means the document is not what the server writes.
  if (value.eventsUrl !== undefined && !isEventsUrl(value.eventsUrl)) return null;
  if (value.maxCartLines !== undefined && !(Number.isSafeInteger(value.maxCartLines) && (value.maxCartLines as number) >= 1)) return null;
  // Kept to a comparison (the cart bump bundles this parser under a byte budget); isHeldOut checks the decimals.
  const share = value.holdoutPercent;
  if (share !== undefined && !(typeof share === "number" && share >= 0 && share <= 100)) return null;
  return value as CheckoutConfig;
}

/**
 * The largest cart, in lines (the bump's own included), that a bump is
 * offered for, on every surface (checkout card, cart page). The discount
 * Function runs in an interpreter with an instruction budget (11 million for
 * carts up to 200 lines), and decoding its input alone grows with every line:
 * measured with 50 to 150 funnels, a 100-line cart stays under 8 million, a
 * 200-line one does not (extensions/bump-discount/README.md). Beyond this
 * the Function may run out and the buyer would pay the full price for a
 * bump shown at its offer price. A plain number, for the cart bump's plain JS.
 */
export const BUMP_MAX_CART_LINES = 100;

/** Whether a bump can be offered in a cart of `lineCount` lines: one not in it yet would add a line. */
export function bumpFitsCart(lineCount: number, bumpInCart: boolean): boolean {
  return lineCount + (bumpInCart ? 0 : 1) <= BUMP_MAX_CART_LINES;
}

export type CheckoutCart = {
  lines: { productId: string; variantId: string; quantity: number; /** Line cost, minor units. */ cost?: number }[];
  subtotal: Money;
};

export type CheckoutBumpOffer = CheckoutBumpConfig & {
  funnelId: string;
  /** The purchase's arm when an experiment runs on this bump ("control", "b"...), else null. */
  arm: string | null;
  currency: string;
  /** The bump variant is already in the cart: show the checkbox ticked (unticking removes it). */
  inCart: boolean;
  /** Units of the bump variant in the cart. */
  cartQuantity: number;
};

/**
 * The bump the checkout shows: the first funnel (selection order) whose
 * trigger matches the cart without its own bump variant, with the same rules
 * as the discount Function (see ./discount-config), so the price shown is the
 * price charged. A bump variant already in the cart is returned with
 * inCart: true rather than hidden, so a ticked bump stays visible and can be
 * unticked; the Function discounts it either way. A cart too big for the
 * Function's budget gets no bump (BUMP_MAX_CART_LINES).
 */
export function checkoutBumpFor(
  config: CheckoutConfig,
  cart: CheckoutCart,
  /**
   * The bump of a funnel this purchase sees: the checkout passes
   * `(funnel) => checkoutArm(funnel, checkoutToken)`. Without it, the
   * funnel's own bump (the control): the cart bump, which knows no checkout
   * token and must stay small, shows that.
   */
  armOf?: (funnel: CheckoutFunnelConfig) => { bump: CheckoutBumpConfig; arm: string | null },
): CheckoutBumpOffer | null {
  if (cart.subtotal.currency !== config.currency) return null;
  const lines = cart.lines.filter((line) => Number.isSafeInteger(line.quantity) && line.quantity >= 1);
  for (const funnel of config.funnels) {
    const { trigger } = funnel;
    const { bump, arm } = armOf ? armOf(funnel) : { bump: funnel.bump, arm: null };
    // A gift (a line costing 0.00) is no purchase: like the Function, it triggers no bump.
    const others = lines.filter((line) => line.variantId !== bump.variantId && line.cost !== 0);
    const bumpLines = lines.filter((line) => line.variantId === bump.variantId);
    const triggered =
      trigger.kind === "any_order"
        ? others.length > 0
        : trigger.kind === "products"
          ? others.some((line) => trigger.productIds.includes(line.productId))
          : others.some((line) => trigger.variantIds.includes(line.variantId));
    if (!triggered) continue;
    let subtotal = cart.subtotal.amount;
    for (const line of bumpLines) subtotal -= isAmount(line.cost) ? line.cost : 0;
    if (funnel.minSubtotal !== null && subtotal < funnel.minSubtotal) continue;
    if (funnel.maxSubtotal !== null && subtotal > funnel.maxSubtotal) continue;
    const cartQuantity = bumpLines.reduce((total, line) => total + line.quantity, 0);
    if (!bumpFitsCart(cart.lines.length, bumpLines.length > 0)) continue;
    return { ...bump, funnelId: funnel.id, arm, currency: config.currency, inCart: cartQuantity > 0, cartQuantity };
  }
  return null;
}

/**
 * The bump a purchase sees of a published funnel: its arm's when an
 * experiment runs (assigned from the purchase key, as everywhere), the
 * control's without a key (nothing known yet: the cart bump, say).
 */
export function checkoutArm(funnel: CheckoutFunnelConfig, purchaseKey: string | null): { bump: CheckoutBumpConfig; arm: string | null } {
  const experiment = funnel.experiment;
  // None, or malformed: the funnel's own bump, priced by the Function's untagged entry.
  if (!experiment || !isCheckoutExperiment(experiment)) return { bump: funnel.bump, arm: null };
  if (purchaseKey === null) return { bump: funnel.bump, arm: CONTROL_ARM };
  const arm = experimentArm(experiment, purchaseKey);
  return { bump: experiment.arms.find((candidate) => candidate.key === arm)?.bump ?? funnel.bump, arm };
}

// ---------------------------------------------------------------- discount Function

export type DiscountConfigResult = { config: DiscountConfig; bytes: number; fits: boolean };

/**
 * The discount Function's config. Throws ConfigTooLargeError above
 * DISCOUNT_CONFIG_LIMIT_BYTES unless allowTooLarge (e.g. to show the
 * merchant how much of the budget is used), then `fits` says so.
 */
export function buildDiscountConfig(
  funnels: readonly Funnel[],
  shopCurrency: string,
  options: { collectionProducts?: CollectionProducts; message?: string; allowTooLarge?: boolean } = {},
): DiscountConfigResult {
  const config: DiscountConfig = {
    v: 1,
    c: shopCurrency,
    m: options.message ?? DEFAULT_DISCOUNT_MESSAGE,
    // A bump under test: its funnel's entry, then one per challenger arm, tagged (./discount-config's header).
    f: publishable(funnels, options.collectionProducts).flatMap(({ funnel, bump, trigger }) => {
      const arms = runningExperiment(funnel, "bump")?.arms.filter((arm) => arm.key !== CONTROL_ARM) ?? [];
      return [
        discountEntry(funnel, bump, trigger, shopCurrency, undefined),
        ...arms.map((arm) => discountEntry(funnel, arm.offer as NonNullable<Funnel["bump"]>, trigger, shopCurrency, arm.key)),
      ];
    }),
  };
  const bytes = discountConfigSize(config);
  const fits = bytes <= DISCOUNT_CONFIG_LIMIT_BYTES;
  if (!fits && !options.allowTooLarge) throw new ConfigTooLargeError(bytes, DISCOUNT_CONFIG_LIMIT_BYTES);
  return { config, bytes, fits };
}

function discountEntry(
  funnel: Funnel,
  bump: NonNullable<Funnel["bump"]>,
  trigger: CompactTrigger,
  shopCurrency: string,
  arm: string | undefined,
): DiscountFunnelConfig {
  const entry: DiscountFunnelConfig = { b: legacyIdFromGid(bump.product.variantId, "ProductVariant"), q: bump.quantity };
  if (trigger.kind === "any_order") entry.a = 1;
  else if (trigger.kind === "products") entry.p = trigger.productIds.map((id) => legacyIdFromGid(id, "Product"));
  else entry.v = trigger.variantIds.map((id) => legacyIdFromGid(id, "ProductVariant"));
  const { min, max } = bounds(funnel.trigger, shopCurrency, funnel);
  if (min !== null) entry.n = min;
  if (max !== null) entry.x = max;
  const { discount } = bump;
  // Validates the discount the same way the checkout prices it.
  inCurrency(offerPrice(bump).unitRegular, shopCurrency, "bump price", funnel);
  if (discount.type === "percentage" && discount.percent > 0) entry.d = discount.percent;
  if (discount.type === "fixed_amount" && discount.amount > 0) entry.f = discount.amount;
  if (arm !== undefined) entry.k = arm;
  return entry;
}

