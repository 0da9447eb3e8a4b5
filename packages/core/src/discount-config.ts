/**
 * The bump discount Function's side of the published config: the document
 * type, its validation, and the decision of which cart lines get a discount.
 * Built by ./published-config at publish time.
 *
 * This module is compiled into the Function (JS -> WASM), so it imports only
 * money.ts's minor-unit rules and isFreeOffer from ./offer-pricing: no Intl,
 * no id helpers, no funnel logic. It runs in an interpreter with an
 * instruction budget, so the decision reads Shopify's cart where it lies and
 * only the lines that can matter (see discountedBumpLines).
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
 * - The subtotal bounds use the subtotal minus the bump lines' cost, so
 *   ticking the bump cannot push the order out of its own bounds; a bump
 *   line whose amount doesn't parse means no discount at all.
 * - Only the bump variant's lines are discounted, at most the bump quantity
 *   in total, and never to 0.00 (isFreeOffer): a line whose price has fallen
 *   to the fixed amount gets no discount. The offer attribute a line carries never makes it eligible (a
 *   buyer can set attributes); it only decides which line is discounted first
 *   when the variant is in the cart on several lines.
 * - Funnels are in selection order (priority, age, id). Each matching funnel
 *   can discount its own bump, but a bump variant belongs to the first
 *   matching funnel that offers it, even one without a discount: that is the
 *   offer the checkout showed for that variant.
 * - The cart must be in the config's currency (the shop currency); otherwise
 *   nothing is discounted, since bounds and fixed amounts cannot be converted.
 *   The checkout shows no bump in that case either.
 * - Experiments (./offer-experiment): a bump under test is published as its
 *   funnel's entry (the control) followed by one entry per challenger arm,
 *   tagged `k` with the arm's key and holding that arm's variant, quantity
 *   and discount: the list of prices the merchant offers some buyers. A line
 *   whose attribute names an arm (`<funnel>~<arm>`, set by the checkout for
 *   the buyer's assigned arm) is priced by the first matching entry tagged
 *   with that arm for its variant; any other line (no attribute, the control,
 *   an arm no entry has for that variant) by the untagged entries only. So a
 *   buyer who forges the attribute gets at most another arm's price, which
 *   the merchant offers some buyers; a variant or price in no entry gets no
 *   discount, and an arm's variant bought without its tag gets none either.
 */
import { minorUnitDigits, minorUnitsOfDecimal, percentOfMinorUnits } from "./money";
import { isFreeOffer } from "./offer-pricing";

export const DISCOUNT_CONFIG_VERSION = 1;
/** Shopify's limit on the metafield a Function reads, in bytes of UTF-8 JSON. */
export const DISCOUNT_CONFIG_LIMIT_BYTES = 10_000;
export const DEFAULT_DISCOUNT_MESSAGE = "Add-on offer";
/** The title of the shop's automatic bump discount, as publishing creates it (the merchant sees it in Shopify's discounts list). */
export const BUMP_DISCOUNT_TITLE = "Upstack order bump";

/**
 * Whether an AUTOMATIC discount application on an order is the bump
 * discount, by its title. Shopify titles a Function's application with the
 * message the Function gave its candidate (what the buyer saw in checkout),
 * or with the discount's own title when it gave none: either names ours.
 * Buyers cannot create automatic discounts, so neither title can be forged
 * by one; the caller must still check that the application is automatic.
 */
export function isBumpDiscountTitle(title: string | null | undefined): boolean {
  return title === BUMP_DISCOUNT_TITLE || title === DEFAULT_DISCOUNT_MESSAGE;
}
/**
 * Line attribute the checkout extension sets on the bump line it adds (value:
 * the funnel id). The leading underscore keeps it out of the buyer's view.
 * Buyers can set attributes too, so it only orders lines, never earns a discount.
 */
export const BUMP_OFFER_ATTRIBUTE = "_upstack_offer";
/** Between the funnel id and the arm in BUMP_OFFER_ATTRIBUTE's value, for a challenger arm ("<funnel>~b"). */
export const ARM_SEPARATOR = "~";

