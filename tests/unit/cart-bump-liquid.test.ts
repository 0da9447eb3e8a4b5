/**
 * The cart bump's Liquid, rendered with a Liquid engine against carts: what
 * it hands the script, and that the script's rule (core's) then picks the
 * bump checkout would show.
 */
import { describe, expect, it } from "vitest";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { parseCheckoutConfig } from "@upstack/core";
import { offerFor, type ShopifyCart } from "../../storefront/cart-bump-rule";
import { blockSchema, lineOf, payloadOf, publishedDocument, renderCartBump } from "../../sandbox/storefront/cart-bump-theme";

const course = product("Photography course", 9900);
const workbook = product("Field workbook", 2900);
const tripod = product("Travel tripod", 4900);
const published = publishedDocument([
  funnel(course, { id: "funnel-course", bump: bump(workbook, { type: "percentage", percent: 20 }) }),
]);

describe("cart bump Liquid", () => {
  it("hands the script the published document, the cart and the words, and core picks the bump from them", async () => {
    const html = await renderCartBump({ block: "cart-bump", document: published, cart: { currency: "USD", items: [lineOf(course)] } });
    const payload = payloadOf(html);
    expect(payload).not.toBeNull();
    const config = parseCheckoutConfig(payload?.config);
    expect(config).toEqual(published);
    const offer = offerFor(config!, payload?.cart as ShopifyCart);
    expect(offer).toMatchObject({ title: "Field workbook", offerUnitPrice: 2320, regularUnitPrice: 2900, inCart: false });
    expect(payload?.text).toMatchObject({ heading: "Add to your order", add: "Add {title}" });
    expect(payload?.prices).toEqual({ "funnel-course": ["$23.20", "$29.00"] });
    expect(html).toContain('data-surface="page"');
    expect(html).not.toContain("upstack-bump--empty");
  });

  it("shows no bump for a cart without its core, and a ticked bump as ticked", async () => {
    const without = payloadOf(await renderCartBump({ block: "cart-bump", document: published, cart: { currency: "USD", items: [lineOf(tripod)] } }));
    expect(offerFor(published, without?.cart as ShopifyCart)).toBeNull();

    const ticked = payloadOf(
      await renderCartBump({
        block: "cart-bump",
        document: published,
        cart: { currency: "USD", items: [lineOf(course), lineOf(workbook, 1, { _upstack_offer: "funnel-course" })] },
      }),
    );
    const cart = ticked?.cart as ShopifyCart;
    expect(cart.items[1]?.properties).toEqual({ _upstack_offer: "funnel-course" });
    expect(cart.items[0]?.properties).toEqual({ _upstack_offer: null });
    expect(offerFor(published, cart)).toMatchObject({ inCart: true, cartQuantity: 1 });
  });

  it("prices each bump for its quantity in the shop's money format", async () => {
    const euros = publishedDocument(
      [funnel({ ...course, price: { amount: 9900, currency: "EUR" } }, { id: "f-eur", bump: bump({ ...workbook, price: { amount: 129900, currency: "EUR" } }, { type: "percentage", percent: 10 }, 2) })],
      "EUR",
    );
    const payload = payloadOf(
      await renderCartBump({ block: "cart-bump", document: euros, moneyFormat: "€{{amount_with_comma_separator}}", cart: { currency: "EUR", items: [lineOf(course)] } }),
    );
    expect(payload?.prices).toEqual({ "f-eur": ["€2.338,20", "€2.598,00"] });
  });

  it("renders nothing before anything is published, and keeps no room for an empty cart", async () => {
    expect((await renderCartBump({ block: "cart-bump", document: null, cart: { currency: "USD", items: [lineOf(course)] } })).trim()).toBe("");
    const empty = await renderCartBump({ block: "cart-bump", document: published, cart: { currency: "USD", items: [] } });
    expect(empty).toContain("upstack-bump--empty");
  });

  it("speaks the shopper's language and takes the merchant's heading and colours", async () => {
    for (const [locale, heading] of [["fr", "Ajoutez à votre commande"], ["de", "Zu Ihrer Bestellung hinzufügen"], ["es", "Añade a tu pedido"]] as const) {
      const payload = payloadOf(await renderCartBump({ block: "cart-bump", document: published, locale, cart: { currency: "USD", items: [lineOf(course)] } }));
      expect(payload?.text.heading).toBe(heading);
    }
    const html = await renderCartBump({
      block: "cart-bump",
      document: published,
      settings: { heading: "Pairs well", accent_color: "#123456" },
      cart: { currency: "USD", items: [lineOf(course)] },
    });
    expect(payloadOf(html)?.text.heading).toBe("Pairs well");
    expect(html).toContain("--upstack-bump-accent: #123456;");
    expect(html).not.toContain("--upstack-bump-background");
  });

  it("keeps merchant copy inside the attribute, whatever it holds", async () => {
    const sneaky = publishedDocument([
      funnel(course, { id: "f", bump: { ...bump(workbook), copy: { title: '"><script>alert(1)</script>', description: "a & b", checkboxLabel: "x" } } }),
    ]);
    const html = await renderCartBump({ block: "cart-bump", document: sneaky, cart: { currency: "USD", items: [lineOf(course)] } });
    expect(html).not.toContain("<script>");
    expect(parseCheckoutConfig(payloadOf(html)?.config)?.funnels[0]?.bump.copy.title).toBe('"><script>alert(1)</script>');
  });

  it("the embed serves drawers only: on the cart page the block does the job", async () => {
    const cart = { currency: "USD", items: [lineOf(course)] };
    expect(await renderCartBump({ block: "cart-bump-embed", document: published, cart, template: "product" })).toContain('data-surface="drawer"');
    expect((await renderCartBump({ block: "cart-bump-embed", document: published, cart, template: "cart" })).trim()).toBe("");
  });

  it("declares an app block for the cart page and an app embed, with the same settings", () => {
    const block = blockSchema("cart-bump");
    const embed = blockSchema("cart-bump-embed");
    expect(block).toMatchObject({ target: "section", enabled_on: { templates: ["cart"] }, javascript: "cart-bump.js" });
    expect(embed).toMatchObject({ target: "body", javascript: "cart-bump.js" });
    expect(embed.settings).toEqual(block.settings);
  });
});
