// @vitest-environment happy-dom
/**
 * The admin's live preview (app/components/funnel-editor/OfferPreview.tsx,
 * React + Polaris) and the checkout card (./Bump.tsx, Preact + Polaris web
 * components) show a buyer the same offer: both are rendered here for the
 * same funnel, and what each puts on screen (title, copy, offer price, the
 * struck-through regular price, the quantity) is read back from its DOM and
 * compared. The checkout's side goes the real way: buildCheckoutConfig -> the
 * metafield's JSON -> the card.
 */
import { getExtension } from "@shopify/ui-extensions-tester";
import { AppProvider } from "@shopify/polaris";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import { type Funnel, type OfferProduct, buildCheckoutConfig, money, offerItemName } from "@upstack/core";
import { render } from "preact";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BumpPreview } from "../../../app/components/funnel-editor/OfferPreview";
import mountBlock from "./BlockBump";
import { bumpFunnel, cartLine, course, formatCurrencyEnUs, liveSignal, metafieldEntry, product, translateWith, workbook } from "./test-support";

/** What a buyer reads on an offer card. */
type Shown = {
  /** The item as the store names it (product and variant title). */
  name: string;
  /** The merchant's title: a secondary line. */
  title: string;
  description: string;
  offerPrice: string;
  /** The regular price, and whether it is drawn struck through; null when there is none. */
  regularPrice: { text: string; struckThrough: boolean } | null;
  /** "3 items", or null for one. */
  quantity: string | null;
  checkboxLabel: string;
  image: string | null;
};

const text = (element: { textContent: string | null } | null | undefined) => element?.textContent?.trim() ?? null;

const extension = getExtension("purchase.checkout.block.render");

/** The admin preview, rendered by React with Polaris, read from its markup. */
function adminShows(funnel: Funnel): Shown {
  const container = document.createElement("div");
  container.innerHTML = renderToStaticMarkup(
    createElement(AppProvider, { i18n: polarisEnglish }, createElement(BumpPreview, { bump: funnel.bump })),
  );
  const regular = container.querySelector("[data-testid=regular-price]");
  return {
    name: text(container.querySelector("h3")) ?? "",
    title: text(container.querySelector("[data-testid=bump-title]")) ?? "",
    description: text(container.querySelector("[data-testid=bump-description]")) ?? "",
    offerPrice: text(container.querySelector("[data-testid=offer-price]")) ?? "",
    // Polaris draws textDecorationLine="line-through" with this class on the Text around the price.
    regularPrice: regular
      ? { text: text(regular) ?? "", struckThrough: regular.closest(".Polaris-Text__line--through") !== null }
      : null,
    quantity: text(container.querySelector("[data-testid=quantity]")),
    checkboxLabel: text(container.querySelector("label .Polaris-Checkbox__Label, .Polaris-Choice__Label")) ?? "",
    image: container.querySelector("img")?.getAttribute("src") ?? null,
  };
}

/** The checkout card, rendered by Preact in the checkout's API, read from the DOM the host would draw. */
function checkoutShows(funnel: Funnel, currency: string): Shown {
  const shopify = extension.shopify;
  const core = funnel.trigger.match.type === "products" ? funnel.trigger.match.products[0]! : course;
  shopify.appMetafields = liveSignal([metafieldEntry(buildCheckoutConfig([funnel], currency))]);
  shopify.lines = liveSignal([cartLine(core, { currency })]);
  shopify.cost.subtotalAmount = liveSignal({ amount: core.price.amount / 100, currencyCode: currency as "USD" });
  shopify.localization.currency = liveSignal({ isoCode: currency as "USD" });
  shopify.i18n.translate = translateWith() as typeof shopify.i18n.translate;
  shopify.i18n.formatCurrency = formatCurrencyEnUs;
  mountBlock();
  const card = document.body;
  const regular = card.querySelector('s-text[type="redundant"]');
  const quantity = [...card.querySelectorAll('s-text[color="subdued"]')].find((el) => /\bitems?$/.test(el.textContent ?? ""));
  return {
    name: text(card.querySelector('s-text[type="strong"]')) ?? "",
    title: text(card.querySelector("s-text:not([type]):not([accessibilityVisibility]):not([color])")) ?? "",
    description: text(card.querySelector("s-paragraph")) ?? "",
    // The visible price; screen readers get "Offer price: ..." instead.
    offerPrice: text(card.querySelector('s-text[type="strong"][accessibilityVisibility="hidden"]')) ?? "",
    // type="redundant" is how checkout's text draws a price that no longer applies: struck through.
    regularPrice: regular ? { text: text(regular) ?? "", struckThrough: true } : null,
    quantity: text(quantity),
    checkboxLabel: card.querySelector("s-checkbox")?.getAttribute("label") ?? "",
    image: card.querySelector("s-product-thumbnail")?.getAttribute("src") ?? null,
  };
}

