/**
 * The order bump card, shared by both targets. It reads only local state
 * (the app-owned metafield, the cart, the cost, the instructions): no
 * network request at load. It fails closed and quietly: any doubt about the
 * config, the currency or the host data renders nothing, without logging.
 *
 * The checkbox mirrors the real cart (core's inCart), so a line removed
 * elsewhere unticks it; while a change is in flight it shows the intended
 * state, disabled, and a second tap is ignored.
 */
import type { Api } from "@shopify/ui-extensions/purchase.checkout.block.render";
import { BUMP_OFFER_ATTRIBUTE, type Money, offerAttributeValue, offerItemName } from "@upstack/core";
import { useEffect, useErrorBoundary, useMemo, useRef, useState } from "preact/hooks";
import { OfferPriceLine, formatPrice as formatCheckoutPrice } from "@upstack/checkout-ui";
import { createEventSink } from "./events";
import { type BumpState, bumpPrices, bumpState } from "./offer";

// Both targets get the same API for everything used here (StandardApi & CheckoutApi).
declare const shopify: Api;

type MessageKey = "addFailed" | "removeFailed" | "unavailable" | "locked" | "removedWithCore";

/** The card, or nothing if anything in it throws (a render error must never reach the buyer). */
export function Bump() {
  const [error] = useErrorBoundary(() => {});
  return error ? null : <BumpCard />;
}

