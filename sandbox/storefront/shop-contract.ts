/**
 * What the storefront preview needs of the sandbox's demo shop. SandboxShop
 * is the stand-in's contract (sandbox/stand-in/shop-state.ts); the rest are
 * the few things the preview reads beside it: what the app published (the
 * stand-in receives its metafieldsSet and discount mutations), a checkout
 * session token for the checkout extensions, and the webhooks delivered.
 */
import type { SandboxShop } from "../stand-in/shop-state";
import type { PublishedDiscount } from "./discount-function";

export type { SandboxLineInput, SandboxOrder, SandboxShop, SandboxVariant } from "../stand-in/shop-state";

export type StorefrontAccess = {
  /** An app metafield of the shop as the app last set it (the raw JSON string), or null. */
  shopMetafield(namespace: string, key: string): string | null;
  /** The app's automatic discount on the bump-discount Function, with its metafields; null when none is active. */
  bumpDiscount(): PublishedDiscount | null;
  /** A checkout session token (HS256 with the app's secret, dest = the shop) as checkout extensions get one. */
  checkoutSessionToken(): string;
};

/** Until the stand-in offers them all, a missing accessor means: nothing published, no session token. */
export type StorefrontShop = SandboxShop & Partial<StorefrontAccess>;
