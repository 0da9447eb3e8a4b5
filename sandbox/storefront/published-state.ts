/**
 * What the app published to the demo shop, kept for the storefront preview:
 * the app-owned metafields it set (metafieldsSet on the shop and on its
 * discount) and its automatic discount on the bump-discount Function, plus
 * the checkout session tokens the checkout extensions send to the app.
 *
 * The Admin API stand-in records what it receives (the variables of
 * UpstackPublishMetafields and UpstackCreateBumpDiscount); the preview reads
 * it through the StorefrontAccess accessors:
 *
 *   const published = createPublishedState({ shop: domain, apiKey, apiSecret });
 *   // in the stand-in's answers:
 *   published.metafieldsSet(variables.metafields);
 *   published.discountCreated(discountId, variables.discount);
 *   // when mounting the preview:
 *   storefrontRouter(Object.assign(shop, published.access));
 */
import { randomUUID } from "node:crypto";
import { PUBLISHED_METAFIELDS } from "@upstack/core";
import { signHs256 } from "../stand-in/jwt";
import type { StorefrontAccess } from "./shop-contract";

type MetafieldInput = { ownerId?: unknown; namespace?: unknown; key?: unknown; value?: unknown };
type DiscountInput = { discountClasses?: unknown; metafields?: unknown };

const keyOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;

/** A json metafield's jsonValue (Shopify refuses a json metafield that does not parse, so null never reaches a Function). */
function jsonValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

export function createPublishedState(options: { shop: string; apiKey: string; apiSecret: string }) {
  const shopMetafields = new Map<string, string>();
  const ownerMetafields = new Map<string, Map<string, string>>();
  let discount: { id: string; discountClasses: string[] } | null = null;

  function set(ownerId: string, input: MetafieldInput) {
    if (typeof input.namespace !== "string" || typeof input.key !== "string" || typeof input.value !== "string") return;
    const target = ownerId.startsWith("gid://shopify/Shop/") ? shopMetafields : (ownerMetafields.get(ownerId) ?? new Map<string, string>());
    target.set(keyOf(input.namespace, input.key), input.value);
    if (target !== shopMetafields) ownerMetafields.set(ownerId, target);
  }

  const access: StorefrontAccess = {
    shopMetafield: (namespace, key) => shopMetafields.get(keyOf(namespace, key)) ?? null,
    bumpDiscount() {
      if (!discount) return null;
      const { namespace, key } = PUBLISHED_METAFIELDS.discount;
      const value = ownerMetafields.get(discount.id)?.get(keyOf(namespace, key));
      // A json metafield reaches the Function as its jsonValue: the parsed document.
      return { discountClasses: discount.discountClasses, metafields: value === undefined ? {} : { [key]: jsonValue(value) } };
    },
    checkoutSessionToken() {
      const now = Math.floor(Date.now() / 1000);
      return signHs256(
        { iss: `https://${options.shop}/checkouts`, dest: `https://${options.shop}`, aud: options.apiKey, exp: now + 300, nbf: now - 5, iat: now, jti: randomUUID() },
        options.apiSecret,
      );
    },
  };

  return {
    access,
    /** metafieldsSet's `metafields` input. */
    metafieldsSet(metafields: unknown) {
      if (!Array.isArray(metafields)) return;
      for (const input of metafields as MetafieldInput[]) if (typeof input?.ownerId === "string") set(input.ownerId, input);
    },
    /** discountAutomaticAppCreate's `automaticAppDiscount` input, and the id the stand-in gave the discount. */
    discountCreated(id: string, input: DiscountInput | undefined) {
      const classes = Array.isArray(input?.discountClasses) ? input.discountClasses.filter((c): c is string => typeof c === "string") : [];
      discount = { id, discountClasses: classes };
      if (Array.isArray(input?.metafields)) for (const metafield of input.metafields as MetafieldInput[]) set(id, metafield);
    },
    /** The merchant (or a test) deleted the app's discount. */
    discountDeleted() {
      discount = null;
    },
  };
}