function readState(): BumpState | null {
  try {
    return bumpState({
      appMetafields: shopify.appMetafields.value,
      lines: shopify.lines.value,
      subtotal: shopify.cost.subtotalAmount.value,
      presentmentCurrency: shopify.localization.currency.value.isoCode,
      checkoutToken: shopify.checkoutToken?.value ?? null,
    });
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

/** Removes every line of `variantId`, re-reading the cart before each step (line ids change after a change). */
async function removeVariant(variantId: string): Promise<boolean> {
  const removed = new Set<string>();
  const next = () => shopify.lines.value.find((line) => line.merchandise.id === variantId && !removed.has(line.id));
  for (let line = next(); line; line = next()) {
    removed.add(line.id);
    const result = await shopify.applyCartLinesChange({ type: "removeCartLine", id: line.id, quantity: line.quantity });
    if (result.type !== "success") return false;
  }
  return true;
}

function BumpCard() {
  // Signal reads: the card re-renders when any of them changes.
  const state = readState();
  const { canAddCartLine, canRemoveCartLine } = shopify.instructions.value.lines;
  const rendered = shopify.extension.rendered.value;
  // `editor` is only present in the checkout editor (optional: test with `in`).
  const inEditor = "editor" in shopify.extension && shopify.extension.editor !== undefined;

  const [pending, setPending] = useState<"add" | "remove" | null>(null);
  const [message, setMessage] = useState<MessageKey | null>(null);
  // A ref, not state: two taps in the same tick both see the first one's flag.
  const busy = useRef(false);
  const cleaned = useRef(new Set<string>());
  const events = useMemo(
    () =>
      createEventSink({
        token: () => shopify.sessionToken.get(),
        checkoutToken: () => shopify.checkoutToken?.value ?? undefined,
        storage: shopify.storage,
      }),
    [],
  );
  events.setUrl(inEditor ? undefined : state?.config.eventsUrl);

  const offer = state?.offer ?? null;
  // Not offered when it cannot be added; but a ticked bump, a change in flight or a
  // message the buyer must read keeps the card on screen.
  const visible = offer !== null && (offer.inCart || canAddCartLine || pending !== null || message !== null);
  // Said even when the offer itself is gone (its core left the cart, so no bump applies).
  const removedNotice = message === "removedWithCore" ? <s-banner tone="info">{shopify.i18n.translate("removedWithCore")}</s-banner> : null;

  // One impression per funnel per checkout, only once the card is really on screen
  // (Shopify pre-renders later steps' extensions) and never from the checkout editor.
  const seenFunnel = visible && rendered ? offer.funnelId : null;
  const seenVariant = visible && rendered ? offer.variantId : null;
  useEffect(() => {
    if (seenFunnel && seenVariant) void events.impression({ funnelId: seenFunnel, variantId: seenVariant });
  }, [seenFunnel, seenVariant, events]);
  useEffect(() => () => void events.flush(), [events]);

  // A bump line whose offer no longer applies (its core product left) goes too.
  const orphanKey = (state?.orphans ?? []).map((line) => line.id).join(",");
  useEffect(() => {
    if (!orphanKey || !canRemoveCartLine || pending) return;
    const ids = orphanKey.split(",");
    const lines = shopify.lines.value.filter((line) => ids.includes(line.id) && !cleaned.current.has(line.id));
    void (async () => {
      let removed = false;
      for (const line of lines) {
        cleaned.current.add(line.id); // at most one attempt per line: never loop against the host
        try {
          removed = (await shopify.applyCartLinesChange({ type: "removeCartLine", id: line.id, quantity: line.quantity })).type === "success" || removed;
        } catch {
          // The Function no longer discounts it anyway.
        }
      }
      // An item leaving the cart on its own must be explained (one short line), never silent.
      if (removed) setMessage("removedWithCore");
    })();
  }, [orphanKey, canRemoveCartLine, pending]);

  if (!visible) return removedNotice;
  const prices = bumpPrices(offer);
  const ticked = pending ? pending === "add" : offer.inCart;
  const locked = !pending && !(offer.inCart ? canRemoveCartLine : canAddCartLine);
  const shown = message ?? (locked ? "locked" : null);
  const t = shopify.i18n.translate;

  async function toggle() {
    if (busy.current || !offer) return;
    const adding = !offer.inCart;
    const allowed = shopify.instructions.value.lines[adding ? "canAddCartLine" : "canRemoveCartLine"];
    if (!allowed) return setMessage(adding ? "unavailable" : "locked");
    busy.current = true;
    setPending(adding ? "add" : "remove");
    setMessage(null);
    let ok = false;
    try {
      ok = adding
        ? (
            await shopify.applyCartLinesChange({
              type: "addCartLine",
              merchandiseId: offer.variantId,
              quantity: offer.quantity,
              // Names the arm of a bump under test: the discount Function prices the line by it.
              attributes: [{ key: BUMP_OFFER_ATTRIBUTE, value: offerAttributeValue(offer.funnelId, offer.arm) }],
            })
          ).type === "success"
        : await removeVariant(offer.variantId);
    } catch {
      ok = false;
    }
    busy.current = false;
    setPending(null);
    if (!ok) return setMessage(adding ? "addFailed" : "removeFailed");
    if (!inEditor) events.record({ type: adding ? "accept" : "remove", funnelId: offer.funnelId, variantId: offer.variantId });
  }

  const offerText = formatPrice(prices.offer);
  const regularText = prices.regular ? formatPrice(prices.regular) : null;
  return (
    <s-box border="base" borderRadius="base" padding="base" background="subdued" accessibilityLabel={t("cardLabel")}>
      <s-stack gap="small-200">
        <s-stack direction="inline" gap="base" alignItems="start">
          {offer.imageUrl ? <s-product-thumbnail src={offer.imageUrl} alt={offer.title} size="small" /> : null}
          <s-stack gap="small-300">
            {/* The store's name for the item first; the merchant's copy is a secondary line, never a replacement. */}
            <s-text type="strong">{offerItemName(offer)}</s-text>
            {offer.copy.title ? <s-text>{offer.copy.title}</s-text> : null}
            <s-paragraph color="subdued">{offer.copy.description}</s-paragraph>
            <OfferPriceLine offerText={offerText} regularText={regularText} quantity={offer.quantity} t={t} />
          </s-stack>
        </s-stack>
        <s-checkbox
          label={offer.copy.checkboxLabel}
          checked={ticked}
          disabled={pending !== null || locked}
          onChange={() => void toggle()}
        />
        {shown ? <s-banner tone={shown.endsWith("Failed") ? "critical" : "info"}>{t(shown)}</s-banner> : null}
      </s-stack>
    </s-box>
  );
}
