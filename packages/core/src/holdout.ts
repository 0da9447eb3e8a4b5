/**
 * Which purchases are held out (see no offers), decided the same way on every
 * surface: the checkout bump, the post-purchase page and the server compute it
 * from the purchase key alone, so they agree without talking to each other and
 * a reload never changes the answer.
 *
 * The key is the purchase's checkout token (the post-purchase page's
 * reference id for the same purchase must be mapped to it by the caller).
 * It is hashed with 32-bit FNV-1a over its UTF-8 bytes, then mixed with
 * MurmurHash3's finalizer so that keys differing only in their last character
 * (sequential ids) still spread evenly, and reduced to one of 10,000 buckets.
 * A purpose salt ("holdout", "variant:<experiment>") keeps holdout and
 * experiment assignments independent of each other. No crypto: it only needs
 * to be stable and even, not secret.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Number of buckets a share is measured in: a share may have 2 decimals of a percent. */
export const BUCKETS = 10_000;

/** 32-bit FNV-1a of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  const feed = (byte: number): void => {
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  };
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      feed(code);
    } else if (code < 0x800) {
      feed(0xc0 | (code >> 6));
      feed(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      feed(0xe0 | (code >> 12));
      feed(0x80 | ((code >> 6) & 0x3f));
      feed(0x80 | (code & 0x3f));
    } else {
      feed(0xf0 | (code >> 18));
      feed(0x80 | ((code >> 12) & 0x3f));
      feed(0x80 | ((code >> 6) & 0x3f));
      feed(0x80 | (code & 0x3f));
    }
  }
  return hash >>> 0;
}

/** MurmurHash3's fmix32: every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stable, evenly spread number in [0, buckets) for a key and a purpose. */
export function bucketOf(purpose: string, key: string, buckets: number = BUCKETS): number {
  if (!Number.isSafeInteger(buckets) || buckets < 1) {
    throw new RangeError(`Buckets must be a whole number of at least 1, got ${buckets}.`);
  }
  return mix32(fnv1a32(`${purpose}\u0000${key}`)) % buckets;
}

export const DEFAULT_HOLDOUT_PERCENT = 0;
export const SUGGESTED_HOLDOUT_PERCENT = 10;

/** A merchant's holdout share: 0-100 percent with at most 2 decimals. Throws RangeError otherwise. */
export function holdoutBuckets(percent: number): number {
  if (typeof percent !== "number" || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`Holdout share must be a percent between 0 and 100, got ${String(percent)}.`);
  }
  const buckets = Math.round(percent * 100);
  if (buckets / 100 !== percent) {
    throw new RangeError(`Holdout share may have at most 2 decimal places, got ${percent}.`);
  }
  return buckets;
}

/**
 * Is this purchase held out at the merchant's share (percent, default 0)?
 * Raising the share only adds purchases to the holdout: one held out at 5%
 * stays held out at 10%.
 */
export function isHeldOut(purchaseKey: string, percent: number = DEFAULT_HOLDOUT_PERCENT): boolean {
  return bucketOf("holdout", purchaseKey) < holdoutBuckets(percent);
}

/**
 * Whether the checkout bump card stays empty for this checkout: the published
 * share holds its token out. With a share above 0 and no token known yet,
 * nothing shows until the token is known (a held-out buyer must never see
 * the card flash up first). A share the document should never carry (bad
 * decimals) holds everyone out rather than guess.
 */
export function checkoutHeldOut(percent: number | undefined, checkoutToken: string | null | undefined): boolean {
  if (!percent) return false;
  if (!checkoutToken) return true;
  try {
    return isHeldOut(checkoutToken, percent);
  } catch {
    return true;
  }
}

/**
 * The holdout share as a merchant types it ("10", "12.5", "7.25 %"): a
 * percent from 0 to 100 with at most 2 decimals, or the sentence to show
 * beside the field.
 */
export function parseHoldoutPercent(text: unknown): { ok: true; percent: number } | { ok: false; error: string } {
  const value = typeof text === "string" ? text.trim().replace(/\s*%$/, "").replace(",", ".") : "";
  if (value === "") return { ok: false, error: "Enter a share from 0 to 100 percent (0 turns the holdout off)." };
  if (!/^\d+(\.\d+)?$/.test(value)) return { ok: false, error: "Enter a number, such as 10 or 12.5." };
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return { ok: false, error: "Use at most 2 decimal places, such as 12.25." };
  const percent = Number(value);
  if (percent > 100) return { ok: false, error: "The share cannot be more than 100 percent." };
  return { ok: true, percent };
}
