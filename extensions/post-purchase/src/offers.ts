/**
 * The offer sequence as the app server answers it, parsed strictly: anything
 * unexpected means "show nothing" (ShouldRender) or "go to the thank-you
 * page" (Render), never a wrong price or a broken page after payment.
 *
 * Contract: POST {origin}/api/post-purchase/offer answers
 *   { "referenceId", "offers": [core's PostPurchaseOfferPayload] }
 * i.e. { "id": "upsell" | "downsell" | "followUp", "variantId": number, "productTitle",
 *   "variantTitle": string | null, "imageUrl": string | null, "quantity",
 *   "regularPrice": { "amount": "<decimal>", "currencyCode" }, "offerPrice": {...},
 *   "headline", "body", "acceptLabel", "declineLabel", "changes"?: [AddVariantChange] }.
 * Prices are offer totals (quantity included) in the purchase's currency.
 * `changes` is exactly what the server signs on accept; the page passes it,
 * unsigned, to calculateChangeset so the totals shown are the ones charged.
 */
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import {
  type AddVariantChange,
  CHANGESET_VARIANT_KEY,
  type ChangesetDiscount,
  MAX_POST_PURCHASE_OFFERS,
  type Money,
  type PostPurchaseAnswer,
  type PostPurchaseOfferView,
  type PostPurchaseStep,
  POST_PURCHASE_STEPS,
  moneyFromShopify,
  nextPostPurchaseStep,
  postPurchaseSequenceOf,
} from "@upstack/core";
import { originOf } from "./app-origin";

export type InputData = PostPurchaseRenderApi["inputData"];

/** core's view of an offer; `changes` is null when the server sent none. */
export type Offer = Omit<PostPurchaseOfferView, "changes"> & { changes: AddVariantChange[] | null };

/** What ShouldRender leaves in storage for Render: the raw answer, parsed again on the page. */
export type StoredOffers = { origin: string; answer: unknown };

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.length <= 2_000;
const isLabel = (value: unknown): value is string => isText(value) && value.trim() !== "";
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1;

function priceIn(value: unknown, currency: string): Money | null {
  if (!isObject(value) || value.currencyCode !== currency || typeof value.amount !== "string") return null;
  try {
    return moneyFromShopify({ amount: value.amount, currencyCode: currency });
  } catch {
    return null;
  }
}

function discountOf(value: unknown): ChangesetDiscount | null | undefined {
  if (value === undefined) return null;
  if (!isObject(value) || !isText(value.title)) return undefined;
  const amount = value.value;
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) return undefined;
  if (value.valueType === "percentage" && amount <= 100) return { value: amount, valueType: "percentage", title: value.title };
  if (value.valueType === "fixed_amount") return { value: amount, valueType: "fixed_amount", title: value.title };
  return undefined;
}

/** The offer's `changes`: one add_variant of this very variant and quantity, or null if absent; undefined when malformed. */
function changesOf(value: unknown, variantId: number, quantity: number): AddVariantChange[] | null | undefined {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length !== 1 || !isObject(value[0])) return undefined;
  const change = value[0];
  const discount = discountOf(change.discount);
  if (change.type !== "add_variant" || change[CHANGESET_VARIANT_KEY] !== variantId || change.quantity !== quantity) return undefined;
  if (discount === undefined) return undefined;
  return [{ type: "add_variant", variantID: variantId, quantity, ...(discount && { discount }) }];
}

function offerOf(value: unknown, currency: string): Offer | null {
  if (!isObject(value)) return null;
  const { id, variantId, productTitle, variantTitle, imageUrl, quantity } = value;
  const regularPrice = priceIn(value.regularPrice, currency);
  const offerPrice = priceIn(value.offerPrice, currency);
  const changes = isCount(variantId) && isCount(quantity) ? changesOf(value.changes, variantId, quantity) : undefined;
  if (
    !POST_PURCHASE_STEPS.includes(id as PostPurchaseStep) ||
    !isCount(variantId) ||
    !isLabel(productTitle) ||
    !(variantTitle === null || isText(variantTitle)) ||
    // Images load in the buyer's browser: https only.
    !(imageUrl === null || (isText(imageUrl) && imageUrl.startsWith("https://"))) ||
    !isCount(quantity) ||
    !regularPrice ||
    !offerPrice ||
    // An offer above its regular price would make the strikethrough a lie.
    offerPrice.amount > regularPrice.amount ||
    changes === undefined ||
    // What is signed must match the price shown: a discount exactly when the offer is below the regular price.
    (changes !== null && Boolean(changes[0]?.discount) !== offerPrice.amount < regularPrice.amount) ||
    !isText(value.headline) ||
    !isText(value.body) ||
    !isLabel(value.acceptLabel) ||
    !isLabel(value.declineLabel)
  ) {
    return null;
  }
  return {
    id: id as PostPurchaseStep,
    variantId,
    productTitle,
    variantTitle,
    imageUrl,
    quantity,
    regularPrice,
    offerPrice,
    headline: value.headline,
    body: value.body,
    acceptLabel: value.acceptLabel,
    declineLabel: value.declineLabel,
    changes,
  };
}

/**
 * The offers if the answer is exactly the contract, for this purchase and in
 * its currency; otherwise null. More than three offers, a repeated step or a
 * price in another currency all count as malformed.
 */
export function parseOfferAnswer(json: unknown, inputData: InputData): Offer[] | null {
  const currency = inputData.initialPurchase.totalPriceSet.presentmentMoney.currencyCode;
  if (!isObject(json) || json.referenceId !== inputData.initialPurchase.referenceId) return null;
  const list = json.offers;
  if (!Array.isArray(list) || list.length > MAX_POST_PURCHASE_OFFERS) return null;
  const offers: Offer[] = [];
  for (const item of list) {
    const offer = offerOf(item, currency);
    if (!offer || offers.some((seen) => seen.id === offer.id)) return null;
    offers.push(offer);
  }
  return offers;
}

/** The offers ShouldRender stored, checked again (storage lives in the buyer's browser). */
export function readStoredOffers(initialData: unknown, inputData: InputData): { origin: string; offers: Offer[] } | null {
  // The buyer's token goes to this origin on accept: the same rule as when ShouldRender found it.
  if (!isObject(initialData)) return null;
  const origin = originOf(initialData.origin);
  if (!origin || origin !== initialData.origin) return null;
  const offers = parseOfferAnswer(initialData.answer, inputData);
  return offers && { origin, offers };
}

/**
 * The step to show after the buyer's answers so far (core's rule of the
 * sequence), or null when the page is over.
 */
export function currentOffer(offers: readonly Offer[], answers: readonly PostPurchaseAnswer[]): Offer | null {
  const sequence = postPurchaseSequenceOf(offers);
  const step = nextPostPurchaseStep(sequence, answers);
  return step && sequence[step];
}
