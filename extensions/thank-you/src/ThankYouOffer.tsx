/**
 * The thank-you offer card. It asks the app server for the order's one offer
 * (the page knows only the order's id), shows the product with its offer
 * price and the regular price struck through, in its own words (the
 * merchant's copy is written for the one-click page), and says plainly that taking it is a
 * separate order paid in a new checkout: the saved card is not charged from
 * here, and nothing on the page suggests it is.
 *
 * Two clicks, because Shopify lets an extension open a page only through a
 * link the buyer clicks: "Get this offer" has the server prepare the
 * single-use offer price, then "Continue to checkout" is that link.
 * Anything missing or wrong renders nothing.
 */
import type { Api } from "@shopify/ui-extensions/purchase.thank-you.block.render";
import { type Money, type ReceivedThankYouOffer } from "@upstack/core";
import { useEffect, useErrorBoundary, useMemo, useRef, useState } from "preact/hooks";
import { OfferPriceLine, formatPrice as formatCheckoutPrice } from "@upstack/checkout-ui";
import { type ServerDeps, acceptOffer, appOriginFrom, fetchOffer, reportImpression } from "./offer-client";

declare const shopify: Api;

/** The card, or nothing if anything in it throws. */
export function ThankYouOffer() {
  const [error] = useErrorBoundary(() => {});
  return error ? null : <OfferCard />;
}

function serverDeps(): ServerDeps | null {
  try {
    const origin = appOriginFrom(shopify.appMetafields.value);
    const orderId = shopify.orderConfirmation.value.order.id;
    if (!origin || !orderId) return null;
    return { origin, orderId, token: () => shopify.sessionToken.get() };
  } catch {
    return null;
  }
}

/** The buyer's locale format, through the checkout's i18n (checkout-ui's one rule). */
const formatPrice = (value: Money) =>
  formatCheckoutPrice(value, {
    formatCurrency: (amount, options) => shopify.i18n.formatCurrency(amount, options),
    language: shopify.localization.language.value.isoCode,
  });

type Accepting = { state: "idle" } | { state: "working" } | { state: "ready"; url: string } | { state: "failed" };

function OfferCard() {
  const deps = useMemo(serverDeps, []);
  const [offer, setOffer] = useState<ReceivedThankYouOffer | null>(null);
  const [accepting, setAccepting] = useState<Accepting>({ state: "idle" });
  // A second click before the state re-renders must not ask again.
  const asked = useRef(false);
  const t = shopify.i18n.translate;

  useEffect(() => {
    if (!deps) return;
    let live = true;
    void fetchOffer(deps).then((found) => {
      if (!live || !found) return;
      setOffer(found);
      void reportImpression(deps);
    });
    return () => {
      live = false;
    };
  }, [deps]);

  if (!deps || !offer) return null;

  const accept = async () => {
    if (asked.current) return;
    asked.current = true;
    setAccepting({ state: "working" });
    const url = await acceptOffer(deps);
    asked.current = url !== null; // after a failure the buyer may try again
    setAccepting(url ? { state: "ready", url } : { state: "failed" });
  };

  const offerText = formatPrice(offer.offerPrice);
  const regularText = formatPrice(offer.regularPrice);
  const discounted = offer.regularPrice.amount > offer.offerPrice.amount;
  const title = offer.variantTitle ? `${offer.productTitle} (${offer.variantTitle})` : offer.productTitle;

  return (
    <s-section heading={t("heading")} accessibilityLabel={t("cardLabel")}>
      <s-stack gap="base">
        <s-stack direction="inline" gap="base" alignItems="start">
          {offer.imageUrl ? <s-product-thumbnail src={offer.imageUrl} alt={offer.productTitle} size="base" /> : null}
          <s-stack gap="small-300">
            <s-text type="strong">{title}</s-text>
            <OfferPriceLine offerText={offerText} regularText={discounted ? regularText : null} quantity={offer.quantity} t={t} />
          </s-stack>
        </s-stack>
        <s-paragraph color="subdued">{t("separateOrder")}</s-paragraph>
        {accepting.state === "ready" ? (
          <s-stack gap="small-300">
            <s-text>{t("ready")}</s-text>
            <s-button variant="primary" href={accepting.url}>
              {t("continue")}
            </s-button>
          </s-stack>
        ) : (
          <s-button variant="primary" loading={accepting.state === "working"} onClick={() => void accept()}>
            {t("accept")}
          </s-button>
        )}
        {accepting.state === "failed" ? <s-text tone="critical">{t("failed")}</s-text> : null}
      </s-stack>
    </s-section>
  );
}
