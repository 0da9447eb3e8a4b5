/**
 * Does a purchase (a cart, or the order just paid) fall under a funnel's
 * trigger, and how the funnels list describes a trigger in a few words.
 */
import type { Money } from "./money";
import { formatMoney as defaultFormatMoney } from "./money-format";
import type { Purchase, Trigger } from "./funnel";

/**
 * collectionId (GID) -> the product GIDs in that collection. No surface can
 * look a collection up where it decides (checkout, the discount Function,
 * the post-purchase page), so the server resolves them once, at publish
 * time, and every surface matches collection triggers through this map.
 */
export type CollectionProducts =
  | ReadonlyMap<string, readonly string[]>
  | Readonly<Record<string, readonly string[]>>;

/** The products of a collection; none when the map does not resolve it (its trigger then matches nothing). */
export function productsInCollection(collections: CollectionProducts | undefined, collectionId: string): readonly string[] {
  if (!collections) return [];
  if (collections instanceof Map) return collections.get(collectionId) ?? [];
  return Object.prototype.hasOwnProperty.call(collections, collectionId)
    ? ((collections as Readonly<Record<string, readonly string[]>>)[collectionId] ?? [])
    : [];
}

/**
 * True when the purchase matches the trigger's products/variants/collections
 * and its subtotal lies within the inclusive bounds.
 *
 * Fails closed, because showing an offer that was not configured is worse
 * than missing one:
 * - a subtotal in another currency than a bound never matches (we cannot
 *   convert, and guessing could show a bump to a $5 order);
 * - lines with a quantity below 1 are ignored (a line being removed);
 * - for collections, a line matches when its product is in one of the
 *   collections as `collections` resolves them; a collection the map does
 *   not resolve matches nothing;
 * - an empty product, variant or collection list matches nothing.
 */
export function matchesTrigger(trigger: Trigger, purchase: Purchase, collections?: CollectionProducts): boolean {
  const { minSubtotal, maxSubtotal } = trigger;
  const subtotal = purchase.subtotal;
  if (minSubtotal && (minSubtotal.currency !== subtotal.currency || subtotal.amount < minSubtotal.amount)) {
    return false;
  }
  if (maxSubtotal && (maxSubtotal.currency !== subtotal.currency || subtotal.amount > maxSubtotal.amount)) {
    return false;
  }
  const lines = purchase.lines.filter((line) => line.quantity >= 1);
  const match = trigger.match;
  switch (match.type) {
    case "any_order":
      return true;
    case "products": {
      const ids = new Set(match.products.map((product) => product.productId));
      return lines.some((line) => ids.has(line.productId));
    }
    case "variants": {
      const ids = new Set(match.variants.map((variant) => variant.variantId));
      return lines.some((line) => ids.has(line.variantId));
    }
    case "collections": {
      const ids = new Set(match.collections.flatMap((collection) => productsInCollection(collections, collection.collectionId)));
      return lines.some((line) => ids.has(line.productId));
    }
    default:
      return false;
  }
}

/**
 * A short description for the funnels list, e.g. "Any order",
 * "Course (2 products)", "Skincare set · $50.00 or more".
 * Bounds are inclusive, so they read "or more" / "up to", not "over".
 * formatMoney is injectable so a surface can pass its locale.
 */
export function summarizeTrigger(
  trigger: Trigger,
  formatMoney: (value: Money) => string = (value) => defaultFormatMoney(value),
): string {
  const parts = [describeMatch(trigger)];
  const { minSubtotal: min, maxSubtotal: max } = trigger;
  if (min && max) parts.push(`${formatMoney(min)}–${formatMoney(max)}`);
  else if (min) parts.push(`${formatMoney(min)} or more`);
  else if (max) parts.push(`up to ${formatMoney(max)}`);
  return parts.join(" · ");
}

function describeMatch({ match }: Trigger): string {
  switch (match.type) {
    case "any_order":
      return "Any order";
    case "products":
      return listed(match.products.map((p) => p.title), "product", "products");
    case "variants":
      return listed(
        match.variants.map((v) => (v.variantTitle ? `${v.title} – ${v.variantTitle}` : v.title)),
        "variant",
        "variants",
      );
    case "collections":
      return match.collections.length === 1
        ? `${match.collections[0]?.title ?? ""} collection`
        : listed(match.collections.map((c) => c.title), "collection", "collections");
    default:
      return "Unknown trigger";
  }
}

function listed(titles: string[], one: string, many: string): string {
  const [first] = titles;
  if (first === undefined) return `No ${one} chosen`;
  return titles.length === 1 ? first : `${first} (${titles.length} ${many})`;
}
