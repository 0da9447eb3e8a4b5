import { randomBytes } from "node:crypto";
import {
  type Money,
  type PostPurchaseOffer,
  type ThankYouStep,
  parseMoney,
  parseThankYouRequest,
  sum,
  thankYouCheckoutUrl,
  thankYouOfferPayload,
  toShopifyMoney,
} from "@upstack/core";
import {
  type AnswerRefusal,
  type StoredDecision,
  acceptThankYouOffer,
  chooseThankYouOffer,
  findDecision,
  isRefusal,
  recordThankYouImpression,
} from "../models/post-purchase.server";
import { type RateLimit, countAgainstLimit } from "../models/rate-limit.server";
import { isShopRedacted } from "../models/shop-redaction.server";
import { authenticate } from "../shopify.server";
import { adminUnlessUninstalled } from "./shop.server";
import { checkoutTokenClaims } from "./checkout-events.server";
import { type PurchaseFacts, decideAndSave } from "./post-purchase.server";
import { RequestBodyError, readJsonBody } from "./request-body.server";

/**
 * The thank-you page's server (decision 0011): three endpoints the thank-you
 * extension calls with its session token.
 *
 *   POST /api/thank-you/offer       the order's one offer, or none
 *   POST /api/thank-you/impression  the buyer saw it (once per order)
 *   POST /api/thank-you/accept      a new checkout with the offer at its offer price
 *
 * The shop comes from the token; the order from the body, looked up through
 * the Admin API (the page knows only its id), so a buyer cannot describe an
 * order that is not there. The decision is the post-purchase page's, on the
 * same row (one per purchase): never an offer on both pages for one order.
 */

/** Requests per shop a minute: far above a busy shop's thank-you pages, bounding what a script makes us ask Shopify. */
export const THANK_YOU_LIMIT: RateLimit = { max: 600, windowSeconds: 60 };

/** The thank-you page shows right after the order; an older order (an order id replayed later) gets no offer. */
const MAX_ORDER_AGE_MS = 24 * 60 * 60 * 1000;

/** How long the single-use code of an accepted offer stays valid. */
const CODE_VALID_DAYS = 7;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Verified = { shop: string; customerId: string | null; orderId: string };
type Handler = (verified: Verified) => Promise<Response>;

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

async function answer(request: Request, handle: Handler): Promise<Response> {
  // Answers the CORS preflight and a bad token itself (by throwing a Response).
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  try {
    const claims = checkoutTokenClaims.safeParse(sessionToken);
    if (!claims.success) throw new Refusal(401, "invalid_token", "The token is not a checkout session token.");
    const shop = claims.data.dest;
    let body: unknown;
    try {
      body = await readJsonBody(request);
    } catch (error) {
      if (error instanceof RequestBodyError) throw new Refusal(error.status, error.status === 413 ? "too_large" : "malformed", error.message);
      throw error;
    }
    const parsed = parseThankYouRequest(body);
    if (!parsed.ok) throw new Refusal(400, "malformed", `Malformed request: ${parsed.reason}`);
    const limited = await countAgainstLimit(shop, "thank-you", 1, THANK_YOU_LIMIT);
    if (!limited.allowed) throw new Refusal(429, "too_many", `Too many requests; try again in ${limited.retryAfterSeconds} s.`);
    const customerId = claims.data.sub?.startsWith("gid://shopify/Customer/") ? claims.data.sub : null;
    return cors(await handle({ shop, customerId, orderId: parsed.value.orderId }));
  } catch (error) {
    if (error instanceof Refusal) return cors(json({ error: error.message, code: error.code }, error.status));
    console.error("thank-you request failed", error);
    return cors(json({ error: "Upstack could not answer; try again.", code: "server_error" }, 500));
  }
}

const refusedOr = <T>(outcome: T | AnswerRefusal): T => {
  if (isRefusal(outcome)) throw new Refusal(outcome.status, outcome.code, outcome.reason);
  return outcome;
};

// ------------------------------------------------------------------ order