/** BUMP_OFFER_ATTRIBUTE's value for a funnel's bump, as the checkout sets it: the arm only for a challenger. */
export function offerAttributeValue(funnelId: string, arm: string | null): string {
  return arm === null || arm === "control" ? funnelId : funnelId + ARM_SEPARATOR + arm;
}

/** The funnel and arm a BUMP_OFFER_ATTRIBUTE value names (a hint: anyone can set it). */
export function parseOfferAttribute(value: string): { funnelId: string; arm: string | null } {
  const at = value.indexOf(ARM_SEPARATOR);
  return at < 0 ? { funnelId: value, arm: null } : { funnelId: value.slice(0, at), arm: value.slice(at + 1) };
}

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
  /** A challenger arm's key: this entry prices only lines whose attribute names that arm (see the header). */
  k?: string;
};

export type DiscountConfig = {
  v: 1;
  /** Shop currency: of the bounds and fixed amounts. */
  c: string;
  /** Discount message shown to the buyer. */
  m: string;
  /** In selection order. parseDiscountConfig leaves a funnel's fields to discountedBumpLines, which checks those it reads. */
  f: DiscountFunnelConfig[];
};

/**
 * A cart line as the Function's input query returns it. The decision reads
 * Shopify's shape where it lies instead of a copy in core's own terms: copying
 * (and parsing) 200 lines cost more of the Function's instruction budget than
 * deciding (docs/decisions/0012-bump-discount-instruction-budget.md).
 */
export type DiscountCartLine = {
  id: string;
  quantity: number;
  /** BUMP_OFFER_ATTRIBUTE. Buyers can set it too: it only orders lines. */
  attribute: { value: string | null } | null;
  /** The unit price, a decimal string in the cart's currency. */
  cost: { amountPerQuantity: { amount: string } };
  /** GIDs of the ProductVariant and its product; a custom item has neither. */
  merchandise: { id?: string; product?: { id: string } };
};

export type DiscountCart = {
  lines: DiscountCartLine[];
  /** The cart's subtotal; its currency is the whole cart's (the presentment currency). */
  cost: { subtotalAmount: { amount: string; currencyCode: string } };
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
const isPercent = (value: unknown): value is number =>
  typeof value === "number" && value >= 0 && value <= 100 && Math.round(value * 10_000) / 10_000 === value;

function isIdList(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!isId(value[i])) return false;
  return true;
}

