/**
 * Money for every Upstack surface: admin preview, server, checkout extension
 * and the discount Function. Amounts are integer minor units (cents) with
 * their currency, and nothing here goes through floating-point decimals, so
 * "0.29" is exactly 29 cents everywhere.
 *
 * Rules, in one place so that every surface computes the same price:
 *
 * - Money is never negative. Offers, prices and discounts in Upstack are
 *   amounts a buyer pays or saves; a negative value is always a bug, so
 *   parsing "-1.00" and subtracting past zero throw a MoneyError.
 * - Rounding rule: a discount is converted to an amount in minor units and,
 *   when it is not whole, rounded half away from zero (amounts are never
 *   negative, so halves round up: a 0.5 cent discount becomes 1 cent, in the
 *   buyer's favour). The offer price is the regular price minus that rounded
 *   amount. A percentage may have at most 4 decimal places; the arithmetic is
 *   done on integers, never on floats.
 * - A fixed amount larger than the price is clamped: the offer costs zero and
 *   the buyer saves the whole price. It never produces a negative price; an
 *   offer may never be free, though (isFreeOffer in ./offer-pricing).
 * - Mixing currencies throws a MoneyError naming both currencies.
 *
 * Formatting for people lives in ./money-format, because Intl is not
 * available inside Shopify Functions.
 */

export type Money = {
  /** Integer minor units (cents for USD, yen for JPY, fils for KWD). Never negative. */
  readonly amount: number;
  /** ISO 4217 code, upper case, e.g. "USD". */
  readonly currency: string;
};

/** Shopify's MoneyV2 shape: `{ amount: "19.99", currencyCode: "USD" }`. */
export type ShopifyMoney = { readonly amount: string; readonly currencyCode: string };

export type Discount =
  | { readonly type: "none" }
  | { readonly type: "percentage"; readonly percent: number }
  | { readonly type: "fixed_amount"; readonly amount: Money };

export type DiscountResult = {
  /** The price before the discount (what a strikethrough shows). */
  readonly regular: Money;
  /** What the buyer pays: regular minus saved, never negative. */
  readonly offer: Money;
  /** The rounded discount amount actually taken off. */
  readonly saved: Money;
};

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyError";
  }
}

// ISO 4217 minor-unit exponents that differ from the usual 2.
const ZERO_DECIMAL = [
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
  "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMAL = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
const FOUR_DECIMAL = ["CLF", "UYW"];

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function isCurrencyCode(value: string): boolean {
  return CURRENCY_PATTERN.test(value);
}

/**
 * Number of decimal places of a currency's minor unit (USD 2, JPY 0, KWD 3).
 * Any other well-formed 3-letter code gets 2, the ISO 4217 default, so a
 * currency Shopify adds later still works (at worst with 2 decimals).
 */
export function minorUnitDigits(currency: string): number {
  assertCurrency(currency);
  if (ZERO_DECIMAL.includes(currency)) return 0;
  if (THREE_DECIMAL.includes(currency)) return 3;
  if (FOUR_DECIMAL.includes(currency)) return 4;
  return 2;
}

function assertCurrency(currency: string): void {
  if (typeof currency !== "string" || !CURRENCY_PATTERN.test(currency)) {
    throw new MoneyError(
      `Invalid currency code ${JSON.stringify(currency)}: expected 3 upper-case letters such as "USD".`,
    );
  }
}

// The message is built only on failure: the discount Function calls this per line.
function assertAmount(amount: number, currency: string): void {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError(`Amount in ${currency} must be a whole number of minor units, got ${amount}.`);
  }
  if (amount < 0) {
    throw new MoneyError(`Amount in ${currency} must not be negative, got ${amount}.`);
  }
}

/** Builds Money from integer minor units, validating both fields. */
export function money(amount: number, currency: string): Money {
  assertCurrency(currency);
  assertAmount(amount, currency);
  return { amount, currency };
}

export function zero(currency: string): Money {
  return money(0, currency);
}

function assertMoney(value: Money): void {
  if (value === null || typeof value !== "object") {
    throw new MoneyError(`Expected a Money value, got ${String(value)}.`);
  }
  assertCurrency(value.currency);
  assertAmount(value.amount, value.currency);
}

