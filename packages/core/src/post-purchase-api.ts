/**
 * The contract between the post-purchase page (extensions/post-purchase)
 * and the app server (app/services/post-purchase.server.ts): the paths,
 * every request body and every answer, built and parsed here so the two
 * sides cannot drift apart. Each call is a JSON POST with Shopify's
 * `inputData.token` as the bearer token.
 *
 *   offer   { referenceId, lineItems?, currencyCode?, totalPrice? }
 *           -> { referenceId, offers: [PostPurchaseOfferPayload] }
 *   sign    { referenceId, offerId }            -> { token }
 *   events  { referenceId, offerId, type }      -> { recorded }
 *   any refusal                                  -> { error, code } with a 4xx
 *
 * Parsers are strict: the server answers 400 with the reason for a request
 * that is not exactly the contract (a sign request naming a quantity or a
 * discount is someone trying to change what gets signed), and the page
 * shows nothing rather than a wrong price after payment.
 */
import {
  type AddVariantChange,
  CHANGESET_VARIANT_KEY,
  type ChangesetDiscount,
  type PostPurchaseOfferView,
  postPurchaseOfferPayload,
  postPurchaseOfferView,
} from "./changeset";
import type { PostPurchaseSequence } from "./funnel";
import { type Money, moneyFromShopify } from "./money";
import { sequenceSteps } from "./post-purchase-decision";
import { isPostPurchaseLabelPair } from "./post-purchase-labels";
import { POST_PURCHASE_STEPS, type PostPurchaseStep } from "./post-purchase-sequence";

export const POST_PURCHASE_PATHS = {
  offer: "/api/post-purchase/offer",
  sign: "/api/post-purchase/sign",
  events: "/api/post-purchase/events",
} as const;

const STEPS: readonly PostPurchaseStep[] = ["upsell", "downsell", "followUp"];
export const POST_PURCHASE_EVENT_TYPES = ["impression", "accept", "decline"] as const;
export type PostPurchaseEventType = (typeof POST_PURCHASE_EVENT_TYPES)[number];

/** A purchase line as the page reads it from `inputData` (numeric ids). */
export type OfferRequestLine = { productId: number; variantId: number; quantity: number };
/** The purchase fields are only read by the server when Shopify's token carries no line items. */
export type OfferRequest = { referenceId: string; lineItems?: OfferRequestLine[]; currencyCode?: string; totalPrice?: string };
export type SignRequest = { referenceId: string; offerId: PostPurchaseStep };
export type EventRequest = { referenceId: string; offerId: PostPurchaseStep; type: PostPurchaseEventType };

export type SignAnswer = { token: string };
export type EventAnswer = { recorded: boolean };
export type RefusalAnswer = { error: string; code: string };

/** An offer as the page received it; `changes` is null when the server sent none (then the page calculates nothing). */
export type ReceivedPostPurchaseOffer = Omit<PostPurchaseOfferView, "changes"> & { changes: AddVariantChange[] | null };

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_REFERENCE_ID = 200;
const MAX_LINES = 500;

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.length <= 2_000;
const isLabel = (value: unknown): value is string => isText(value) && value.trim() !== "";
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1;
const isStep = (value: unknown): value is PostPurchaseStep => STEPS.includes(value as PostPurchaseStep);

class ContractError extends Error {}

function fields(body: unknown, allowed: readonly string[]): Fields {
  if (!isObject(body)) throw new ContractError("body: expected a JSON object");
  const extra = Object.keys(body).filter((key) => !allowed.includes(key));
  if (extra.length > 0) throw new ContractError(`${extra.join(", ")}: not part of this request`);
  return body;
}

function referenceIdOf(body: Fields): string {
  const value = body.referenceId;
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (trimmed === "" || trimmed.length > MAX_REFERENCE_ID) throw new ContractError(`referenceId: expected 1-${MAX_REFERENCE_ID} characters`);
  return trimmed;
}

function stepOf(body: Fields): PostPurchaseStep {
  if (!isStep(body.offerId)) throw new ContractError(`offerId: expected one of ${STEPS.join(", ")}`);
  return body.offerId;
}

