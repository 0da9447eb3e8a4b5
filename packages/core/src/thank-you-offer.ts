/**
 * The thank-you page's offer: the rules and the contract between the
 * thank-you extension (extensions/thank-you) and the app server
 * (app/services/thank-you.server.ts).
 *
 * The thank-you page is where an order Shopify gave no post-purchase page
 * (wallets, pay-later, pickup, no shipping address) can still hear the
 * funnel's upsell, or its downsell. It cannot charge the saved card: the
 * buyer's yes opens a NEW checkout with the offer in it, at its offer price
 * through a single-use discount code (decision 0011).
 *
 *   offer       { orderId } -> { offer: ThankYouOfferPayload | null }
 *   impression  { orderId } -> { recorded }
 *   accept      { orderId } -> { checkoutUrl }
 *   any refusal             -> { error, code } with a 4xx
 *
 * Each call is a JSON POST with the extension's session token as bearer token.
 */
import { type PostPurchaseOffer, type PostPurchaseSequence } from "./funnel";
import { type Money, type ShopifyMoney, moneyFromShopify, toShopifyMoney } from "./money";
import { offerPrice } from "./offer-pricing";
import { type PostPurchaseStepStates } from "./post-purchase-decision";
import type { Parsed } from "./post-purchase-api";
import type { PostPurchaseStep } from "./post-purchase-sequence";
import { legacyIdFromGid } from "./shopify-ids";

export const THANK_YOU_PATHS = {
  offer: "/api/thank-you/offer",
  impression: "/api/thank-you/impression",
  accept: "/api/thank-you/accept",
} as const;

/** The steps the thank-you page can show: one offer, never the follow-up (it rewards a yes that did not happen). */
export type ThankYouStep = Extract<PostPurchaseStep, "upsell" | "downsell">;

/** The OfferEvent `offer` of a thank-you step: its own surface on the scoreboard, apart from the one-click page. */
export const thankYouEventOffer = (step: ThankYouStep) => (step === "upsell" ? "thankYouUpsell" : "thankYouDownsell");

const taken = (states: PostPurchaseStepStates) =>
  Object.values(states).some((state) => state && (state.signed || state.accepted));

/**
 * Which offer the thank-you page shows, given what the buyer did on the
 * post-purchase page (nothing at all when Shopify skipped it):
 * - nothing when a post-purchase offer was signed or accepted: one purchase
 *   gets one offer taken after payment, never both;
 * - the upsell when it was not declined (or there is no downsell);
 * - the downsell after the upsell was declined: the cheaper ask, once more,
 *   now as a calm link to a new checkout rather than a one-click charge.
 */
export function thankYouStep(sequence: PostPurchaseSequence, states: PostPurchaseStepStates): ThankYouStep | null {
  if (!sequence.upsell || taken(states)) return null;
  if (states.upsell?.declined && sequence.downsell) return "downsell";
  return "upsell";
}

/** Why the thank-you offer may not be accepted now, or null when it may. */
export function thankYouAcceptRefusal(states: PostPurchaseStepStates): { code: "post_purchase_taken"; reason: string } | null {
  return taken(states)
    ? { code: "post_purchase_taken", reason: "This order already took an offer on the post-purchase page." }
    : null;
}

/**
 * The cart permalink that opens a new checkout with the offer, and the code
 * that prices it: `https://<shop>/cart/<variant>:<quantity>?discount=<code>`.
 */
export function thankYouCheckoutUrl(shopDomain: string, offer: PostPurchaseOffer, code: string | null): string {
  const variant = legacyIdFromGid(offer.product.variantId, "ProductVariant");
  const url = new URL(`https://${shopDomain}/cart/${variant}:${offer.quantity}`);
  if (code) url.searchParams.set("discount", code);
  return url.toString();
}

/**
 * What the thank-you page shows. Prices are offer totals (unit price x
 * quantity). No merchant copy: it is written for the one-click page ("Add to
 * my order", "one click adds it") and would be untrue here, where the page
 * says in its own words that this is a new checkout.
 */
