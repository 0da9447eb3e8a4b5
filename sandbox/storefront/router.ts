/**
 * The sandbox's storefront and checkout preview (mounted at /store): a plain
 * store over the demo shop, its cart (Shopify's Ajax Cart API) with the REAL
 * cart bump block, a checkout running the REAL checkout bump extension and
 * the REAL discount Function, "pay" (shop.placeOrder), the REAL post-purchase
 * extension, then the thank-you page with the REAL thank-you extension and a
 * summary of the order. What it simulates and what not: ./README.md.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import express, { type Request, type Response } from "express";
import { type CheckoutConfig, PUBLISHED_METAFIELDS, decimalOfMinorUnits, legacyIdFromGid, minorUnitDigits, parseCheckoutConfig } from "@upstack/core";
import { type SandboxOrder, unitDiscount } from "../stand-in/shop-state";
import { CART_BUMP_DIR, cartJson, formatShopMoney, renderCartBump } from "./cart-bump-theme";
import { CartError, StoreCart, cleanProperties } from "./cart";
import { type BundleName, createBundler } from "./bundles";
import { priceCart } from "./discount-function";
import type { CheckoutSnapshot, HostBoot } from "./browser/checkout-host";
import type { StorefrontShop } from "./shop-contract";

// Two levels up from here and from the bundled sandbox server (sandbox/.data/) is the repository.
const locale = (extension: string) =>
  JSON.parse(readFileSync(new URL(`../../extensions/${extension}/locales/en.default.json`, import.meta.url), "utf8")) as HostBoot["messages"];
/** Shopify lets a checkout accept this many post-purchase changesets. */
const CHANGESET_LIMIT = 3;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script type="application/json">: `<` escaped so no text closes the tag. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

const STYLE = `
body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1a1a1a; }
header { display: flex; justify-content: space-between; align-items: center; padding: 12px 24px; border-bottom: 1px solid #ddd; }
header a { color: inherit; }
main { max-width: 960px; margin: 0 auto; padding: 16px 24px 48px; }
.products { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 16px; list-style: none; padding: 0; }
.products li { border: 1px solid #ddd; border-radius: 8px; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
.cart-line { display: flex; justify-content: space-between; gap: 12px; padding: 8px 0; border-bottom: 1px solid #eee; }
.checkout { display: grid; grid-template-columns: 1fr 340px; gap: 32px; }
#summary-lines { list-style: none; padding: 0; margin: 0; }
#summary-lines li { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 12px; padding: 8px 0; border-bottom: 1px solid #eee; }
.line-discount { flex-basis: 100%; color: #2a7a3b; }
dl.totals { display: grid; grid-template-columns: 1fr auto; gap: 4px 12px; } dl.totals dd { margin: 0; text-align: right; }
button.primary, .primary-link { padding: 12px 18px; border: 0; border-radius: 6px; background: #1773b0; color: #fff; font: inherit; cursor: pointer; text-decoration: none; display: inline-block; }
button.wallet { padding: 12px 18px; border: 0; border-radius: 6px; background: #5a31f4; color: #fff; font: inherit; cursor: pointer; }
fieldset { border: 1px dashed #aaa; border-radius: 8px; margin: 16px 0; }
.note { color: #616161; font-size: 14px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; }
`;