const ORDER_QUERY = `#graphql
  query UpstackThankYouOrder($id: ID!) {
    order(id: $id) {
      id
      createdAt
      checkoutToken
      currencyCode
      presentmentCurrencyCode
      customer { id }
      lineItems(first: 100) {
        nodes {
          quantity
          product { id }
          variant { id }
          discountedTotalSet { shopMoney { amount currencyCode } }
        }
      }
    }
  }
`;

type OrderNode = {
  id: string;
  createdAt: string;
  checkoutToken: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  customer: { id: string } | null;
  lineItems: {
    nodes: {
      quantity: number;
      product: { id: string } | null;
      variant: { id: string } | null;
      discountedTotalSet: { shopMoney: { amount: string; currencyCode: string } };
    }[];
  };
};

type AdminGraphql = NonNullable<Awaited<ReturnType<typeof adminUnlessUninstalled>>>;

type Order = { referenceId: string; customerId: string | null; facts: PurchaseFacts; shopCurrency: string };

/**
 * The order as Shopify has it, or null when it is not this shop's, too old,
 * or another signed-in customer's. Keyed like the post-purchase page's
 * purchase: the checkout's token, which the post-purchase reference id is
 * (decision 0011); the order id when Shopify gives no token.
 */
async function readOrder(admin: AdminGraphql, verified: Verified): Promise<Order | null> {
  const response = await admin.graphql(ORDER_QUERY, { variables: { id: verified.orderId } });
  const body = (await response.json()) as { data?: { order?: OrderNode | null } };
  const order = body.data?.order;
  if (!order) return null;
  if (Date.now() - Date.parse(order.createdAt) > MAX_ORDER_AGE_MS) return null;
  const customerId = order.customer?.id ?? null;
  if (verified.customerId && customerId && verified.customerId !== customerId) return null;
  const lines = order.lineItems.nodes.flatMap((line) =>
    line.product && line.variant ? [{ productId: line.product.id, variantId: line.variant.id, quantity: line.quantity }] : [],
  );
  const subtotal: Money = sum(
    order.lineItems.nodes.map((line) => parseMoney(line.discountedTotalSet.shopMoney.amount, line.discountedTotalSet.shopMoney.currencyCode)),
    order.currencyCode,
  );
  return {
    referenceId: order.checkoutToken ?? order.id,
    customerId,
    facts: { purchase: { lines, subtotal }, currency: order.presentmentCurrencyCode },
    shopCurrency: order.currencyCode,
  };
}

/** The order's decision (the post-purchase page's, or a new one for this page), or null with nothing to offer. */
async function decisionOf(verified: Verified): Promise<{ decision: StoredDecision; order: Order; admin: AdminGraphql } | null> {
  if (await isShopRedacted(verified.shop)) return null;
  const admin = await adminUnlessUninstalled(verified.shop); // not installed: nothing to offer
  if (!admin) return null;
  const order = await readOrder(admin, verified);
  if (!order) return null;
  const decision =
    (await findDecision(verified.shop, order.referenceId)) ?? (await decideAndSave(verified.shop, order, order.facts, "thank_you"));
  return decision && { decision, order, admin };
}

// ------------------------------------------------------------- endpoints

/** POST /api/thank-you/offer */
export function answerThankYouOffer(request: Request): Promise<Response> {
  return answer(request, async (verified) => {
    const found = await decisionOf(verified);
    if (!found) return json({ offer: null });
    const chosen = refusedOr(await chooseThankYouOffer(verified.shop, found.order.referenceId));
    if (!chosen) return json({ offer: null });
    return json({ offer: thankYouOfferPayload(chosen.step, offerOf(chosen.decision, chosen.step)) });
  });
}

/** POST /api/thank-you/impression */
export function answerThankYouImpression(request: Request): Promise<Response> {
  return answer(request, async (verified) => {
    const found = await decisionOf(verified);
    if (!found) throw new Refusal(404, "no_decision", "No offer was made for this order.");
    const chosen = refusedOr(await chooseThankYouOffer(verified.shop, found.order.referenceId));
    if (!chosen) throw new Refusal(404, "nothing_to_offer", "This order was not offered anything on the thank-you page.");
    return json({ recorded: await recordThankYouImpression(verified.shop, chosen.decision, chosen.step) }, 202);
  });
}

