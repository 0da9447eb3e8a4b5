/**
 * The cart bump on the storefront: the script of the cart-bump theme app
 * extension, bundled by scripts/build-cart-bump.mjs into
 * extensions/cart-bump/assets/cart-bump.js (see docs/decisions/0010).
 *
 * The Liquid hands over the published checkout document, the cart as Liquid
 * saw it and the translated words; nothing is fetched before the shopper
 * ticks or the theme changes the cart. Which bump to show is core's
 * checkoutBumpFor, the rule the checkout and the discount Function follow,
 * so the cart shows the price the Function charges.
 *
 * Two surfaces: "page" (the app block, in the cart page's footer) and
 * "drawer" (the app embed, which places the same card in the theme's cart
 * drawer, again after each re-render). The theme's cart is refreshed the way
 * Dawn does it (sections returned with the cart change); any other theme
 * reloads the page.
 */
import {
  BUMP_OFFER_ATTRIBUTE,
  type CheckoutBumpOffer,
  type CheckoutConfig,
  parseCheckoutConfig,
} from "@upstack/core";
import { type ShopifyCart, gid, offerFor } from "./cart-bump-rule";

type Text = Record<
  "heading" | "add" | "offerPrice" | "regularPrice" | "added" | "removed" | "addFailed" | "removeFailed" | "leftWithCore",
  string
>;

type Surface = "page" | "drawer";

type Host = {
  surface: Surface;
  /** The element the card lives in (re-inserted into the drawer after each re-render). */
  slot: HTMLElement;
};

// Dawn's globals (assets/pubsub.js, constants.js): present only in themes that follow its conventions.
declare const publish: ((event: string, data: unknown) => unknown) | undefined;
declare const subscribe: ((event: string, callback: (data: { source?: string }) => unknown) => unknown) | undefined;
declare const PUB_SUB_EVENTS: { cartUpdate?: string } | undefined;
declare global {
  interface Window {
    Shopify?: { routes?: { root?: string } };
    upstackCartBump?: boolean;
  }
}

const SOURCE = "upstack-cart-bump";
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);

/** Lines the bump itself added (carrying our property): the ones that go when their core leaves. */
const bumpLines = (cart: ShopifyCart) => cart.items.filter((item) => item.properties?.[BUMP_OFFER_ATTRIBUTE]);

const root = () => window.Shopify?.routes?.root ?? "/";
const dawn = () => typeof publish === "function" && typeof subscribe === "function" && typeof PUB_SUB_EVENTS === "object";

