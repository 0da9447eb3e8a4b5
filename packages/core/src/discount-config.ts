/**
 * The bump discount Function's side of the published config: the document
 * type, its validation, and the decision of which cart lines get a discount.
 * Built by ./published-config at publish time.
 *
 * This module is compiled into the Function (JS -> WASM), so it imports only
 * percentageOff and fixedAmountOff from ./money and isFreeOffer from
 * ./offer-pricing: no Intl, no id helpers, no funnel logic.
 *
 * Discount integrity, the rules the Function enforces:
 * - A funnel's trigger is checked against the cart WITHOUT its own bump
 *   variant: the bump never qualifies itself, so removing the core product
 *   removes the discount (also for "any order": something else must be in
 *   the cart).
 * - Only a line the buyer pays for qualifies a bump: not a line priced 0.00
 *   (a gift), and not units already discounted as another funnel's bump, so
 *   two funnels whose bumps are each other's core cannot discount both with
 *   nothing else in the cart. A line that qualifies a discounted bump keeps
 *   one unit at full price: a later funnel cannot discount it as its bump.
 * - The subtotal bounds use the subtotal minus the bump lines' cost (when the
 *   caller passes it), so ticking the bump cannot push the order out of its
 *   own bounds.
 * - Only the bump variant's lines are discounted, at most the bump quantity
 *   in total, and never to 0.00 (isFreeOffer): a line whose price has fallen
 *   to the fixed amount, or whose unit price is unknown, gets no discount. The offer attribute a line carries never makes it eligible (a
 *   buyer can set attributes); it only decides which line is discounted first
 *   when the variant is in the cart on several lines.
 * - Funnels are in selection order (priority, age, id). Each matching funnel
 *   can discount its own bump, but a bump variant belongs to the first
 *   matching funnel that offers it, even one without a discount: that is the
 *   offer the checkout showed for that variant.
 * - The cart must be in the config's currency (the shop currency); otherwise
 *   nothing is discounted, since bounds and fixed amounts cannot be converted.
 *   The checkout shows no bump in that case either.
 */
import { fixedAmountOff, percentageOff } from "./money";
import { isFreeOffer } from "./offer-pricing";

export const DISCOUNT_CONFIG_VERSION = 1;
/** Shopify's limit on the metafield a Function reads, in bytes of UTF-8 JSON. */
export const DISCOUNT_CONFIG_LIMIT_BYTES = 10_000;
export const DEFAULT_DISCOUNT_MESSAGE = "Add-on offer";
/**
 * Line attribute the checkout extension sets on the bump line it adds (value:
 * the funnel id). The leading underscore keeps it out of the buyer's view.
 * Buyers can set attributes too, so it only orders lines, never earns a discount.
 */
export const BUMP_OFFER_ATTRIBUTE = "_upstack_offer";

/** One active funnel with a bump. Short keys: this document has a 10 KB budget. */
export type DiscountFunnelConfig = {
  /** Bump variant, numeric id. */
  b: number;
  /** Trigger: exactly one of a (any order: 1), p (product ids) or v (variant ids). */
  a?: 1;
  p?: number[];
  v?: number[];
  /** Inclusive subtotal bounds, minor units. */
  n?: number;
  x?: number;
  /** Most units of the bump discounted (the bump quantity). */
  q: number;
  /** Percentage off (0-100), or fixed amount off each unit in minor units; neither means no discount. */
  d?: number;
  f?: number;
};

export type DiscountConfig = {
  v: 1;
  /** Shop currency: of the bounds and fixed amounts. */
  c: string;
  /** Discount message shown to the buyer. */
  m: string;
  /** In selection order. */
  f: DiscountFunnelConfig[];
};

export type DiscountCartLine = {
  id: string;
  /** Numeric id, numeric string, or "gid://shopify/ProductVariant/<n>". */
  variantId: number | string;
  /** Numeric id, numeric string, or "gid://shopify/Product/<n>". */
  productId: number | string;
  quantity: number;
  /** The line's cost before this discount, minor units: lets the bounds ignore the bump. Read on bump-variant lines. */
  cost?: number;
  /**
   * Unit price, minor units. A bump-variant line needs it to be discounted
   * (exactly as offerPrice rounds, never to zero). On other lines only 0 is
   * read (a gift qualifies nothing), so a caller may leave it out on a line it
   * knows is priced above zero (see bumpVariantGids).
   */
  unitPrice?: number;
  attributeOffer?: string | null;
};

export type DiscountCart = {
  lines: DiscountCartLine[];
  subtotal: { amount: number; currency: string };
};