function assertSameCurrency(a: Money, b: Money): void {
  assertMoney(a);
  assertMoney(b);
  if (a.currency !== b.currency) {
    throw new MoneyError(`Currency mismatch: cannot combine ${a.currency} with ${b.currency}.`);
  }
}

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;
const ZEROS = /^0*$/;

/**
 * Parses a Shopify decimal string ("19.99", "20.0", "20", "1000.50") into
 * minor units. Rejects signs, exponents, separators, spaces and more
 * precision than the currency has ("19.999" USD), but accepts trailing zeros
 * past it ("20.000" USD). Negative amounts are rejected (see the file notes).
 */
export function parseMoney(decimal: string, currency: string): Money {
  const digits = minorUnitDigits(currency);
  const amount = typeof decimal === "string" ? minorUnitsOfDecimal(decimal, digits) : null;
  if (amount === null) throw new MoneyError(notAnAmount(decimal, currency, digits));
  return { amount, currency };
}

/**
 * parseMoney's rule on bare minor units, for a currency's minorUnitDigits:
 * null instead of a throw. For a hot path (the discount Function reads a
 * cart's amounts with it) that checks the currency once.
 */
export function minorUnitsOfDecimal(decimal: string, digits: number): number | null {
  const match = DECIMAL_PATTERN.exec(decimal);
  if (match === null) return null;
  let fraction = match[2] ?? "";
  if (fraction.length > digits) {
    // Zeros past the currency's precision are fine ("20.000" USD), digits are not.
    if (!ZEROS.test(fraction.slice(digits))) return null;
    fraction = fraction.slice(0, digits);
  }
  const amount = Number(match[1] + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(amount) ? amount : null;
}

/** Why parseMoney refused a value: only worked out when it did. */
function notAnAmount(decimal: unknown, currency: string, digits: number): string {
  if (typeof decimal !== "string") return `Expected a decimal string for ${currency}, got ${typeof decimal}.`;
  if (/^-\d/.test(decimal)) return `Negative amounts are not allowed: ${JSON.stringify(decimal)} ${currency}.`;
  if (!DECIMAL_PATTERN.test(decimal)) {
    return `Invalid amount ${JSON.stringify(decimal)} for ${currency}: expected digits with an optional "." and decimals, like "19.99".`;
  }
  if (!ZEROS.test((decimal.split(".")[1] ?? "").slice(digits))) {
    return `Amount ${JSON.stringify(decimal)} has more decimals than ${currency} allows (${digits}).`;
  }
  return `Amount ${JSON.stringify(decimal)} ${currency} is too large.`;
}

/** Reads Shopify's MoneyV2 (`{ amount: "19.99", currencyCode: "USD" }`). */
export function moneyFromShopify(value: ShopifyMoney): Money {
  if (value === null || typeof value !== "object") {
    throw new MoneyError(`Expected a MoneyV2 object, got ${String(value)}.`);
  }
  return parseMoney(value.amount, value.currencyCode);
}

/**
 * Canonical decimal string with exactly the currency's decimals:
 * "19.99", "20.00", "0.50" for USD, "1500" for JPY, "1.500" for KWD.
 * Shopify accepts this form wherever it takes a Decimal.
 */
export function toDecimalString(value: Money): string {
  assertMoney(value);
  return decimalOfMinorUnits(value.amount, minorUnitDigits(value.currency));
}

/** toDecimalString's rule on bare minor units (a safe, non-negative integer) and the currency's minorUnitDigits. */
export function decimalOfMinorUnits(amount: number, digits: number): string {
  if (digits === 0) return String(amount);
  const padded = String(amount).padStart(digits + 1, "0");
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Shopify's MoneyV2 input shape, for mutations. */
export function toShopifyMoney(value: Money): ShopifyMoney {
  return { amount: toDecimalString(value), currencyCode: value.currency };
}

function checked(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError(`Result in ${currency} is too large to represent exactly.`);
  }
  return { amount, currency };
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return checked(a.amount + b.amount, a.currency);
}

/** a - b. Throws if b is larger, since Money is never negative. */
export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  if (b.amount > a.amount) {
    throw new MoneyError(
      `Cannot subtract ${toDecimalString(b)} from ${toDecimalString(a)} ${a.currency}: the result would be negative.`,
    );
  }
  return { amount: a.amount - b.amount, currency: a.currency };
}