/** A funnel's fields, checked where the decision reads them (discountedBumpLines). */
function isFunnelConfig(value: object): value is DiscountFunnelConfig {
  const { b, a, p, v, n, x, q, d, f, k } = value as Record<string, unknown>;
  // Exactly one trigger: any order (a: 1), products (p) or variants (v).
  const trigger = a !== undefined ? a === 1 && p === undefined && v === undefined : p !== undefined ? v === undefined && isIdList(p) : isIdList(v);
  return (
    trigger &&
    isId(b) &&
    Number.isSafeInteger(q) &&
    (q as number) >= 1 &&
    (n === undefined || isAmount(n)) &&
    (x === undefined || isAmount(x)) &&
    (k === undefined || (typeof k === "string" && k !== "")) &&
    (d === undefined ? f === undefined || isAmount(f) : f === undefined && isPercent(d))
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

/**
 * The config if the document is well formed, else null: the Function then
 * discounts nothing. Each funnel must be an object; its fields are checked by
 * discountedBumpLines when its bump is in the cart, where a malformed one
 * means no discount at all. A funnel whose bump is not in the cart decides
 * nothing, so on a 200-line cart the Function does not pay to check it.
 */
export function parseDiscountConfig(json: unknown): DiscountConfig | null {
  const value = jsonValueOf(json);
  if (typeof value !== "object" || value === null) return null;
  const config = value as Record<string, unknown>;
  if (config.v !== DISCOUNT_CONFIG_VERSION) return null;
  if (typeof config.c !== "string" || !/^[A-Z]{3}$/.test(config.c)) return null;
  if (typeof config.m !== "string") return null;
  const funnels = config.f;
  if (!Array.isArray(funnels)) return null;
  for (let i = 0; i < funnels.length; i++) {
    const funnel: unknown = funnels[i];
    if (typeof funnel !== "object" || funnel === null) return null;
  }
  return value as DiscountConfig;
}

const VARIANT_GID = "gid://shopify/ProductVariant/";
const PRODUCT_GID = "gid://shopify/Product/";

/** A cart line the decision may touch: a bump variant's, a trigger's, or the first paid line of the rest. */
type Entry = {
  readonly line: DiscountCartLine;
  /** The bump its variant is (the first funnel offering that variant), or -1. */
  readonly bump: number;
  /** Unit price in minor units: undefined until read, null when it doesn't parse. */
  price: number | null | undefined;
  /** Units discounted as a bump so far. */
  discounted: number;
  /** The line qualified a discounted bump: one unit stays at full price. */
  core: boolean;
};

/** A bump variant in the cart: its lines in cart order. */
type BumpLines = {
  /** The variant's GID. */
  readonly gid: string;
  readonly entries: Entry[];
  /** Their cost (unit price x quantity), minor units: the bounds leave it out. */
  cost: number;
  /** A funnel that matched owns the variant (the first, in selection order). */
  decided: boolean;
};

/**
 * The Function's decision: which bump lines get which discount.
 *
 * Built for an interpreter's instruction budget (about 11 million for a
 * 200-line cart; the figures are in extensions/bump-discount's README): it
 * reads the lines at most twice, with a lookup or two each, and touches the
 * rest of a line only when the line can matter.
 * 1. The lines of a bump variant. Usually there are none and nothing else is
 *    read. Their amounts are parsed as they are read.
 * 2. Only for the funnels whose bump is in the cart: their triggers' lines,
 *    and for "any order" the first other line the buyer pays for. Every
 *    other line changes nothing: it is no bump and no trigger of a funnel
 *    that can discount, and for "any order" that first paid line already
 *    qualifies (no other line is ever discounted). A trigger line's amount
 *    is read when it is first asked whether it is a gift.
 * A funnel whose bump is not in the cart discounts nothing and reserves
 * nothing, so it costs only its bump's lookup key.
 */
export function discountedBumpLines(config: DiscountConfig, cart: DiscountCart): BumpDiscountCandidate[] {
  const total = cart.cost.subtotalAmount;
  if (total.currencyCode !== config.c) return [];
  const digits = minorUnitDigits(config.c);
  const cartSubtotal = minorUnitsOfDecimal(total.amount, digits);
  if (cartSubtotal === null) return [];
  const funnels = config.f;
  const lines = cart.lines;

  // Each funnel's bump, as the first funnel offering the same variant (for the same arm, when tagged).
  const firstByGid = new Map<string, number>();
  const bumpOf: number[] = [];
  // By that first funnel's index, once the variant is found in the cart (an array: cheaper than a Map here).
  const bumpLines: (BumpLines | undefined)[] = [];
  let tagged = false;
  for (let i = 0; i < funnels.length; i++) {
    const funnel = funnels[i] as DiscountFunnelConfig;
    let gid = VARIANT_GID + funnel.b;
    if (funnel.k !== undefined) {
      tagged = true;
      gid += ARM_SEPARATOR + funnel.k;
    }
    const first = firstByGid.get(gid);
    if (first === undefined) firstByGid.set(gid, i);
    bumpOf.push(first ?? i);
    bumpLines.push(undefined);
  }

  // Pass 1: the bump variants' lines.
  const bumpEntries: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as DiscountCartLine;
    const id = line.merchandise.id;
    if (id === undefined) continue;
    let bump = firstByGid.get(id);
    if (tagged) {
      // A line naming an arm is priced by that arm's entries for its variant, if any (see the header).
      const value = line.attribute?.value;
      const at = value ? value.indexOf(ARM_SEPARATOR) : -1;
      const armed = at < 0 ? undefined : firstByGid.get(id + (value as string).slice(at));
      if (armed !== undefined) bump = armed;
    }
    if (bump === undefined) continue;
    // Fail closed: without a bump line's cost, the subtotal bounds would
    // count the bump itself, which is exactly what the rules forbid.
    const price = minorUnitsOfDecimal(line.cost.amountPerQuantity.amount, digits);
    if (price === null) return [];
    const quantity = line.quantity;
    if (!Number.isSafeInteger(quantity) || quantity < 1) continue;
    const entry: Entry = { line, bump, price, discounted: 0, core: false };
    bumpEntries.push(entry);
    let same = bumpLines[bump];
    if (same === undefined) bumpLines[bump] = same = { gid: id, entries: [], cost: 0, decided: false };
    same.entries.push(entry);
    same.cost += price * quantity;
    if (!Number.isSafeInteger(same.cost)) return [];
  }
  if (bumpEntries.length === 0) return [];

  // The triggers of the funnels whose bump is in the cart.
  const variantTriggers = new Map<string, Entry[]>();
  const productTriggers = new Map<string, Entry[]>();
  const triggers: (Entry[][] | null)[] = [];
  let anyOrder = false;
  for (let i = 0; i < funnels.length; i++) {
    const funnel = funnels[i] as DiscountFunnelConfig;
    let lists: Entry[][] | null = null;
    if (bumpLines[bumpOf[i] as number] !== undefined) {
      // Its bump is in the cart: it decides, so it must be well formed (a
      // malformed funnel elsewhere matches no line: its bump id is no GID's).
      if (!isFunnelConfig(funnel)) return [];
      if (funnel.a === 1) anyOrder = true;
      else {
        lists = [];
        const { v, p } = funnel;
        if (v !== undefined) for (let k = 0; k < v.length; k++) lists.push(listFor(variantTriggers, VARIANT_GID + v[k]));
        if (p !== undefined) for (let k = 0; k < p.length; k++) lists.push(listFor(productTriggers, PRODUCT_GID + p[k]));
      }
    }
    triggers.push(lists);
  }

  // Pass 2: the triggers' lines, and the lines "any order" reads, in cart order.
  const byVariant = variantTriggers.size > 0;
  const byProduct = productTriggers.size > 0;
  const anyOrderLines: Entry[] = [];
  let paidOtherLine = !anyOrder;
  let nextBump = 0;
  for (let i = 0; i < lines.length && !(paidOtherLine && !byVariant && !byProduct); i++) {
    const line = lines[i] as DiscountCartLine;
    const merchandise = line.merchandise;
    const ofVariant = byVariant && merchandise.id !== undefined ? variantTriggers.get(merchandise.id) : undefined;
    const ofProduct = byProduct && merchandise.product !== undefined ? productTriggers.get(merchandise.product.id) : undefined;
    let entry = bumpEntries[nextBump];
    if (entry !== undefined && entry.line === line) nextBump++;
    else {
      const other = ofVariant === undefined && ofProduct === undefined;
      if (other && paidOtherLine) continue;
      const quantity = line.quantity;
      if (!Number.isSafeInteger(quantity) || quantity < 1) continue;
      let price: number | null | undefined;
      if (other) {
        price = minorUnitsOfDecimal(line.cost.amountPerQuantity.amount, digits);
        // A gift (0.00) qualifies nothing; an amount that doesn't parse is not known to be one.
        if (price === 0) continue;
        paidOtherLine = true;
      }
      entry = { line, bump: -1, price, discounted: 0, core: false };
    }
    if (anyOrder) anyOrderLines.push(entry);
    if (ofVariant !== undefined) ofVariant.push(entry);
    if (ofProduct !== undefined) ofProduct.push(entry);
  }
  const anyOrderTrigger = [anyOrderLines];

  const candidates: BumpDiscountCandidate[] = [];
  // With arms, one variant's lines may sit in several groups (untagged, per arm): the first to match owns the variant.
  const decidedVariants = tagged ? new Set<string>() : null;
  for (let i = 0; i < funnels.length; i++) {
    const funnel = funnels[i] as DiscountFunnelConfig;
    const bump = bumpOf[i] as number;
    const own = bumpLines[bump];
    if (own === undefined || own.decided || decidedVariants?.has(own.gid)) continue;
    const core = coreLine(triggers[i] ?? anyOrderTrigger, own.gid, digits);
    if (core === null) continue;
    const subtotal = cartSubtotal - own.cost;
    if ((funnel.n !== undefined && subtotal < funnel.n) || (funnel.x !== undefined && subtotal > funnel.x)) continue;

    own.decided = true;
    decidedVariants?.add(own.gid);
    if (funnel.d === undefined && funnel.f === undefined) continue;
    // Lines the checkout marked as the offer first, then cart order.
    let remaining = discountLines(funnel, own.entries, true, funnel.q, candidates, config);
    remaining = discountLines(funnel, own.entries, false, remaining, candidates, config);
    if (remaining < funnel.q) core.core = true;
  }
  return candidates;
}

function listFor(lists: Map<string, Entry[]>, gid: string): Entry[] {
  let list = lists.get(gid);
  if (list === undefined) {
    list = [];
    lists.set(gid, list);
  }
  return list;
}

/**
 * The first line (in trigger order, then cart order) that satisfies the
 * funnel's trigger as a purchase: not the funnel's own bump variant, not a
 * gift priced 0.00, with a unit not discounted as a bump. Null: no core.
 */
function coreLine(triggers: readonly (readonly Entry[])[], bumpGid: string, digits: number): Entry | null {
  for (let t = 0; t < triggers.length; t++) {
    const entries = triggers[t] as readonly Entry[];
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k] as Entry;
      if (entry.line.merchandise.id === bumpGid || entry.discounted >= entry.line.quantity) continue;
      if (entry.price === undefined) entry.price = minorUnitsOfDecimal(entry.line.cost.amountPerQuantity.amount, digits);
      // A gift (0.00) qualifies nothing; an amount that doesn't parse is not known to be one.
      if (entry.price !== 0) return entry;
    }
  }
  return null;
}