async function cartRequest(path: string, body?: unknown): Promise<ShopifyCart> {
  const response = await fetch(root() + path, {
    method: body ? "POST" : "GET",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  if (!response.ok || !json) throw new Error(typeof json?.description === "string" ? json.description : "");
  return json;
}

/** Dawn's section ids for each surface, read from the page like Dawn does. */
function sectionsFor(surface: Surface): { id: string; element: Element | null; selector: string }[] {
  if (surface === "drawer") return [];
  const sections = [
    { element: document.getElementById("main-cart-items"), selector: ".js-contents" },
    { element: document.getElementById("main-cart-footer"), selector: ".js-contents" },
  ];
  const found = sections.filter((s) => s.element instanceof HTMLElement && s.element.dataset.id);
  return [
    ...found.map((s) => ({ id: (s.element as HTMLElement).dataset.id as string, element: s.element, selector: s.selector })),
    { id: "cart-icon-bubble", element: document.getElementById("cart-icon-bubble"), selector: ".shopify-section" },
  ];
}

type Drawer = HTMLElement & { renderContents?: (state: unknown) => void };
const drawerOf = () => document.querySelector<Drawer>("cart-drawer");

/** Section ids to ask Shopify to re-render with a change, or null: this theme gets a reload instead. */
function sectionIds(surface: Surface): string[] | null {
  if (surface === "drawer") return typeof drawerOf()?.renderContents === "function" ? ["cart-drawer", "cart-icon-bubble"] : null;
  const ids = sectionsFor(surface);
  return ids.length === 3 ? ids.map((s) => s.id) : null;
}

/** Shows the new cart in the theme: Dawn's way when it fits, else a reload. */
function refreshTheme(surface: Surface, cart: ShopifyCart) {
  if (!cart.sections || !dawn()) return location.reload();
  if (surface === "drawer") {
    drawerOf()?.renderContents?.(cart);
  } else {
    for (const { id, element, selector } of sectionsFor(surface)) {
      const html = cart.sections[id];
      const source = html && new DOMParser().parseFromString(html, "text/html").querySelector(selector);
      const target = element && (element.querySelector(selector) ?? element);
      if (source && target) target.innerHTML = source.innerHTML;
    }
    document.getElementById("main-cart-footer")?.classList.toggle("is-empty", cart.items.length === 0);
  }
  publish?.(PUB_SUB_EVENTS?.cartUpdate ?? "cart-update", { source: SOURCE, cartData: cart });
}

/** What the snippet hands over; prices: funnel id → [offer total, regular total], formatted by Liquid's money filter. */
type Payload = { config: unknown; cart: ShopifyCart; text: Text; prices: Record<string, [string, string]> };

function readPayload(element: HTMLElement): Payload | null {
  try {
    const payload = JSON.parse(element.dataset.upstackBump ?? "") as Payload;
    return payload && payload.cart && payload.text ? payload : null;
  } catch {
    return null;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One card: renders the cart's bump into its host and changes the cart when ticked. */
function mount(host: Host, payload: Payload, config: CheckoutConfig, changed: (cart: ShopifyCart) => void) {
  const { text } = payload;
  let cart = payload.cart;
  let busy = false;
  let message: { text: string; alert: boolean } | null = null;

  // Live regions that stay put while the card is redrawn, so screen readers announce each change once.
  const status = el("p", "upstack-bump__status");
  status.setAttribute("role", "status");
  const alert = el("p", "upstack-bump__error");
  alert.setAttribute("role", "alert");
  const cardHolder = el("div", "upstack-bump__holder");
  host.slot.replaceChildren(cardHolder, status, alert);

  function render(focus = false) {
    const offer = offerFor(config, cart);
    const { slot } = host;
    cardHolder.replaceChildren();
    status.textContent = message && !message.alert ? message.text : "";
    alert.textContent = message?.alert ? message.text : "";
    if (!offer) {
      slot.classList.toggle("upstack-bump--empty", !message);
      return;
    }
    slot.classList.remove("upstack-bump--empty");
    const name = offer.variantTitle ? `${offer.title} – ${offer.variantTitle}` : offer.title;
    const card = el("div", "upstack-bump__card");
    const heading = el("p", "upstack-bump__heading", text.heading);
    const body = el("div", "upstack-bump__body");
    if (offer.imageUrl) {
      const image = el("img", "upstack-bump__image");
      Object.assign(image, { src: offer.imageUrl, alt: "", width: 64, height: 64, loading: "lazy", decoding: "async" });
      body.append(image);
    }
    const id = `upstack-bump-${host.surface}`;
    const input = el("input", "upstack-bump__checkbox");
    Object.assign(input, { type: "checkbox", id, checked: offer.inCart, disabled: busy });
    // The price shown is for the whole offer: say how many it is for.
    const label = el("label", "upstack-bump__label", fill(text.add, { title: offer.quantity > 1 ? `${name} × ${offer.quantity}` : name }));
    label.htmlFor = id;
    const prices = el("p", "upstack-bump__prices");
    // Formatted by the theme's own money filter (see the snippet), as the cart's totals are.
    const [offerText = "", regularText = ""] = payload.prices[offer.funnelId] ?? [];
    const now = el("span", "upstack-bump__price", offerText);
    now.setAttribute("aria-label", fill(text.offerPrice, { price: offerText }));
    prices.append(now);
    // Like core's priceLineOfUnits: no strikethrough unless something is taken off.
    if (offer.regularUnitPrice > offer.offerUnitPrice) {
      const was = el("s", "upstack-bump__regular", regularText);
      was.setAttribute("aria-label", fill(text.regularPrice, { price: regularText }));
      prices.append(" ", was);
    }
    const details = el("div", "upstack-bump__details");
    details.append(label, prices);
    // The merchant's words come second: the item is named as the store names it.
    if (offer.copy.description || offer.copy.title) {
      details.append(el("p", "upstack-bump__copy", [offer.copy.title, offer.copy.description].filter(Boolean).join(" · ")));
    }
    body.prepend(input);
    body.append(details);
    card.append(heading, body);
    cardHolder.append(card);
    input.addEventListener("change", () => toggle(offer, name, input));
    // A keyboard user who ticked keeps their place on the redrawn checkbox.
    if (focus) input.focus();
  }

  async function toggle(offer: CheckoutBumpOffer, name: string, input: HTMLInputElement) {
    // A second tap while the first is on its way changes nothing.
    if (busy) return;
    busy = true;
    const adding = input.checked;
    const focused = document.activeElement === input;
    input.disabled = true;
    host.slot.setAttribute("aria-busy", "true");
    const sections = sectionIds(host.surface);
    const extra = sections ? { sections, sections_url: location.pathname } : {};
    try {
      let next: ShopifyCart;
      if (adding) {
        const added = await cartRequest("cart/add.js", {
          items: [{ id: Number(offer.variantId.slice(offer.variantId.lastIndexOf("/") + 1)), quantity: offer.quantity, properties: { [BUMP_OFFER_ATTRIBUTE]: offer.funnelId } }],
          ...extra,
        });
        next = { ...(await cartRequest("cart.js")), sections: added.sections };
      } else {
        next = await removeLines(cart.items.filter((item) => gid("ProductVariant", item.variant_id) === offer.variantId), extra);
      }
      cart = next;
      message = { text: fill(adding ? text.added : text.removed, { title: name }), alert: false };
      busy = false;
      render(focused);
      changed(next);
      refreshTheme(host.surface, next);
    } catch (error) {
      const reason = error instanceof Error && error.message ? ` ${error.message}` : "";
      message = { text: fill(adding ? text.addFailed : text.removeFailed, { title: name }) + reason, alert: true };
      busy = false;
      render(focused);
    } finally {
      host.slot.removeAttribute("aria-busy");
    }
  }

  async function removeLines(lines: ShopifyCart["items"], extra: object): Promise<ShopifyCart> {
    let next = cart;
    for (const line of lines) next = await cartRequest("cart/change.js", { id: line.key, quantity: 0, ...extra });
    return next;
  }

  /** Another card changed the cart: show it as it is now. */
  function show(next: ShopifyCart) {
    cart = next;
    message = null;
    render();
  }

  /** The cart changed elsewhere: follow it; a bump whose core left goes too. Returns the cart as it is now. */
  async function follow(next: ShopifyCart): Promise<ShopifyCart> {
    cart = next;
    message = null;
    const orphans = offerFor(config, cart) ? [] : bumpLines(cart);
    if (orphans.length > 0 && !busy) {
      busy = true;
      try {
        const sections = sectionIds(host.surface);
        cart = await removeLines(orphans, sections ? { sections, sections_url: location.pathname } : {});
        const names = orphans.map((line) => config.funnels.find((f) => f.id === line.properties?.[BUMP_OFFER_ATTRIBUTE])?.bump.title);
        message = { text: fill(text.leftWithCore, { title: names.find(Boolean) ?? "" }), alert: false };
        busy = false;
        render();
        changed(cart);
        refreshTheme(host.surface, cart);
        return cart;
      } catch {
        // The Function prices nothing without its core: the shopper only sees the line at full price.
      }
      busy = false;
    }
    render();
    return cart;
  }

  render();
  return { follow, show, isBusy: () => busy };
}

/** Where the embed's card goes in a drawer built like Dawn's: above the checkout buttons. */
function placeInDrawer(slot: HTMLElement) {
  const drawer = drawerOf();
  const anchor = drawer?.querySelector(".drawer__footer .cart__ctas") ?? drawer?.querySelector(".cart__ctas");
  if (anchor?.parentElement && slot.nextElementSibling !== anchor) anchor.parentElement.insertBefore(slot, anchor);
}

function start() {
  if (window.upstackCartBump) return;
  window.upstackCartBump = true;
  const cards: ReturnType<typeof mount>[] = [];
  for (const element of document.querySelectorAll<HTMLElement>("[data-upstack-bump]")) {
    const payload = readPayload(element);
    const config = payload && parseCheckoutConfig(payload.config);
    if (!payload || !config) continue;
    const surface: Surface = element.dataset.surface === "drawer" ? "drawer" : "page";
    const slot = element.querySelector<HTMLElement>(".upstack-bump") ?? element;
    if (surface === "drawer") {
      const drawer = drawerOf();
      if (!drawer) continue;
      placeInDrawer(slot);
      // Dawn replaces the drawer's insides on every change (and other drawers may draw their footer
      // only once the cart has items): put the card back before it paints.
      new MutationObserver(() => placeInDrawer(slot)).observe(drawer, { childList: true, subtree: true });
    }
    const card = mount({ surface, slot }, payload, config, (cart) => {
      for (const other of cards) if (other !== card) other.show(cart);
    });
    cards.push(card);
  }
  if (cards.length === 0 || !dawn()) return;
  subscribe?.(PUB_SUB_EVENTS?.cartUpdate ?? "cart-update", async (event) => {
    if (event?.source === SOURCE || cards.some((card) => card.isBusy())) return;
    try {
      let cart = await cartRequest("cart.js");
      for (const card of cards) cart = await card.follow(cart);
    } catch {
      // Unreadable cart: keep what is shown; the next change tries again.
    }
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