function parsing<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof ContractError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The offer request; other fields are tolerated (the page may grow), the known ones must be right. */
export function parseOfferRequest(body: unknown): Parsed<OfferRequest> {
  return parsing(() => {
    if (!isObject(body)) throw new ContractError("body: expected a JSON object");
    const request: OfferRequest = { referenceId: referenceIdOf(body) };
    if (body.lineItems !== undefined) {
      const lines = body.lineItems;
      if (!Array.isArray(lines) || lines.length > MAX_LINES) throw new ContractError(`lineItems: expected a list of at most ${MAX_LINES}`);
      request.lineItems = lines.map((line, i) => {
        if (!isObject(line) || !isCount(line.productId) || !isCount(line.variantId) || !Number.isSafeInteger(line.quantity)) {
          throw new ContractError(`lineItems.${i}: expected productId, variantId (positive integers) and an integer quantity`);
        }
        return { productId: line.productId, variantId: line.variantId, quantity: line.quantity as number };
      });
    }
    if (body.currencyCode !== undefined) {
      if (typeof body.currencyCode !== "string" || !/^[A-Z]{3}$/.test(body.currencyCode)) throw new ContractError("currencyCode: expected a currency code");
      request.currencyCode = body.currencyCode;
    }
    if (body.totalPrice !== undefined) {
      if (typeof body.totalPrice !== "string" || body.totalPrice.length > 40) throw new ContractError("totalPrice: expected a decimal string");
      request.totalPrice = body.totalPrice;
    }
    return request;
  });
}

/** The sign request names an offer and nothing else. */
export function parseSignRequest(body: unknown): Parsed<SignRequest> {
  return parsing(() => {
    const known = fields(body, ["referenceId", "offerId"]);
    return { referenceId: referenceIdOf(known), offerId: stepOf(known) };
  });
}

export function parseEventRequest(body: unknown): Parsed<EventRequest> {
  return parsing(() => {
    const known = fields(body, ["referenceId", "offerId", "type"]);
    const type = known.type;
    if (!POST_PURCHASE_EVENT_TYPES.includes(type as PostPurchaseEventType)) {
      throw new ContractError(`type: expected one of ${POST_PURCHASE_EVENT_TYPES.join(", ")}`);
    }
    return { referenceId: referenceIdOf(known), offerId: stepOf(known), type: type as PostPurchaseEventType };
  });
}

/** What the server answers for a purchase's offers: the sequence's steps in page order, or none. */
export function offerAnswer(referenceId: string, sequence: PostPurchaseSequence | null) {
  const offers = sequence ? sequenceSteps(sequence).map(([step, offer]) => postPurchaseOfferPayload(postPurchaseOfferView(offer, step))) : [];
  return { referenceId, offers };
}

export type OfferAnswer = ReturnType<typeof offerAnswer>;

/**
 * The offers if the answer is exactly the contract, for this purchase and in
 * its currency; otherwise null. More offers than steps, a repeated step or a
 * price in another currency all count as malformed.
 */
export function parseOfferAnswer(json: unknown, purchase: { referenceId: string; currency: string }): ReceivedPostPurchaseOffer[] | null {
  if (!isObject(json) || json.referenceId !== purchase.referenceId) return null;
  const list = json.offers;
  if (!Array.isArray(list) || list.length > POST_PURCHASE_STEPS.length) return null;
  const offers: ReceivedPostPurchaseOffer[] = [];
  for (const item of list) {
    const offer = receivedOffer(item, purchase.currency);
    if (!offer || offers.some((seen) => seen.id === offer.id)) return null;
    offers.push(offer);
  }
  return offers;
}

/** The changeset token, or null when the answer is not one. */
export function parseSignAnswer(json: unknown): string | null {
  return isObject(json) && typeof json.token === "string" && json.token !== "" ? json.token : null;
}

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

function receivedOffer(value: unknown, currency: string): ReceivedPostPurchaseOffer | null {
  if (!isObject(value)) return null;
  const { id, variantId, productTitle, variantTitle, imageUrl, quantity } = value;
  const regularPrice = priceIn(value.regularPrice, currency);
  const offerPrice = priceIn(value.offerPrice, currency);
  const changes = isCount(variantId) && isCount(quantity) ? changesOf(value.changes, variantId, quantity) : undefined;
  if (
    !isStep(id) ||
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
    !isPostPurchaseLabelPair(value.labels)
  ) {
    return null;
  }
  return {
    id,
    variantId,
    productTitle,
    variantTitle,
    imageUrl,
    quantity,
    regularPrice,
    offerPrice,
    headline: value.headline,
    body: value.body,
    labels: value.labels,
    changes,
  };
}
