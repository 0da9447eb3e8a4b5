/**
 * A Shopify cart as the Ajax Cart API keeps it (/cart/add.js, /cart/change.js,
 * /cart.js): lines keyed `<variant id>:<n>`, a line's `properties` kept with
 * it, and an add of a variant with the same properties merged into its line
 * (different properties make a separate line, as on Shopify). The checkout
 * reads the same lines, with the properties as line attributes.
 *
 * Shared by the sandbox's storefront and the cart bump's browser tests
 * (tests/support/cart-bump-store.ts).
 */
import type { ThemeCart, ThemeCartItem } from "./cart-bump-theme";

/** What the store sells: a variant's product, title and unit price (minor units), by numeric variant id. */
export type CartCatalog = (variantId: number) => { productId: number; title: string; price: number; available?: boolean } | undefined;

/** A refusal the cart API answers with its status and description (422 "Cart Error" on Shopify). */
export class CartError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** The checkout's id for a cart line (`gid://shopify/CartLine/<n>`). */
export const cartLineId = (item: Pick<ThemeCartItem, "key">) => `gid://shopify/CartLine/${item.key.slice(item.key.indexOf(":") + 1)}`;

const sameProperties = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/** Shopify keeps only string property values; an empty one is dropped. */
export function cleanProperties(value: unknown): Record<string, string> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter(([key, text]) => key !== "" && typeof text === "string" && text !== "");
  return entries.length > 0 ? Object.fromEntries(entries as [string, string][]) : undefined;
}

export class StoreCart {
  readonly cart: ThemeCart;
  private nextKey = 1;

  constructor(
    private readonly catalog: CartCatalog,
    currency: string,
  ) {
    this.cart = { currency, items: [] };
  }

  get items() {
    return this.cart.items;
  }

  subtotal() {
    return this.cart.items.reduce((total, item) => total + item.price * item.quantity, 0);
  }

  /** /cart/add.js for one item: merges into the line of the same variant and properties. */
  add(variantId: number, quantity = 1, properties?: Record<string, string>): ThemeCartItem {
    if (!Number.isSafeInteger(quantity) || quantity < 1) throw new CartError(422, "Quantity must be at least 1.");
    const product = this.catalog(variantId);
    if (!product) throw new CartError(404, "Cannot find variant");
    if (product.available === false) throw new CartError(422, `${product.title} is sold out.`);
    const existing = this.cart.items.find((item) => item.variant_id === variantId && sameProperties(item.properties, properties));
    if (existing) {
      existing.quantity += quantity;
      return existing;
    }
    const item: ThemeCartItem = {
      key: `${variantId}:${this.nextKey++}`,
      product_id: product.productId,
      variant_id: variantId,
      title: product.title,
      quantity,
      price: product.price,
      properties,
    };
    this.cart.items.push(item);
    return item;
  }

  /** /cart/change.js: the line by key (or 1-based `line`), to `quantity` (0 removes it). */
  change(target: { id?: unknown; line?: unknown }, quantity: number): void {
    const item =
      typeof target.id === "string"
        ? this.cart.items.find((line) => line.key === target.id)
        : typeof target.line === "number"
          ? this.cart.items[target.line - 1]
          : undefined;
    if (!item) throw new CartError(400, "No such line");
    if (!Number.isSafeInteger(quantity) || quantity < 0) throw new CartError(422, "Quantity must be 0 or more.");
    if (quantity === 0) this.cart.items.splice(this.cart.items.indexOf(item), 1);
    else item.quantity = quantity;
  }

  /** The line the checkout calls `id`, or undefined. */
  byLineId(id: string) {
    return this.cart.items.find((item) => cartLineId(item) === id);
  }

  clear() {
    this.cart.items.splice(0);
  }
}