export type BumpDiscountCandidate = {
  lineId: string;
  quantity: number;
  /** Taken off each of `quantity` units, minor units: what offerPrice takes off one unit. Above zero, below the unit price. */
  value: { fixedAmountPerUnit: number };
  message: string;
};

export class ConfigTooLargeError extends Error {
  readonly bytes: number;
  readonly limit: number;
  constructor(bytes: number, limit: number, what = "discount settings") {
    super(
      `Your active bumps need ${kilobytes(bytes)} KB of ${what}; Shopify allows ${kilobytes(limit)} KB. ` +
        `Pause some funnels or trigger them on fewer products, then publish again.`,
    );
    this.name = "ConfigTooLargeError";
    this.bytes = bytes;
    this.limit = limit;
  }
}

function kilobytes(bytes: number): string {
  return String(Math.ceil(bytes / 100) / 10);
}

/** Bytes of a string encoded as UTF-8, without TextEncoder (Functions may lack it). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair is one 4-byte character
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function discountConfigSize(config: DiscountConfig): number {
  return utf8ByteLength(JSON.stringify(config));
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isAmount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isIdList = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every(isId);
const isPercent = (value: unknown): value is number =>
  typeof value === "number" && value >= 0 && value <= 100 && Math.round(value * 10_000) / 10_000 === value;

function isFunnelConfig(value: unknown): value is DiscountFunnelConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const f = value as Record<string, unknown>;
  const triggers = (f.a !== undefined ? 1 : 0) + (f.p !== undefined ? 1 : 0) + (f.v !== undefined ? 1 : 0);
  return (
    isId(f.b) &&
    triggers === 1 &&
    (f.a === undefined || f.a === 1) &&
    (f.p === undefined || isIdList(f.p)) &&
    (f.v === undefined || isIdList(f.v)) &&
    (f.n === undefined || isAmount(f.n)) &&
    (f.x === undefined || isAmount(f.x)) &&
    Number.isSafeInteger(f.q) &&
    (f.q as number) >= 1 &&
    !(f.d !== undefined && f.f !== undefined) &&
    (f.d === undefined || isPercent(f.d)) &&
    (f.f === undefined || isAmount(f.f))
  );
}

/**
 * A metafield's value as the host hands it over: already parsed, or a JSON
 * string. Unparseable text is undefined, so parsers fail closed.
 */