const euro = (cents: number) => ({ ...workbook, price: money(cents, "EUR") });

const cases: { name: string; funnel: Funnel; currency: string; offerPrice: string; regularPrice: string | null; quantity: string | null }[] = [
  {
    name: "a percentage off",
    funnel: bumpFunnel(course, workbook, { type: "percentage", percent: 25 }),
    currency: "USD",
    offerPrice: "$27.00",
    regularPrice: "$36.00",
    quantity: null,
  },
  {
    name: "a fixed amount off",
    funnel: bumpFunnel(course, { ...workbook, price: money(2999, "USD") }, { type: "fixed_amount", amount: 501 }),
    currency: "USD",
    offerPrice: "$24.98",
    regularPrice: "$29.99",
    quantity: null,
  },
  {
    name: "another currency (euros, 15% off)",
    funnel: bumpFunnel({ ...course, price: money(9700, "EUR") }, euro(1999), { type: "percentage", percent: 15 }),
    currency: "EUR",
    offerPrice: "€16.99",
    regularPrice: "€19.99",
    quantity: null,
  },
  {
    name: "quantity 3, a percentage off each unit",
    funnel: withQuantity(bumpFunnel(course, { ...workbook, price: money(1999, "USD") }, { type: "percentage", percent: 15 }), 3),
    currency: "USD",
    offerPrice: "$50.97",
    regularPrice: "$59.97",
    quantity: "3 items",
  },
  {
    name: "a variant: named with its variant title",
    funnel: bumpFunnel(course, { ...workbook, variantTitle: "Printed" }, { type: "percentage", percent: 25 }),
    currency: "USD",
    offerPrice: "$27.00",
    regularPrice: "$36.00",
    quantity: null,
  },
  {
    name: "no discount: no strikethrough",
    funnel: bumpFunnel(course, workbook, { type: "none" }),
    currency: "USD",
    offerPrice: "$36.00",
    regularPrice: null,
    quantity: null,
  },
  {
    name: "yen (no minor unit)",
    funnel: bumpFunnel(
      { ...course, price: money(12_000, "JPY") },
      { ...product("Furoshiki", 0, 8_812_345_678_970), price: money(1999, "JPY") } satisfies OfferProduct,
      { type: "percentage", percent: 15 },
    ),
    currency: "JPY",
    offerPrice: "¥1,699",
    regularPrice: "¥1,999",
    quantity: null,
  },
];

function withQuantity(funnel: Funnel, quantity: number): Funnel {
  return { ...funnel, bump: { ...funnel.bump!, quantity } };
}

describe("the admin preview and the checkout card", () => {
  beforeEach(() => extension.setUp());
  afterEach(() => {
    render(null, document.body);
    extension.tearDown();
  });

  it.each(cases)("show a buyer the same offer: $name", ({ funnel, currency, offerPrice, regularPrice, quantity }) => {
    const admin = adminShows(funnel);
    const checkout = checkoutShows(funnel, currency);

    expect(checkout).toEqual(admin);
    // And what both show is right, not merely equal.
    expect(admin).toEqual({
      name: offerItemName(funnel.bump!.product),
      title: funnel.bump!.copy.title,
      description: funnel.bump!.copy.description,
      offerPrice,
      regularPrice: regularPrice === null ? null : { text: regularPrice, struckThrough: true },
      quantity,
      checkboxLabel: funnel.bump!.copy.checkboxLabel,
      image: funnel.bump!.product.imageUrl,
    });
  });
});
