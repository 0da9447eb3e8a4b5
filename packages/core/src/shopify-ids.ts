/**
 * Shopify global ids (GIDs) for numeric resources:
 * "gid://shopify/ProductVariant/123" <-> type "ProductVariant", id "123".
 *
 * Scope: only GIDs whose id is a positive decimal integer (products,
 * variants, collections, orders, customers, discounts...). Opaque ids such as
 * cart lines ("gid://shopify/CartLine/<uuid>") and GIDs carrying a query
 * string ("...?checkout=...") are rejected rather than half-understood; treat
 * those as plain strings.
 *
 * Ids are kept as decimal strings so that an id beyond 2^53 is never
 * silently rounded; legacyIdFromGid returns a number only when it is exact.
 */

export class IdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdError";
  }
}

export type ParsedGid = { readonly type: string; readonly id: string };

const PREFIX = "gid://shopify/";
const TYPE_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
const ID_PATTERN = /^[1-9][0-9]*$/;
const GID_PATTERN = /^gid:\/\/shopify\/([^/?#]+)\/([^/?#]*)$/;

function assertType(type: string): void {
  if (typeof type !== "string" || !TYPE_PATTERN.test(type)) {
    throw new IdError(
      `Invalid Shopify resource type ${JSON.stringify(type)}: expected a name like "ProductVariant".`,
    );
  }
}

function idString(id: number | string): string {
  if (typeof id === "number") {
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new IdError(`Invalid Shopify id ${id}: expected a positive whole number.`);
    }
    return String(id);
  }
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new IdError(
      `Invalid Shopify id ${JSON.stringify(id)}: expected a positive whole number without signs, spaces or leading zeros.`,
    );
  }
  return id;
}

/** toGid("ProductVariant", 123) -> "gid://shopify/ProductVariant/123". Accepts numbers or numeric strings. */
export function toGid(type: string, id: number | string): string {
  assertType(type);
  return `${PREFIX}${type}/${idString(id)}`;
}

/** Splits a numeric-resource GID; with expectedType, also checks the resource type. */
export function parseGid(gid: string, expectedType?: string): ParsedGid {
  if (typeof gid !== "string" || gid === "") {
    throw new IdError(`Expected a Shopify GID such as "gid://shopify/Product/1", got ${JSON.stringify(gid)}.`);
  }
  if (!gid.startsWith(PREFIX)) {
    throw new IdError(`Not a Shopify GID: ${JSON.stringify(gid)} (expected it to start with "${PREFIX}").`);
  }
  if (/[?#]/.test(gid)) {
    throw new IdError(`GIDs with a query string are not supported: ${JSON.stringify(gid)}.`);
  }
  const match = GID_PATTERN.exec(gid);
  const type = match?.[1];
  const id = match?.[2];
  if (type === undefined || id === undefined || !TYPE_PATTERN.test(type)) {
    throw new IdError(`Malformed Shopify GID ${JSON.stringify(gid)}: expected "${PREFIX}<Type>/<number>".`);
  }
  if (!ID_PATTERN.test(id)) {
    throw new IdError(`Shopify GID ${JSON.stringify(gid)} does not end in a positive numeric id.`);
  }
  if (expectedType !== undefined) {
    assertType(expectedType);
    if (type !== expectedType) {
      throw new IdError(`Expected a ${expectedType} GID, got a ${type} GID: ${JSON.stringify(gid)}.`);
    }
  }
  return { type, id };
}

export function isGid(value: unknown, expectedType?: string): boolean {
  if (typeof value !== "string") return false;
  try {
    parseGid(value, expectedType);
    return true;
  } catch {
    return false;
  }
}

/**
 * The numeric ("legacy resource") id inside a GID, as used by REST and
 * webhooks. Throws if the id does not fit exactly in a JavaScript number.
 */
export function legacyIdFromGid(gid: string, expectedType?: string): number {
  const { id } = parseGid(gid, expectedType);
  const value = Number(id);
  if (!Number.isSafeInteger(value)) {
    throw new IdError(`Id in ${JSON.stringify(gid)} is too large to be a JavaScript number; use parseGid(...).id.`);
  }
  return value;
}

/**
 * Accepts what arrives from forms, webhooks and the resource picker alike (a
 * number, a numeric string, or a GID of the given type) and returns the GID.
 */
export function ensureGid(type: string, value: number | string): string {
  if (typeof value === "string" && value.startsWith("gid:")) {
    parseGid(value, type);
    return value;
  }
  return toGid(type, value);
}