/** Price times a whole, non-negative quantity. */
export function multiply(value: Money, quantity: number): Money {
  assertMoney(value);
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new MoneyError(`Quantity must be a whole number of at least 0, got ${quantity}.`);
  }
  return checked(value.amount * quantity, value.currency);
}

/** -1, 0 or 1, for sorting; throws on different currencies. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function isZero(value: Money): boolean {
  assertMoney(value);
  return value.amount === 0;
}

/** Total of a list; the currency is required so that an empty list has one. */
export function sum(values: readonly Money[], currency: string): Money {
  let total = zero(currency);
  for (const value of values) total = add(total, value);
  return total;
}

// Percentages are held as integers in units of 1/10,000 of a percent.
const PERCENT_DECIMALS = 4;
const PERCENT_SCALE = 10 ** PERCENT_DECIMALS;
// amount * scaledPercent / DIVISOR is the exact discount in minor units.
const DIVISOR = 100 * PERCENT_SCALE;

function scalePercent(percent: number): number {
  if (typeof percent !== "number" || !Number.isFinite(percent)) {
    throw new MoneyError(`Percent must be a finite number, got ${String(percent)}.`);
  }
  if (percent < 0 || percent > 100) {
    throw new MoneyError(`Percent must be between 0 and 100, got ${percent}.`);
  }
  const scaled = Math.round(percent * PERCENT_SCALE);
  // Dividing back gives the double nearest to the decimal, which equals
  // `percent` exactly when percent had at most 4 decimals (33.333 passes,
  // 12.34567 fails), so the integer is the percent the merchant typed.
  if (scaled / PERCENT_SCALE !== percent) {
    throw new MoneyError(`Percent may have at most ${PERCENT_DECIMALS} decimal places, got ${percent}.`);
  }
  return scaled;
}

/** round_half_away_from_zero(amount * scaled / DIVISOR) on non-negative integers, exactly. */
function percentOfAmount(amount: number, scaled: number): number {
  // Split amount so every intermediate product stays a safe integer:
  // amount * s / D = high * s + low * s / D, and only the second term needs rounding.
  const low = amount % DIVISOR;
  const high = (amount - low) / DIVISOR;
  const part = low * scaled; // < 10^12
  const remainder = part % DIVISOR;
  const rounded = (part - remainder) / DIVISOR + (remainder * 2 >= DIVISOR ? 1 : 0);
  // percent <= 100, so the total never exceeds amount and stays a safe integer.
  return high * scaled + rounded;
}

function result(regular: Money, saved: number): DiscountResult {
  return {
    regular,
    offer: { amount: regular.amount - saved, currency: regular.currency },
    saved: { amount: saved, currency: regular.currency },
  };
}

/** Takes `percent` (0-100, up to 4 decimals) off the price, using the rounding rule above. */
export function percentageOff(price: Money, percent: number): DiscountResult {
  assertMoney(price);
  return result(price, percentOfMinorUnits(price.amount, percent));
}

/**
 * What percentageOff takes off, on bare minor units (a safe, non-negative
 * integer): for a hot path that has checked its amounts. Throws MoneyError
 * on a percent outside 0-100 or with more than 4 decimals.
 */
export function percentOfMinorUnits(amount: number, percent: number): number {
  return percentOfAmount(amount, scalePercent(percent));
}

/** Takes a fixed amount off; clamps at zero if it exceeds the price. */
export function fixedAmountOff(price: Money, off: Money): DiscountResult {
  assertSameCurrency(price, off);
  return result(price, Math.min(off.amount, price.amount));
}

export function applyDiscount(price: Money, discount: Discount): DiscountResult {
  if (discount === null || typeof discount !== "object") {
    throw new MoneyError(`Expected a discount, got ${String(discount)}.`);
  }
  switch (discount.type) {
    case "none":
      assertMoney(price);
      return result(price, 0);
    case "percentage":
      return percentageOff(price, discount.percent);
    case "fixed_amount":
      return fixedAmountOff(price, discount.amount);
    default: {
      const unknown: { type?: unknown } = discount;
      throw new MoneyError(`Unknown discount type ${JSON.stringify(unknown.type)}.`);
    }
  }
}
