/**
 * A stand-in online store for the cart bump's browser tests, on 127.0.0.1:
 * a cart page and a product page with a cart drawer, built the way Dawn
 * builds them (sections with data-id, `.js-contents`, a `cart-drawer`
 * element with renderContents, a global publish/subscribe with a
 * 'cart-update' event), and Shopify's cart Ajax API (cart.js, cart/add.js,
 * cart/change.js, with `sections` re-rendered in the answer).
 *
 * Our own code throughout: it follows Dawn's conventions, it is not Dawn.
 * The bump's block and embed are the real Liquid, rendered with liquidjs.
 */
import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { CheckoutConfig } from "@upstack/core";
import { CART_BUMP_DIR, type ThemeCart, cartJson, formatShopMoney, renderCartBump } from "../../sandbox/storefront/cart-bump-theme";
import { CartError, StoreCart, cleanProperties } from "../../sandbox/storefront/cart";

export type CatalogProduct = { productId: number; variantId: number; title: string; price: number };

export type StoreOptions = {
  catalog: CatalogProduct[];
  document: CheckoutConfig;
  currency?: string;
  moneyFormat?: string;
  locale?: "en" | "fr" | "de" | "es";
};

export type CartRequest = { path: string; body: Record<string, unknown> | null };

const MAIN_ITEMS = "template--1__main-cart-items";
const MAIN_FOOTER = "template--1__main-cart-footer";

/** The theme's own scripts, following Dawn's conventions (global pub/sub, custom elements). */
const THEME_SCRIPT = `
window.Shopify = { routes: { root: "/" } };
const PUB_SUB_EVENTS = { cartUpdate: "cart-update" };
let themeSubscribers = {};
function subscribe(name, callback) {
  (themeSubscribers[name] ||= []).push(callback);
  return () => { themeSubscribers[name] = themeSubscribers[name].filter((c) => c !== callback); };
}
function publish(name, data) {
  return Promise.all((themeSubscribers[name] || []).map((callback) => callback(data)));
}
function innerOf(html, selector) {
  return new DOMParser().parseFromString(html, "text/html").querySelector(selector).innerHTML;
}
async function removeLine(key, surface) {
  const sections = surface === "drawer" ? ["cart-drawer", "cart-icon-bubble"]
    : [document.getElementById("main-cart-items").dataset.id, document.getElementById("main-cart-footer").dataset.id, "cart-icon-bubble"];
  const response = await fetch("/cart/change.js", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ id: key, quantity: 0, sections, sections_url: location.pathname }) });
  const state = await response.json();
  if (surface === "drawer") document.querySelector("cart-drawer").renderContents(state);
  else for (const id of ["main-cart-items", "main-cart-footer"]) {
    const section = document.getElementById(id);
    section.querySelector(".js-contents").innerHTML = innerOf(state.sections[section.dataset.id], ".js-contents");
  }
  publish(PUB_SUB_EVENTS.cartUpdate, { source: "cart-items", cartData: state });
}
async function addFromProductForm(variantId) {
  const response = await fetch("/cart/add.js", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ items: [{ id: variantId, quantity: 1 }], sections: ["cart-drawer", "cart-icon-bubble"], sections_url: location.pathname }) });
  const state = await response.json();
  publish(PUB_SUB_EVENTS.cartUpdate, { source: "product-form", productVariantId: variantId, cartData: state });
  document.querySelector("cart-drawer").renderContents(state);
}
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-line]");
  if (button) removeLine(button.dataset.removeLine, button.closest("cart-drawer") ? "drawer" : "page");
  const add = event.target.closest("[data-add-variant]");
  if (add) addFromProductForm(Number(add.dataset.addVariant));
});
customElements.define("cart-drawer", class extends HTMLElement {
  open() { this.classList.add("active"); }
  renderContents(state) {
    document.getElementById("CartDrawer").innerHTML = innerOf(state.sections["cart-drawer"], "#CartDrawer");
    document.getElementById("cart-icon-bubble").innerHTML = innerOf(state.sections["cart-icon-bubble"], ".shopify-section");
    setTimeout(() => this.open());
  }
});
`;