/** Discounts the bump's lines that are (or are not) marked as the offer, up to `remaining` units; returns what is left. */
function discountLines(
  funnel: DiscountFunnelConfig,
  entries: readonly Entry[],
  marked: boolean,
  remaining: number,
  candidates: BumpDiscountCandidate[],
  config: DiscountConfig,
): number {
  for (let k = 0; k < entries.length && remaining > 0; k++) {
    const entry = entries[k] as Entry;
    const line = entry.line;
    if (Boolean(line.attribute?.value) !== marked) continue;
    const off = unitDiscount(funnel, entry.price as number, config.c);
    const quantity = Math.min(remaining, line.quantity - entry.discounted - (entry.core ? 1 : 0));
    if (off === null || quantity < 1) continue;
    remaining -= quantity;
    entry.discounted += quantity;
    candidates.push({ lineId: line.id, quantity, value: { fixedAmountPerUnit: off }, message: config.m });
  }
  return remaining;
}

/**
 * What one unit of the line gets off: exactly what offerPrice takes off one
 * unit (money.ts rounding, a fixed amount clamped at the price), so the buyer
 * is charged what the checkout showed. Null when the line gets no discount:
 * nothing would be taken off, or nothing would be left to pay (isFreeOffer).
 */
function unitDiscount(funnel: DiscountFunnelConfig, unitPrice: number, currency: string): number | null {
  const saved = funnel.f !== undefined ? Math.min(funnel.f, unitPrice) : percentOfMinorUnits(unitPrice, funnel.d ?? 0);
  return saved > 0 && !isFreeOffer({ offer: { amount: unitPrice - saved, currency } }) ? saved : null;
}