export function storefrontRouter(shop: StorefrontShop): express.Router {
  const router = express.Router();
  const bundle = createBundler(shop.appOrigin);
  const carts = new Map<string, StoreCart>();
  const checkouts = new Map<string, { cartToken: string; locked: boolean }>();
  const orderSwitches = new Map<string, { serverDown: boolean; upsellPaymentFails: boolean; applied: number }>();
  const money = (cents: number) => formatShopMoney(cents, "${{amount}}");
  const digits = minorUnitDigits(shop.currency);
  const moneyBag = (cents: number) => {
    const amount = decimalOfMinorUnits(cents, digits);
    return { shopMoney: { amount, currencyCode: shop.currency }, presentmentMoney: { amount, currencyCode: shop.currency } };
  };
  const catalog = (variantId: number) => {
    const variant = shop.variant(`gid://shopify/ProductVariant/${variantId}`);
    return variant && { productId: legacyIdFromGid(variant.productId, "Product"), title: variant.productTitle, price: variant.price, available: variant.available };
  };
  const checkoutConfigValue = () => shop.shopMetafield?.(PUBLISHED_METAFIELDS.checkout.namespace, PUBLISHED_METAFIELDS.checkout.key) ?? null;
  const bumpDiscount = () => shop.bumpDiscount?.() ?? null;
  const appMetafields = () => {
    const value = checkoutConfigValue();
    return value === null
      ? []
      : [{ target: { type: "shop", id: "gid://shopify/Shop/1" }, metafield: { ...PUBLISHED_METAFIELDS.checkout, value, valueType: "json_string", type: "json" } }];
  };

  router.use(express.json({ limit: "64kb" }));
  router.use(express.urlencoded({ extended: false, limit: "16kb" }));

  function cartOf(request: Request, response: Response, create = true): { token: string; cart: StoreCart } | null {
    const token = /(?:^|;\s*)cart=([\w-]+)/.exec(request.headers.cookie ?? "")?.[1];
    const existing = token ? carts.get(token) : undefined;
    if (token && existing) return { token, cart: existing };
    if (!create) return null;
    const fresh = randomUUID();
    const cart = new StoreCart(catalog, shop.currency);
    carts.set(fresh, cart);
    response.cookie("cart", fresh, { path: "/", httpOnly: true, sameSite: "lax" });
    return { token: fresh, cart };
  }

  const page = (request: Request, title: string, body: string, script?: { name: BundleName; boot: unknown }) => {
    const base = request.baseUrl;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Upstack demo store</title><style>${STYLE}</style>
${script ? `<script type="application/json" id="host-boot">${scriptJson(script.boot)}</script>` : ""}</head>
<body><header><a href="${base}/"><strong>Upstack demo store</strong></a><nav aria-label="Store"><a href="${base}/">Products</a> · <a href="${base}/cart">Cart</a></nav></header>
<main>${body}</main>${script ? `<script src="${base}/bundles/${script.name}.js"></script>` : ""}</body></html>`;
  };

  const parsedConfig = (): CheckoutConfig | null => {
    const value = checkoutConfigValue();
    return value === null ? null : parseCheckoutConfig(value);
  };

  /** The cart as the checkout shows it. A lock is not announced in the instructions: a change is refused when tried. */
  async function snapshotOf(cart: StoreCart): Promise<CheckoutSnapshot> {
    const priced = await priceCart(cart.items, shop.currency, bumpDiscount());
    return {
      lines: priced.lines.map((line) => {
        const variant = shop.variant(`gid://shopify/ProductVariant/${line.item.variant_id}`);
        return {
          id: line.lineId,
          quantity: line.item.quantity,
          merchandise: {
            type: "variant" as const,
            id: `gid://shopify/ProductVariant/${line.item.variant_id}`,
            title: line.item.title,
            product: { id: `gid://shopify/Product/${line.item.product_id}` },
            image: variant?.imageUrl ? { url: variant.imageUrl } : null,
          },
          attributes: Object.entries(line.item.properties ?? {}).map(([key, value]) => ({ key, value })),
          regular: line.regular,
          total: line.total,
          discounts: line.discounts,
        };
      }),
      subtotal: priced.total,
      total: priced.total,
      canAddCartLine: true,
      canRemoveCartLine: true,
    };
  }

  // ---------------------------------------------------------------- the store

  router.get("/", (request, response) => {
    const items = shop
      .variants()
      .map(
        (variant) => `<li><strong>${escapeHtml(variant.productTitle)}</strong>${variant.title !== "Default Title" ? `<span>${escapeHtml(variant.title)}</span>` : ""}
<span>${money(variant.price)}</span>
<form method="post" action="${request.baseUrl}/cart/add"><input type="hidden" name="id" value="${legacyIdFromGid(variant.id, "ProductVariant")}">
<button type="submit" class="primary" aria-label="Add ${escapeHtml(variant.productTitle)} to cart" ${variant.available ? "" : "disabled"}>${variant.available ? "Add to cart" : "Sold out"}</button></form></li>`,
      )
      .join("");
    response.send(page(request, "Products", `<h1>Products</h1><ul class="products" aria-label="Products">${items}</ul>`));
  });

  router.post("/cart/add", (request, response) => {
    const { cart } = cartOf(request, response) as { cart: StoreCart };
    try {
      cart.add(Number(request.body?.id), Math.max(1, Number(request.body?.quantity ?? 1)));
    } catch (error) {
      if (!(error instanceof CartError)) throw error;
      return response.status(error.status).send(page(request, "Cart error", `<p role="alert">${escapeHtml(error.description)}</p>`));
    }
    response.redirect(303, `${request.baseUrl}/cart`);
  });

  router.get("/cart", async (request, response) => {
    const { cart } = cartOf(request, response) as { cart: StoreCart };
    const base = request.baseUrl;
    const config = parsedConfig();
    const lines = cart.items
      .map(
        (item) => `<div class="cart-line"><span>${escapeHtml(item.title)} × ${item.quantity}</span><span>${money(item.price * item.quantity)}</span>
<form method="post" action="${base}/cart/change"><input type="hidden" name="id" value="${escapeHtml(item.key)}"><input type="hidden" name="quantity" value="0">
<button type="submit" aria-label="Remove ${escapeHtml(item.title)}">Remove</button></form></div>`,
      )
      .join("");
    const block = config ? await renderCartBump({ block: "cart-bump", document: config, cart: cart.cart }) : "";
    const body = `<h1>Your cart</h1>${lines || "<p>Your cart is empty.</p>"}
<div id="main-cart-footer"><p>Subtotal <strong data-subtotal>${money(cart.subtotal())}</strong></p>${block}
<form method="post" action="${base}/checkout"><button type="submit" class="primary" ${cart.items.length ? "" : "disabled"}>Check out</button></form></div>`;
    const html = page(request, "Cart", body).replace(
      "</head>",
      `<link rel="stylesheet" href="${base}/assets/cart-bump.css"><script>window.Shopify = { routes: { root: ${JSON.stringify(`${base}/`)} } };</script><script src="${base}/assets/cart-bump.js" defer></script></head>`,
    );
    response.send(html);
  });

  router.post("/cart/change", (request, response) => {
    const found = cartOf(request, response, false);
    try {
      found?.cart.change({ id: request.body?.id }, Number(request.body?.quantity));
    } catch (error) {
      if (!(error instanceof CartError)) throw error;
    }
    response.redirect(303, `${request.baseUrl}/cart`);
  });

  // Shopify's Ajax Cart API, as the cart bump's script calls it.
  const cartError = (response: Response, error: unknown) => {
    if (!(error instanceof CartError)) throw error;
    response.status(error.status).json({ status: error.status, message: "Cart Error", description: error.description });
  };
  router.get("/cart.js", (request, response) => {
    response.json(cartJson((cartOf(request, response) as { cart: StoreCart }).cart.cart));
  });
  router.post("/cart/add.js", (request, response) => {
    const { cart } = cartOf(request, response) as { cart: StoreCart };
    const items: unknown[] = Array.isArray(request.body?.items) ? request.body.items : [request.body];
    try {
      const added = items.map((raw) => {
        const item = raw as { id?: unknown; quantity?: unknown; properties?: unknown };
        return cart.add(Number(item.id), Number(item.quantity ?? 1), cleanProperties(item.properties));
      });
      response.json({ items: added });
    } catch (error) {
      cartError(response, error);
    }
  });
  router.post("/cart/change.js", (request, response) => {
    const { cart } = cartOf(request, response) as { cart: StoreCart };
    try {
      cart.change({ id: request.body?.id, line: request.body?.line }, Number(request.body?.quantity));
      response.json(cartJson(cart.cart));
    } catch (error) {
      cartError(response, error);
    }
  });
  router.get("/assets/:file", (request, response) => {
    const file = request.params.file;
    if (file !== "cart-bump.js" && file !== "cart-bump.css") return response.status(404).end();
    response.type(file.endsWith(".css") ? "text/css" : "text/javascript").send(readFileSync(`${CART_BUMP_DIR}/assets/${file}`));
  });

  // ---------------------------------------------------------------- checkout

  router.post("/checkout", (request, response) => {
    const found = cartOf(request, response, false);
    if (!found || found.cart.items.length === 0) return response.redirect(303, `${request.baseUrl}/cart`);
    const token = randomUUID().replace(/-/g, "");
    checkouts.set(token, { cartToken: found.token, locked: false });
    response.redirect(303, `${request.baseUrl}/checkouts/${token}`);
  });

  const checkoutOf = (token: string) => {
    const checkout = checkouts.get(token);
    const cart = checkout && carts.get(checkout.cartToken);
    return checkout && cart ? { checkout, cart } : null;
  };

  router.get("/checkouts/:token", async (request, response) => {
    const found = checkoutOf(request.params.token);
    if (!found) return response.status(404).send(page(request, "Checkout", "<p>This checkout does not exist (any more).</p>"));
    const { locked } = found.checkout;
    // The pages after payment are next: have their scripts ready by then.
    void bundle("post-purchase").catch(() => {});
    void bundle("thank-you").catch(() => {});
    const base = request.baseUrl;
    const token = request.params.token;
    const boot: HostBoot = {
      base,
      target: "purchase.checkout.actions.render-before",
      currency: shop.currency,
      locale: "en",
      messages: locale("checkout-bump"),
      appMetafields: appMetafields(),
      checkoutToken: token,
      snapshot: await snapshotOf(found.cart),
    };
    const body = `<h1>Checkout</h1><div class="checkout"><section aria-label="Payment">
<p class="note">Contact, delivery and payment details are not asked for in the preview.</p>
${checkoutConfigValue() === null ? `<p class="note" role="status">Upstack has not published any offer to this shop yet: activate a funnel in the admin.</p>` : ""}
<div id="bump-slot" aria-label="Offers"></div>
<form method="post" action="${base}/checkouts/${token}/pay">
<fieldset><legend>Preview switches</legend>
<label><input type="checkbox" id="cart-locked" ${locked ? "checked" : ""}> The cart is locked (adding the bump fails)</label><br>
<label><input type="checkbox" name="upsellPaymentFails" value="1"> The upsell payment fails</label><br>
<label><input type="checkbox" name="serverDown" value="1"> The app server is down after payment (during ShouldRender)</label>
</fieldset>
<p><button type="submit" class="primary" name="method" value="card">Pay now</button>
<button type="submit" class="wallet" name="method" value="wallet">Pay with Shop Pay (wallet)</button></p></form>
</section>
<aside aria-label="Order summary"><h2>Order summary</h2><ul id="summary-lines"></ul>
<dl class="totals"><dt>Subtotal</dt><dd id="summary-subtotal"></dd><dt>Shipping</dt><dd>Free (not simulated)</dd><dt>Taxes</dt><dd>Not simulated</dd>
<dt><strong>Total</strong></dt><dd><strong id="summary-total" aria-label="Total"></strong></dd></dl></aside></div>`;
    response.send(page(request, "Checkout", body, { name: "checkout", boot }));
  });

  // The switch: Shopify refuses cart changes while a checkout is locked (e.g. a payment is being processed).
  router.post("/checkouts/:token/lock", (request, response) => {
    const found = checkoutOf(request.params.token);
    if (!found) return response.status(404).json({ locked: false });
    found.checkout.locked = request.body?.locked === true;
    response.json({ locked: found.checkout.locked });
  });

  router.post("/checkouts/:token/lines", async (request, response) => {
    const found = checkoutOf(request.params.token);
    if (!found) return response.status(404).json({ type: "error", message: "No such checkout." });
    const change = request.body as { type?: string; merchandiseId?: string; id?: string; quantity?: number; attributes?: { key: string; value: string }[] };
    if (found.checkout.locked) return response.json({ type: "error", message: "The cart cannot be changed at this stage of checkout." });
    try {
      if (change.type === "addCartLine" && typeof change.merchandiseId === "string") {
        const properties = Object.fromEntries((change.attributes ?? []).map((a) => [a.key, a.value]));
        found.cart.add(legacyIdFromGid(change.merchandiseId, "ProductVariant"), Number(change.quantity ?? 1), cleanProperties(properties));
      } else if ((change.type === "removeCartLine" || change.type === "updateCartLine") && typeof change.id === "string") {
        const item = found.cart.byLineId(change.id);
        if (!item) return response.json({ type: "error", message: "No such line." });
        const quantity = change.type === "removeCartLine" ? item.quantity - Number(change.quantity ?? item.quantity) : Number(change.quantity ?? item.quantity);
        found.cart.change({ id: item.key }, Math.max(0, quantity));
      } else {
        return response.json({ type: "error", message: "Unsupported change." });
      }
    } catch (error) {
      return response.json({ type: "error", message: error instanceof Error ? error.message : "The change failed." });
    }
    response.json({ type: "success", snapshot: await snapshotOf(found.cart) });
  });

  router.post("/checkouts/:token/pay", async (request, response) => {
    const token = request.params.token;
    const found = checkoutOf(token);
    if (!found) return response.status(404).send(page(request, "Checkout", "<p>This checkout does not exist (any more).</p>"));
    const priced = await priceCart(found.cart.items, shop.currency, bumpDiscount());
    const wallet = request.body?.method === "wallet";
    const order = await shop.placeOrder({
      checkoutToken: token,
      cartToken: found.checkout.cartToken,
      lines: priced.lines.map((line) => ({
        variantId: `gid://shopify/ProductVariant/${line.item.variant_id}`,
        quantity: line.item.quantity,
        attributes: Object.entries(line.item.properties ?? {}).map(([key, value]) => ({ key, value })),
        discounts: line.discounts,
      })),
      paymentGateway: wallet ? "shop_pay" : "bogus",
      wallet,
    });
    found.cart.clear();
    checkouts.delete(token);
    orderSwitches.set(order.id, { serverDown: request.body?.serverDown === "1", upsellPaymentFails: request.body?.upsellPaymentFails === "1", applied: 0 });
    const id = legacyIdFromGid(order.id, "Order");
    // Shopify shows no post-purchase page after a wallet payment: straight to the thank-you page.
    response.redirect(303, `${request.baseUrl}/orders/${id}/${wallet ? "thank-you" : "post-purchase"}`);
  });

  // ---------------------------------------------------------------- after payment

  const orderOf = (id: string): SandboxOrder | undefined => (/^\d+$/.test(id) ? shop.order(`gid://shopify/Order/${id}`) : undefined);

  router.get("/orders/:id/post-purchase", (request, response) => {
    const order = orderOf(request.params.id);
    if (!order) return response.status(404).send(page(request, "Order", "<p>No such order.</p>"));
    const token = shop.postPurchaseInputToken(order);
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { input_data: Record<string, unknown> };
    const boot = {
      base: request.baseUrl,
      orderId: request.params.id,
      thankYouUrl: `${request.baseUrl}/orders/${request.params.id}/thank-you`,
      appOrigin: shop.appOrigin,
      serverDown: orderSwitches.get(order.id)?.serverDown ?? false,
      inputData: { ...claims.input_data, token },
    };
    const body = `<p id="post-purchase-status" role="status">Processing your order…</p><div id="post-purchase-slot"></div>`;
    response.send(page(request, "Post-purchase offer", body, { name: "post-purchase", boot }));
  });

  router.post("/orders/:id/calculate", (request, response) => {
    const order = orderOf(request.params.id);
    const changes = (request.body as { changes?: unknown })?.changes;
    if (!order || !Array.isArray(changes)) return response.json({ status: "unprocessed", errors: [{ code: "invalid_request", message: "Bad changeset." }] });
    const added = [];
    for (const raw of changes) {
      const change = raw as { type?: string; variantID?: number; variantId?: number; quantity?: number; discount?: { value: number; valueType: "percentage" | "fixed_amount"; title: string } };
      const variantId = Number(change.variantID ?? change.variantId);
      const variant = shop.variant(`gid://shopify/ProductVariant/${variantId}`);
      const quantity = Number(change.quantity);
      if (change.type !== "add_variant" || !variant || !Number.isSafeInteger(quantity) || quantity < 1) {
        return response.json({ status: "unprocessed", errors: [{ code: "invalid_request", message: "Bad change." }] });
      }
      const total = (variant.price - (change.discount ? unitDiscount(variant.price, change.discount) : 0)) * quantity;
      added.push({ variant, variantId, quantity, total });
    }
    const addedTotal = added.reduce((sum, line) => sum + line.total, 0);
    response.json({
      status: "processed",
      errors: [],
      calculatedPurchase: {
        subtotalPriceSet: moneyBag(order.total + addedTotal),
        totalPriceSet: moneyBag(order.total + addedTotal),
        addedTaxLines: [],
        addedShippingLines: [],
        updatedLineItems: added.map((line) => ({
          totalPriceSet: moneyBag(line.total),
          priceSet: moneyBag(line.total / line.quantity),
          productId: legacyIdFromGid(line.variant.productId, "Product"),
          variantId: line.variantId,
          productHandle: line.variant.productTitle.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
          quantity: line.quantity,
        })),
        totalOutstandingSet: moneyBag(addedTotal),
      },
    });
  });

  router.post("/orders/:id/apply", async (request, response) => {
    const order = orderOf(request.params.id);
    const token = (request.body as { token?: unknown })?.token;
    const switches = order && orderSwitches.get(order.id);
    const refused = (code: string, message: string, remaining = CHANGESET_LIMIT) =>
      response.json({ status: "unprocessed", errors: [{ code, message }], changesetApplicationsRemaining: remaining });
    if (!order || typeof token !== "string") return refused("invalid_request", "Bad changeset token.");
    const remaining = CHANGESET_LIMIT - (switches?.applied ?? 0);
    if (remaining <= 0) return refused("invalid_request", "No more changesets may be applied to this order.", 0);
    if (switches?.upsellPaymentFails) return refused("payment_required", "The payment method was declined (preview switch).", remaining);
    const result = await shop.applyChangeset({ referenceId: order.checkoutToken, token });
    if (!result.ok) return refused(/already/.test(result.reason) ? "changeset_already_applied" : "invalid_request", result.reason, remaining);
    if (switches) switches.applied += 1;
    response.json({ status: "processed", errors: [], changesetApplicationsRemaining: remaining - 1 });
  });

  router.get("/orders/:id/thank-you", (request, response) => {
    const order = orderOf(request.params.id);
    if (!order) return response.status(404).send(page(request, "Order", "<p>No such order.</p>"));
    const boot: HostBoot = {
      base: request.baseUrl,
      target: "purchase.thank-you.block.render",
      currency: shop.currency,
      locale: "en",
      messages: locale("thank-you"),
      appMetafields: appMetafields(),
      orderId: `gid://shopify/OrderIdentity/${request.params.id}`,
      orderName: order.name,
    };
    const rows = order.lines
      .map((line) => {
        const off = line.discounts.reduce((sum, d) => sum + d.amount, 0);
        const discounts = line.discounts.map((d) => `${escapeHtml(d.title)} −${money(d.amount)}`).join(", ");
        return `<tr><td>${escapeHtml(line.title)}</td><td>${line.quantity}</td><td>${money(line.unitPrice * line.quantity)}</td><td>${discounts || "—"}</td><td>${money(line.unitPrice * line.quantity - off)}</td></tr>`;
      })
      .join("");
    const deliveries = shop
      .deliveries()
      .filter((delivery) => delivery.orderId === order.id)
      .map((delivery) => `<li>${escapeHtml(delivery.topic)}: the app answered ${delivery.status}</li>`)
      .join("");
    const body = `<h1>Thank you!</h1><p>Order ${escapeHtml(order.name)} is confirmed${order.wallet ? " (paid with a wallet)" : ""}.</p>
<div id="thank-you-slot"></div>
<section aria-label="What the order holds"><h2>What the order holds</h2>
<table><thead><tr><th>Item</th><th>Quantity</th><th>Price</th><th>Discounts</th><th>Line total</th></tr></thead><tbody>${rows}</tbody></table>
<p>Order total: <strong data-order-total>${money(order.total)}</strong> <span class="note">(no taxes or shipping in the preview)</span></p></section>
<section aria-label="Webhooks delivered"><h2>Webhooks delivered to the app</h2><ul>${deliveries || "<li>None yet</li>"}</ul></section>
<p><a class="primary-link" href="${request.baseUrl}/">Continue shopping</a></p>`;
    response.send(page(request, "Thank you", body, { name: "thank-you", boot }));
  });

  // ---------------------------------------------------------------- host plumbing

  router.get("/session-token", (_request, response) => {
    if (!shop.checkoutSessionToken) return response.status(503).json({ error: "The stand-in issues no checkout session tokens." });
    response.set("Cache-Control", "no-store").json({ token: shop.checkoutSessionToken() });
  });

  router.get("/bundles/:name.js", async (request, response, next) => {
    const name = request.params.name as BundleName;
    if (!["checkout", "thank-you", "post-purchase"].includes(name)) return response.status(404).end();
    try {
      response.type("text/javascript").send(await bundle(name));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