export type ThankYouOfferPayload = {
  step: ThankYouStep;
  productTitle: string;
  variantTitle: string | null;
  imageUrl: string | null;
  quantity: number;
  regularPrice: ShopifyMoney;
  offerPrice: ShopifyMoney;
};

export function thankYouOfferPayload(step: ThankYouStep, offer: PostPurchaseOffer): ThankYouOfferPayload {
  const price = offerPrice(offer);
  return {
    step,
    productTitle: offer.product.title,
    variantTitle: offer.product.variantTitle,
    imageUrl: offer.product.imageUrl,
    quantity: offer.quantity,
    regularPrice: toShopifyMoney(price.regular),
    offerPrice: toShopifyMoney(price.offer),
  };
}

export type ThankYouRequest = { orderId: string };

const ORDER_GID = /^gid:\/\/shopify\/(?:OrderIdentity|Order)\/([1-9][0-9]{0,18})$/;

/**
 * The request body: exactly `{ orderId }`, the id `orderConfirmation` gives
 * (gid://shopify/OrderIdentity/<n>, which is the order's id once it exists),
 * normalised to gid://shopify/Order/<n>.
 */
export function parseThankYouRequest(body: unknown): Parsed<ThankYouRequest> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, reason: "expected a JSON object" };
  const extra = Object.keys(body).filter((key) => key !== "orderId");
  if (extra.length > 0) return { ok: false, reason: `unexpected ${extra.join(", ")}` };
  const orderId = (body as { orderId?: unknown }).orderId;
  const match = typeof orderId === "string" ? ORDER_GID.exec(orderId) : null;
  if (!match) return { ok: false, reason: "orderId: expected gid://shopify/OrderIdentity/<number>" };
  return { ok: true, value: { orderId: `gid://shopify/Order/${match[1]}` } };
}

export type ReceivedThankYouOffer = Omit<ThankYouOfferPayload, "regularPrice" | "offerPrice"> & { regularPrice: Money; offerPrice: Money };

const isText = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function money(value: unknown): Money | null {
  if (typeof value !== "object" || value === null) return null;
  const { amount, currencyCode } = value as Record<string, unknown>;
  if (typeof amount !== "string" || typeof currencyCode !== "string") return null;
  try {
    return moneyFromShopify({ amount, currencyCode });
  } catch {
    return null;
  }
}

/** The offer if the answer is exactly the contract; null for "no offer" and for anything malformed (the page shows nothing). */
export function parseThankYouOfferAnswer(json: unknown): ReceivedThankYouOffer | null {
  if (typeof json !== "object" || json === null) return null;
  const offer = (json as { offer?: unknown }).offer;
  if (typeof offer !== "object" || offer === null) return null;
  const o = offer as Record<string, unknown>;
  const regularPrice = money(o.regularPrice);
  const price = money(o.offerPrice);
  if (o.step !== "upsell" && o.step !== "downsell") return null;
  if (!regularPrice || !price || regularPrice.currency !== price.currency || price.amount <= 0) return null;
  if (!isText(o.productTitle)) return null;
  if (typeof o.quantity !== "number" || !Number.isSafeInteger(o.quantity) || o.quantity < 1) return null;
  return {
    step: o.step,
    productTitle: o.productTitle,
    variantTitle: isText(o.variantTitle) ? o.variantTitle : null,
    imageUrl: typeof o.imageUrl === "string" && o.imageUrl.startsWith("https://") ? o.imageUrl : null,
    quantity: o.quantity,
    regularPrice,
    offerPrice: price,
  };
}

/** The new checkout's address, only when it is a cart permalink on https: the page never opens anything else. */
export function parseThankYouAcceptAnswer(json: unknown): string | null {
  if (typeof json !== "object" || json === null) return null;
  const url = (json as { checkoutUrl?: unknown }).checkoutUrl;
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && parsed.pathname.startsWith("/cart/") ? url : null;
  } catch {
    return null;
  }
}
