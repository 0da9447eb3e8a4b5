/**
 * Renders the cart-bump theme app extension's Liquid with liquidjs, with small
 * stand-ins for what only Shopify's Liquid has: the `t` filter (reading the
 * extension's locales), the `{% schema %}` tag, and the objects the snippet
 * reads (shop metafields, cart, request).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import { type CheckoutConfig, type Funnel, buildCheckoutConfig, parseGid } from "@upstack/core";

// Two levels up from here and from the bundled sandbox server (sandbox/.data/) is the repository.
export const CART_BUMP_DIR = fileURLToPath(new URL("../../extensions/cart-bump", import.meta.url));

export type ThemeCartItem = {
  key: string;
  product_id: number;
  variant_id: number;
  title: string;
  quantity: number;
  /** Unit price, minor units. */
  price: number;
  properties?: Record<string, string>;
};

export type ThemeCart = { currency: string; items: ThemeCartItem[] };

export function cartLiquid(cart: ThemeCart) {
  const items = cart.items.map((item) => ({
    ...item,
    final_line_price: item.price * item.quantity,
    properties: item.properties ?? {},
  }));
  return {
    currency: { iso_code: cart.currency },
    item_count: items.reduce((n, item) => n + item.quantity, 0),
    items_subtotal_price: items.reduce((n, item) => n + item.final_line_price, 0),
    items,
  };
}

/** cart.js's JSON for the same cart (the fields the bump reads, and a few Dawn shows). */
export function cartJson(cart: ThemeCart) {
  const liquid = cartLiquid(cart);
  return { ...liquid, currency: cart.currency };
}

/** A cart line for a core test product (gid ids → numeric, as Shopify's cart has them). */
export function lineOf(product: { productId: string; variantId: string; title: string; price: { amount: number } }, quantity = 1, properties?: Record<string, string>): ThemeCartItem {
  const variantId = Number(parseGid(product.variantId).id);
  return {
    key: `${variantId}:${properties ? "b" : "a"}${quantity}`,
    product_id: Number(parseGid(product.productId).id),
    variant_id: variantId,
    title: product.title,
    quantity,
    price: product.price.amount,
    properties,
  };
}

function localeText(locale: string): Record<string, unknown> {
  const file = locale === "en" ? "en.default.json" : `${locale}.json`;
  return JSON.parse(readFileSync(path.join(CART_BUMP_DIR, "locales", file), "utf8"));
}

/** Swallows `{% schema %} ... {% endschema %}` like Shopify does (the schema is read, not rendered). */
class SchemaTag extends Tag {
  constructor(token: TagToken, remaining: TopLevelToken[], liquid: Liquid) {
    super(token, remaining, liquid);
    while (remaining.length > 0) {
      const next = remaining.shift() as TopLevelToken & { name?: string };
      if (next.name === "endschema") return;
    }
    throw new Error("{% schema %} without {% endschema %}");
  }
  render() {
    return "";
  }
}

export function blockSchema(block: "cart-bump" | "cart-bump-embed") {
  const text = readFileSync(path.join(CART_BUMP_DIR, "blocks", `${block}.liquid`), "utf8");
  const match = /\{%\s*schema\s*%\}([\s\S]*?)\{%\s*endschema\s*%\}/.exec(text);
  if (!match?.[1]) throw new Error(`No schema in ${block}.liquid`);
  return JSON.parse(match[1]);
}

export type RenderOptions = {
  block: "cart-bump" | "cart-bump-embed";
  cart: ThemeCart;
  /** The published checkout document (what publishing writes), or null: not published. */
  document: CheckoutConfig | null;
  locale?: "en" | "fr" | "de" | "es";
  settings?: Record<string, string>;
  template?: string;
  /** The shop's money format (Settings > General), e.g. "€{{amount_with_comma_separator}}". */
  moneyFormat?: string;
};

/** Shopify's money filter for the formats the tests use: minor units in, the shop's format out. */
export function formatShopMoney(cents: number, format = "${{amount}}"): string {
  const fixed = (cents / 100).toFixed(2);
  const [whole = "0", decimals = "00"] = fixed.split(".");
  const grouped = (separator: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return format
    .replace("{{amount_with_comma_separator}}", `${grouped(".")},${decimals}`)
    .replace("{{amount_no_decimals}}", grouped(","))
    .replace("{{amount}}", `${grouped(",")}.${decimals}`);
}

export function publishedDocument(funnels: Funnel[], currency = "USD"): CheckoutConfig {
  return buildCheckoutConfig(funnels, currency);
}

export async function renderCartBump(options: RenderOptions): Promise<string> {
  const locale = options.locale ?? "en";
  const strings = localeText(locale);
  const engine = new Liquid({
    root: path.join(CART_BUMP_DIR, "blocks"),
    partials: path.join(CART_BUMP_DIR, "snippets"),
    extname: ".liquid",
    strictFilters: true,
  });
  engine.registerTag("schema", SchemaTag);
  // Shopify's json writes nil as null (liquidjs's writes nothing).
  engine.registerFilter("json", (value: unknown) => JSON.stringify(value ?? null));
  engine.registerFilter("money", (cents: number) => formatShopMoney(cents, options.moneyFormat));
  engine.registerFilter("t", (key: string) => {
    const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
    if (typeof value !== "string") throw new Error(`No ${locale} translation for ${key}`);
    return value;
  });
  const globals = {
    shop: { metafields: { "$app:upstack": { checkout_config: options.document ? { value: options.document } : null } } },
    cart: cartLiquid(options.cart),
    request: { locale: { iso_code: locale } },
    template: { name: options.template ?? "cart" },
    block: { settings: options.settings ?? {} },
  };
  return engine.renderFile(options.block, {}, { globals });
}

/** The payload the snippet hands to the script, decoded from its attribute. */
export function payloadOf(
  html: string,
): { config: unknown; cart: unknown; text: Record<string, string>; prices: Record<string, [string, string]> } | null {
  const match = /data-upstack-bump="([^"]*)"/.exec(html);
  if (!match?.[1]) return null;
  const decoded = match[1]
    .replace(/&(?:quot|#34);/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return JSON.parse(decoded);
}
