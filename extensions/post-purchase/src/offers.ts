/**
 * The offer sequence as the app server answers it, parsed with core's
 * contract (packages/core/src/post-purchase-api.ts), strictly: anything
 * unexpected means "show nothing" (ShouldRender) or "go to the thank-you
 * page" (Render), never a wrong price or a broken page after payment.
 * Prices are offer totals (quantity included) in the purchase's currency;
 * `changes` is exactly what the server signs on accept, which the page
 * passes, unsigned, to calculateChangeset so the totals shown are the ones
 * charged.
 */
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import {
  type PostPurchaseAnswer,
  type ReceivedPostPurchaseOffer,
  nextPostPurchaseStep,
  parseOfferAnswer as parseContractOfferAnswer,
  postPurchaseSequenceOf,
} from "@upstack/core";
import { originOf } from "./app-origin";

export type InputData = PostPurchaseRenderApi["inputData"];

export type Offer = ReceivedPostPurchaseOffer;

/** What ShouldRender leaves in storage for Render: the raw answer, parsed again on the page. */
export type StoredOffers = { origin: string; answer: unknown };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The offers if the answer is exactly the contract, for this purchase and in the currency the buyer paid in. */
export function parseOfferAnswer(json: unknown, inputData: InputData): Offer[] | null {
  const purchase = inputData.initialPurchase;
  return parseContractOfferAnswer(json, { referenceId: purchase.referenceId, currency: purchase.totalPriceSet.presentmentMoney.currencyCode });
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
