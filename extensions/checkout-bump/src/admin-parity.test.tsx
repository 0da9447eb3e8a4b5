// @vitest-environment happy-dom
/**
 * The admin preview (app/components/funnel-editor/OfferPreview.tsx: core
 * strikethrough() + formatMoney) and the checkout card show the same prices
 * for the same funnel, because both come from core: the checkout's through
 * buildCheckoutConfig -> the metafield's JSON -> parseCheckoutConfig ->
 * checkoutBumpFor -> bumpPrices.
 */
import { getExtension } from "@shopify/ui-extensions-tester";
import {
  type Funnel,
  type OfferDiscount,
  buildCheckoutConfig,
  checkoutBumpFor,
  formatMoney,
  money,
  parseCheckoutConfig,
  strikethrough,
} from "@upstack/core";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import mountBlock from "./BlockBump";
import { bumpPrices } from "./offer";
import {
  bumpFunnel,
  cartLine,
  course,
  formatCurrencyEnUs,
  liveSignal,
  metafieldEntry,
  product,
  translateWith,
  workbook,
} from "./test-support";

const cases: [string, Funnel, string][] = [
  ["10% off", bumpFunnel(course, workbook, { type: "percentage", percent: 10 }), "USD"],
  ["33.333% off an odd price (rounding)", bumpFunnel(course, { ...workbook, price: money(2999, "USD") }, { type: "percentage", percent: 33.333 }), "USD"],
  ["a fixed amount off, quantity 3", { ...bumpFunnel(course, workbook), bump: { ...bumpFunnel(course, workbook).bump!, discount: { type: "fixed_amount", amount: 501 } as OfferDiscount, quantity: 3 } }, "USD"],
  ["no discount", bumpFunnel(course, workbook, { type: "none" }), "USD"],
  ["a fixed amount above the price (free)", bumpFunnel(course, workbook, { type: "fixed_amount", amount: 99_999 }), "USD"],
  ["yen (no minor unit)", bumpFunnel({ ...course, price: money(12_000, "JPY") }, { ...product("Furoshiki", 0, 8_812_345_678_970), price: money(1999, "JPY") }, { type: "percentage", percent: 15 }), "JPY"],
];

describe("admin preview and checkout card", () => {
  it.each(cases)("show the same prices: %s", (_name, funnel, currency) => {
    const bump = funnel.bump!;
    const admin = strikethrough(bump);

    const published = parseCheckoutConfig(JSON.stringify(buildCheckoutConfig([funnel], currency)));
    if (!published) throw new Error("config did not round-trip");
    const core = funnel.trigger.match.type === "products" ? funnel.trigger.match.products[0]! : course;
    const offer = checkoutBumpFor(published, {
      lines: [{ productId: core.productId, variantId: core.variantId, quantity: 1, cost: core.price.amount }],
      subtotal: core.price,
    });
    if (!offer) throw new Error("no bump for the trigger");
    const checkout = bumpPrices(offer);

    expect(checkout).toEqual(admin);
    expect(checkout.regular && formatMoney(checkout.regular)).toBe(admin.regular && formatMoney(admin.regular));
    expect(formatMoney(checkout.offer)).toBe(formatMoney(admin.offer));
  });
});

describe("the rendered card", () => {
  const extension = getExtension("purchase.checkout.block.render");
  beforeEach(() => extension.setUp());
  afterEach(() => {
    render(null, document.body);
    extension.tearDown();
  });

  it("prints what the admin preview prints (en-US)", () => {
    const funnel = cases[1]![1];
    const admin = strikethrough(funnel.bump!);
    const shopify = extension.shopify;
    shopify.appMetafields = liveSignal([metafieldEntry(buildCheckoutConfig([funnel], "USD"))]);
    shopify.lines = liveSignal([cartLine(course)]);
    shopify.cost.subtotalAmount = liveSignal({ amount: 97, currencyCode: "USD" as const });
    shopify.i18n.translate = translateWith() as typeof shopify.i18n.translate;
    shopify.i18n.formatCurrency = formatCurrencyEnUs;
    mountBlock();
    expect(document.body.textContent).toContain(`Offer price: ${formatMoney(admin.offer)}`);
    expect(document.body.querySelector('s-text[type="redundant"]')?.textContent).toBe(formatMoney(admin.regular!));
  });
});