export function jsonValueOf(json: unknown): unknown {
  if (typeof json !== "string") return json;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** The config if it is well formed, else null: the Function then discounts nothing. */
export function parseDiscountConfig(json: unknown): DiscountConfig | null {
  const value = jsonValueOf(json);
  if (typeof value !== "object" || value === null) return null;
  const config = value as Record<string, unknown>;
  if (config.v !== DISCOUNT_CONFIG_VERSION) return null;
  if (typeof config.c !== "string" || !/^[A-Z]{3}$/.test(config.c)) return null;
  if (typeof config.m !== "string") return null;
  if (!Array.isArray(config.f) || !config.f.every(isFunnelConfig)) return null;
  return value as DiscountConfig;
}

// Built once: the Function calls numericId twice per cart line.
const VARIANT_GID = "gid://shopify/ProductVariant/";
const PRODUCT_GID = "gid://shopify/Product/";
const DIGITS = /^[1-9][0-9]*$/;

/** Numeric id from a number, a numeric string or a GID with this prefix; NaN otherwise (matches nothing). */
function numericId(value: number | string, gidPrefix: string): number {
  if (typeof value === "number") return isId(value) ? value : NaN;
  const digits = value.startsWith(gidPrefix) ? value.slice(gidPrefix.length) : value;
  const id = DIGITS.test(digits) ? Number(digits) : NaN;
  return isId(id) ? id : NaN;
}

/**
 * The GIDs of the configured bump variants. discountedBumpLines reads a line's
 * unitPrice and cost only when its variant is one of these (elsewhere only
 * whether unitPrice is 0), so a caller (the Function) may skip pricing every
 * other line: with 200 lines, parsing their amounts is a large share of the
 * Function's instruction budget.
 */
export function bumpVariantGids(config: DiscountConfig): Set<string> {
  return new Set(config.f.map((funnel) => VARIANT_GID + funnel.b));
}

type CartEntry = {
  line: DiscountCartLine;
  variant: number;
  product: number;
  /** Units discounted as a bump so far. */
  discounted: number;
  /** The line qualified a discounted bump: one unit stays at full price. */
  core: boolean;
};

const addTo = (index: Map<number, CartEntry[]>, key: number, entry: CartEntry) => {
  const same = index.get(key);
  if (same) same.push(entry);
  else index.set(key, [entry]);
};

/**
 * The Function's decision: which bump lines get which discount.
 *
 * Linear in the cart and the config: one pass over the lines indexes them by
 * variant and by product, then each funnel costs its trigger's ids and its
 * own bump lines (an "any order" funnel, the lines up to the first that
 * qualifies). A Function has an instruction budget (about 11 million for
 * 200 lines, in an interpreter).
 */
export function discountedBumpLines(config: DiscountConfig, cart: DiscountCart): BumpDiscountCandidate[] {
  if (cart.subtotal.currency !== config.c) return [];
  const entries: CartEntry[] = [];
  const byVariant = new Map<number, CartEntry[]>();
  const byProduct = new Map<number, CartEntry[]>();
  for (const line of cart.lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) continue;
    const entry: CartEntry = {
      line,
      variant: numericId(line.variantId, VARIANT_GID),
      product: numericId(line.productId, PRODUCT_GID),
      discounted: 0,
      core: false,
    };
    entries.push(entry);
    addTo(byVariant, entry.variant, entry);
    addTo(byProduct, entry.product, entry);
  }
  const decided = new Set<number>();
  const candidates: BumpDiscountCandidate[] = [];

  for (const funnel of config.f) {
    if (decided.has(funnel.b)) continue;
    const core = coreLine(funnel, entries, byVariant, byProduct);
    if (!core) continue;
    // In cart order (the index keeps it).
    const bumpLines = byVariant.get(funnel.b) ?? [];
    let subtotal = cart.subtotal.amount;
    for (const { line } of bumpLines) subtotal -= isAmount(line.cost) ? line.cost : 0;
    if ((funnel.n !== undefined && subtotal < funnel.n) || (funnel.x !== undefined && subtotal > funnel.x)) continue;

    decided.add(funnel.b);
    if (funnel.d === undefined && funnel.f === undefined) continue;
    // Lines the checkout marked as the offer first, then cart order.
    let remaining = funnel.q;
    for (const marked of [true, false]) {
      for (const entry of bumpLines) {
        const { line } = entry;
        if (remaining === 0 || Boolean(line.attributeOffer) !== marked) continue;
        const off = unitDiscount(funnel, line, config.c);
        const quantity = Math.min(remaining, line.quantity - entry.discounted - (entry.core ? 1 : 0));
        if (off === null || quantity < 1) continue;
        remaining -= quantity;
        entry.discounted += quantity;
        candidates.push({ lineId: line.id, quantity, value: { fixedAmountPerUnit: off }, message: config.m });
      }
    }
    if (remaining < funnel.q) core.core = true;
  }
  return candidates;
}

/**
 * The first line (in trigger order, then cart order) that satisfies the
 * funnel's trigger as a purchase: not the funnel's own bump variant, not a
 * gift priced 0.00, with a unit not discounted as a bump. Null: no core.
 */
function coreLine(
  funnel: DiscountFunnelConfig,
  entries: readonly CartEntry[],
  byVariant: ReadonlyMap<number, readonly CartEntry[]>,
  byProduct: ReadonlyMap<number, readonly CartEntry[]>,
): CartEntry | null {
  const bought = (entry: CartEntry) =>
    entry.variant !== funnel.b && entry.line.unitPrice !== 0 && entry.discounted < entry.line.quantity;
  if (funnel.a === 1) return entries.find(bought) ?? null;
  for (const variant of funnel.v ?? []) {
    const found = byVariant.get(variant)?.find(bought);
    if (found) return found;
  }
  for (const product of funnel.p ?? []) {
    const found = byProduct.get(product)?.find(bought);
    if (found) return found;
  }
  return null;
}

/**
 * What one unit of the line gets off: exactly what offerPrice takes off one
 * unit (money.ts rounding, a fixed amount clamped at the price), so the buyer
 * is charged what the checkout showed. Null when the line gets no discount:
 * its unit price is unknown, nothing would be taken off, or nothing would be
 * left to pay (isFreeOffer).
 */
function unitDiscount(funnel: DiscountFunnelConfig, line: DiscountCartLine, currency: string): number | null {
  if (!isAmount(line.unitPrice)) return null;
  const unit = { amount: line.unitPrice, currency };
  const result = funnel.f !== undefined ? fixedAmountOff(unit, { amount: funnel.f, currency }) : percentageOff(unit, funnel.d ?? 0);
  return result.saved.amount > 0 && !isFreeOffer(result) ? result.saved.amount : null;
}
