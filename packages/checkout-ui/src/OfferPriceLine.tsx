/**
 * An offer's price as every checkout surface shows it (the checkout bump,
 * the thank-you offer): the offer price, the regular price struck through
 * when the offer is below it, and how many the price is for. Screen readers
 * hear each price named ("Offer price: $23.20"); the visible text stays short.
 * Each extension passes its own translate, whose locales carry the keys
 * offerPrice, regularPrice and quantity. Type-checked with the Preact
 * extensions that import it (their tsconfig), not by the root project.
 */
// The checkout's Polaris web components (s-stack, s-text) as JSX types: the same on every checkout target.
import type {} from "@shopify/ui-extensions/purchase.checkout.block.render";

export type PriceLineTranslate = (key: "offerPrice" | "regularPrice" | "quantity", replacements: { price: string } | { count: number }) => string;

export function OfferPriceLine(props: { offerText: string; regularText: string | null; quantity: number; t: PriceLineTranslate }) {
  const { offerText, regularText, quantity, t } = props;
  return (
    <s-stack direction="inline" gap="small-300">
      <s-text accessibilityVisibility="exclusive">{t("offerPrice", { price: offerText })}</s-text>
      <s-text type="strong" accessibilityVisibility="hidden">
        {offerText}
      </s-text>
      {regularText ? (
        <>
          <s-text accessibilityVisibility="exclusive">{t("regularPrice", { price: regularText })}</s-text>
          <s-text type="redundant" color="subdued" accessibilityVisibility="hidden">
            {regularText}
          </s-text>
        </>
      ) : null}
      {quantity > 1 ? <s-text color="subdued">{t("quantity", { count: quantity })}</s-text> : null}
    </s-stack>
  );
}