const THEME_STYLE = `
body { font-family: sans-serif; margin: 0; color: #121212; }
header { display: flex; justify-content: space-between; padding: 1rem 2rem; border-bottom: 1px solid #ddd; }
main { max-width: 56rem; margin: 0 auto; padding: 1rem 2rem; }
.cart-line { display: flex; justify-content: space-between; gap: 1rem; padding: 0.5rem 0; border-bottom: 1px solid #eee; }
.cart__footer { max-width: 24rem; margin-left: auto; }
.cart__ctas button { width: 100%; padding: 0.9rem; background: #121212; color: #fff; border: 0; font-size: 1rem; }
cart-drawer { position: fixed; inset: 0 0 0 auto; width: 26rem; background: #fff; border-left: 1px solid #ddd; padding: 1rem;
  transform: translateX(100%); visibility: hidden; }
cart-drawer.active { transform: none; visibility: visible; }
footer { margin-top: 4rem; padding: 2rem; background: #f3f3f3; }
`;

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class StandInStore {
  private readonly store: StoreCart;
  /** Every cart API call the page made, in order. */
  readonly requests: CartRequest[] = [];
  /** Set to make the next cart/add.js answer 422 with this description. */
  failNextAdd: string | null = null;
  /** Milliseconds cart/add.js waits before answering. */
  addDelay = 0;
  private server: Server | null = null;
  private readonly options: StoreOptions;

  constructor(options: StoreOptions) {
    this.options = options;
    this.store = new StoreCart((variantId) => options.catalog.find((p) => p.variantId === variantId), options.currency ?? options.document.currency);
  }

  get cart(): ThemeCart {
    return this.store.cart;
  }

  get url() {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** Puts a product in the cart, as a shopper would from a product page. */
  put(variantId: number, quantity = 1, properties?: Record<string, string>) {
    return this.store.add(variantId, quantity, properties);
  }

  async start() {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private money(cents: number) {
    return formatShopMoney(cents, this.options.moneyFormat);
  }

  private subtotal() {
    return this.store.subtotal();
  }

  private lines(surface: "page" | "drawer") {
    return this.cart.items
      .map(
        (item) =>
          `<div class="cart-line" data-line="${escapeHtml(item.title)}"><span>${escapeHtml(item.title)} × ${item.quantity}</span>` +
          `<span>${this.money(item.price * item.quantity)}</span>` +
          `<button type="button" data-remove-line="${escapeHtml(item.key)}" aria-label="Remove ${escapeHtml(item.title)}" data-surface="${surface}">Remove</button></div>`,
      )
      .join("");
  }

  private mainItems() {
    return `<div id="main-cart-items" data-id="${MAIN_ITEMS}"><cart-items><div class="js-contents"><h1>Your cart</h1>${this.lines("page")}</div></cart-items></div>`;
  }

  private async mainFooter() {
    const block = await renderCartBump({
      block: "cart-bump",
      document: this.options.document,
      cart: this.cart,
      locale: this.options.locale,
      moneyFormat: this.options.moneyFormat,
    });
    return `<div id="main-cart-footer" data-id="${MAIN_FOOTER}"><div class="cart__footer"><div class="cart__blocks">
      <div class="js-contents"><p class="totals">Subtotal <span data-subtotal>${this.money(this.subtotal())}</span></p></div>
      ${block}
      <div class="cart__ctas"><button type="submit" name="checkout">Check out</button></div>
    </div></div></div>`;
  }

  private bubble() {
    return `Cart <span data-count>${this.cart.items.reduce((n, item) => n + item.quantity, 0)}</span>`;
  }

  private drawer() {
    return `<cart-drawer><div id="CartDrawer"><h2>Cart</h2><cart-drawer-items><div class="drawer__contents js-contents">${this.lines("drawer")}</div></cart-drawer-items>
      <div class="drawer__footer"><div class="totals">Subtotal <span data-subtotal>${this.money(this.subtotal())}</span></div>
      <div class="cart__ctas"><button type="submit" name="checkout">Check out</button></div></div></div></cart-drawer>`;
  }

  private async section(id: string) {
    const wrap = (html: string) => `<div id="shopify-section-${id}" class="shopify-section">${html}</div>`;
    if (id === MAIN_ITEMS) return wrap(this.mainItems());
    if (id === MAIN_FOOTER) return wrap(await this.mainFooter());
    if (id === "cart-icon-bubble") return wrap(this.bubble());
    if (id === "cart-drawer") return wrap(this.drawer());
    return null;
  }

  private async page(kind: "cart" | "product" | "plain-cart") {
    const head = `<!doctype html><html lang="${this.options.locale ?? "en"}"><head><meta charset="utf-8"><title>Stand-in store</title>
      <style>${THEME_STYLE}</style><link rel="stylesheet" href="/assets/cart-bump.css">
      ${kind === "plain-cart" ? "<script>window.Shopify = { routes: { root: '/' } };</script>" : `<script>${THEME_SCRIPT}</script>`}
      <script src="/assets/cart-bump.js" defer></script></head><body>`;
    const header = `<header><strong>Stand-in store</strong><a id="cart-icon-bubble" href="/cart">${this.bubble()}</a></header>`;
    if (kind === "product") {
      const embed = await renderCartBump({
        block: "cart-bump-embed",
        document: this.options.document,
        cart: this.cart,
        template: "product",
        locale: this.options.locale,
        moneyFormat: this.options.moneyFormat,
      });
      return `${head}${header}<main><h1>Photography course</h1><button id="open-drawer" type="button"
        onclick="document.querySelector('cart-drawer').open()">Open cart</button>
        <button type="button" data-add-variant="${this.options.catalog[0]?.variantId}">Add to cart</button></main>${this.drawer()}<footer>Footer</footer>${embed}</body></html>`;
    }
    return `${head}${header}<main>${this.mainItems()}${await this.mainFooter()}</main><footer>Footer</footer></body></html>`;
  }

  private async cartState(sections: unknown) {
    const state: Record<string, unknown> = cartJson(this.cart);
    if (Array.isArray(sections)) {
      state.sections = Object.fromEntries(await Promise.all(sections.map(async (id: string) => [id, await this.section(id)])));
    }
    return state;
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    const html = (body: string) => response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(body);
    let body: Record<string, unknown> | null = null;
    if (request.method === "POST") {
      let text = "";
      for await (const chunk of request) text += chunk;
      body = JSON.parse(text);
    }
    if (url.pathname.endsWith(".js") && url.pathname.startsWith("/cart")) this.requests.push({ path: url.pathname, body });

    if (url.pathname.startsWith("/assets/")) {
      const file = path.join(CART_BUMP_DIR, "assets", path.basename(url.pathname));
      const type = file.endsWith(".css") ? "text/css" : "text/javascript";
      return response.writeHead(200, { "Content-Type": type }).end(readFileSync(file));
    }
    if (url.pathname === "/cart") return html(await this.page(url.searchParams.get("theme") === "plain" ? "plain-cart" : "cart"));
    if (url.pathname === "/products/course") return html(await this.page("product"));
    if (url.pathname === "/cart.js") return json(200, await this.cartState(null));
    if (url.pathname === "/cart/add.js" && body) {
      if (this.addDelay) await new Promise((resolve) => setTimeout(resolve, this.addDelay));
      if (this.failNextAdd) {
        const description = this.failNextAdd;
        this.failNextAdd = null;
        return json(422, { status: 422, message: "Cart Error", description });
      }
      const items = body.items as { id: number; quantity: number; properties?: unknown }[];
      try {
        const added = items.map((item) => this.put(item.id, item.quantity, cleanProperties(item.properties)));
        return json(200, { items: added, ...(await this.cartState(body.sections)) });
      } catch (error) {
        if (!(error instanceof CartError)) throw error;
        return json(error.status, { status: error.status, message: "Cart Error", description: error.description });
      }
    }
    if (url.pathname === "/cart/change.js" && body) {
      try {
        this.store.change({ id: body.id, line: body.line }, Number(body.quantity));
      } catch (error) {
        if (!(error instanceof CartError)) throw error;
        return json(error.status, { status: error.status, message: "Cart Error", description: error.description });
      }
      return json(200, await this.cartState(body.sections));
    }
    response.writeHead(404).end("Not found");
  }
}