/**
 * POST /api/thank-you/accept: reserves the order's single-use code and the
 * accept in the database first (so the post-purchase page can sign nothing
 * more for the order), then makes sure the code exists at Shopify (again on
 * a retry, which finds it there), and answers the cart permalink.
 */
export function answerThankYouAccept(request: Request): Promise<Response> {
  return answer(request, async (verified) => {
    const found = await decisionOf(verified);
    if (!found) throw new Refusal(404, "no_decision", "No offer was made for this order.");
    const accepted = refusedOr(
      await acceptThankYouOffer(verified.shop, found.order.referenceId, ({ decision, step }) =>
        offerOf(decision, step).discount.type === "none" ? null : newDiscountCode(),
      ),
    );
    const offer = offerOf(accepted.decision, accepted.step);
    if (accepted.code) await ensureDiscountCode(found.admin, accepted.code, offer, found.order.shopCurrency);
    return json({ checkoutUrl: thankYouCheckoutUrl(verified.shop, offer, accepted.code) });
  });
}

function offerOf(decision: StoredDecision, step: ThankYouStep): PostPurchaseOffer {
  const offer = decision.sequence[step];
  if (!offer) throw new Refusal(404, "not_offered", `This order was not offered a ${step}.`);
  return offer;
}

// -------------------------------------------------------- discount code

/** A code nobody can guess: UPSTACK- and 12 base-32 characters (60 random bits). */
function newDiscountCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return `UPSTACK-${Array.from(randomBytes(12), (byte) => alphabet[byte % 32]).join("")}`;
}

const DISCOUNT_CREATE = `#graphql
  mutation UpstackThankYouDiscountCreate($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode { id }
      userErrors { field code message }
    }
  }
`;

/**
 * The discount behind the code: the offer's discount on each unit of the
 * offer's variant only, usable once in all (usageLimit 1), for a week. A
 * fixed amount is in the shop's currency, as the funnel stores it.
 */
export function thankYouDiscountInput(code: string, offer: PostPurchaseOffer, shopCurrency: string, now = new Date()) {
  const value =
    offer.discount.type === "percentage"
      ? { percentage: offer.discount.percent / 100 }
      : offer.discount.type === "fixed_amount"
        ? { discountAmount: { amount: toShopifyMoney({ amount: offer.discount.amount, currency: shopCurrency }).amount, appliesOnEachItem: true } }
        : null;
  if (!value) throw new Error("An offer without a discount needs no code.");
  return {
    title: `Upstack thank-you offer: ${offer.product.title}`.slice(0, 255),
    code,
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + CODE_VALID_DAYS * 24 * 60 * 60 * 1000).toISOString(),
    usageLimit: 1,
    context: { all: "ALL" },
    customerGets: { value, items: { products: { productVariantsToAdd: [offer.product.variantId] } } },
    combinesWith: { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true },
  };
}

async function ensureDiscountCode(admin: AdminGraphql, code: string, offer: PostPurchaseOffer, shopCurrency: string) {
  const response = await admin.graphql(DISCOUNT_CREATE, { variables: { input: thankYouDiscountInput(code, offer, shopCurrency) } });
  const body = (await response.json()) as {
    data?: { discountCodeBasicCreate?: { codeDiscountNode: { id: string } | null; userErrors: { field: string[] | null; code: string | null; message: string }[] } };
  };
  const result = body.data?.discountCodeBasicCreate;
  if (result?.codeDiscountNode) return;
  // An earlier accept of this order created it already.
  if (result?.userErrors.some((error) => error.code === "TAKEN")) return;
  const reason = result?.userErrors.map((error) => error.message).join("; ") || "no answer";
  console.error("thank-you discount code not created", reason);
  throw new Refusal(503, "discount_unavailable", "Upstack could not prepare the offer's discount; try again.");
}

/** Loaders: the CORS preflight (authenticate answers OPTIONS), and 405 for a plain GET. */
export async function answerThankYouPreflight(request: Request): Promise<Response> {
  const { cors } = await authenticate.public.checkout(request);
  return cors(new Response("POST here.", { status: 405, headers: { Allow: "POST, OPTIONS" } }));
}
