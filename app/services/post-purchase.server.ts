import {
  type CollectionProducts,
  type Funnel,
  IdError,
  type Money,
  MoneyError,
  type OfferRequest,
  type OfferSkipReason,
  POST_PURCHASE_STEPS,
  type Parsed,
  type PostPurchaseStep,
  type Purchase,
  type PurchaseLine,
  changesetChanges,
  decidePostPurchase,
  isHeldOut,
  funnelForPurchase,
  offerAnswer,
  parseEventRequest,
  parseMoney,
  parseOfferRequest,
  parseSignRequest,
  sum,
  toGid,
} from "@upstack/core";
import { collectionProductsForShop } from "../models/collection-products.server";
import { activeFunnels } from "../models/funnel.server";
import {
  type AnswerRefusal,
  type DecisionSurface,
  type StoredDecision,
  acceptStep,
  declineStep,
  findDecision,
  isRefusal,
  recordImpression,
  recordRefusal,
  saveDecision,
  signStep,
} from "../models/post-purchase.server";
import { recordOfferSkip } from "../models/offer-skip.server";
import { isShopRedacted } from "../models/shop-redaction.server";
import { readHoldout } from "../models/shop-settings.server";
import { soldOutVariants } from "../models/sold-out-variant.server";
import {
  PostPurchaseError,
  type TokenPurchase,
  type VerifiedPostPurchase,
  appCredentials,
  signChangesetToken,
  verifyPostPurchaseToken,
  withCors,
} from "./post-purchase-token.server";
import { RequestBodyError, readJsonBody } from "./request-body.server";

/**
 * The post-purchase page's server: three endpoints the extension calls with
 * its `inputData.token` as bearer token (see post-purchase-token.server.ts).
 *
 *   POST /api/post-purchase/offer   this purchase's offers, decided once and persisted
 *   POST /api/post-purchase/sign    the changeset token for one of those offers
 *   POST /api/post-purchase/events  impression / accept / decline, once each
 *
 * The shop and the purchase come from the verified token, never from the
 * body. Every answer, errors included, carries CORS headers.
 */

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

type Handler = (verified: VerifiedPostPurchase, body: unknown) => Promise<Response>;

/**
 * Verifies the token, reads the JSON body and runs the handler; turns every
 * refusal into a 4xx with its reason, and wraps every answer in CORS.
 */
async function answer(request: Request, handle: Handler, { readsBody = true } = {}): Promise<Response> {
  try {
    const verified = await verifyPostPurchaseToken(request);
    const body = readsBody ? await readBody(request) : null;
    return withCors(request, await handle(verified, body));
  } catch (thrown) {
    if (thrown instanceof Response) return withCors(request, thrown); // preflight 204, bots 410
    if (thrown instanceof PostPurchaseError) {
      // Refusals of a verified request are logged (and recorded) where they happen; these are bad tokens.
      if (thrown.code === "invalid_token") log("refused", { code: thrown.code, reason: thrown.message });
      return withCors(request, json({ error: thrown.message, code: thrown.code }, thrown.status));
    }
    console.error("post-purchase request failed", thrown);
    return withCors(request, json({ error: "Upstack could not answer; try again.", code: "server_error" }, 500));
  }
}

/** The JSON body, capped in size: 413 before a large body is parsed, 400 when it is not JSON. */
async function readBody(request: Request): Promise<unknown> {
  try {
    return await readJsonBody(request);
  } catch (error) {
    if (error instanceof RequestBodyError) throw new PostPurchaseError(error.status, error.status === 413 ? "too_large" : "malformed", error.message);
    throw error;
  }
}

/** The request as core's contract parses it, or a 400 naming what is wrong. */
function parseBody<T>(parse: (body: unknown) => Parsed<T>, body: unknown): T {
  const parsed = parse(body);
  if (parsed.ok) return parsed.value;
  throw new PostPurchaseError(400, "malformed", `Malformed request: ${parsed.reason}`);
}

/** The body must speak of the purchase the token was issued for. */
function assertSamePurchase(verified: VerifiedPostPurchase, referenceId: string) {
  if (referenceId !== verified.referenceId) {
    throw new PostPurchaseError(401, "other_purchase", "The token was issued for another purchase.");
  }
}

// ------------------------------------------------------------------ offer

/** POST /api/post-purchase/offer */
export function answerOfferRequest(request: Request): Promise<Response> {
  return answer(request, async (verified, raw) => {
    const body = parseBody(parseOfferRequest, raw);
    assertSamePurchase(verified, body.referenceId);
    const decision = await decisionFor(verified, body);
    return json(offerAnswer(verified.referenceId, decision?.sequence ?? null));
  });
}

/**
 * The purchase's stored decision, or a new one, decided from the shop's
 * active funnels and stored before it is answered (so sign can find it).
 * Null when nothing applies; that is not stored, so a funnel activated a
 * moment later may still apply to a retried request.
 */
async function decisionFor(verified: VerifiedPostPurchase, body: OfferRequest): Promise<StoredDecision | null> {
  const stored = await findDecision(verified.shop, verified.referenceId);
  // An order whose offer went to the thank-you page gets none here (one offer after payment).
  if (stored) return stored.surface === "thank_you" ? null : stored;
  // The purchase fields of the body are only used when the token lacks them.
  const facts = purchaseFromToken(verified.purchase) ?? purchaseFromBody(body);
  if (!facts) return null;
  return decideAndSave(verified.shop, verified, facts, "post_purchase");
}

/**
 * Decides a purchase's offers from the shop's active funnels (core's
 * decidePostPurchase) and stores the decision, or answers the one a racing
 * request stored first. Shared by the post-purchase and the thank-you page.
 */
export async function decideAndSave(
  shop: string,
  purchase: { referenceId: string; customerId: string | null },
  facts: PurchaseFacts,
  surface: DecisionSurface,
): Promise<StoredDecision | null> {
  const [funnels, soldOut, collections, holdout] = await Promise.all([
    activeFunnels(shop),
    soldOutVariants(shop),
    collectionProductsForShop(shop),
    readHoldout(shop),
  ]);
  // The same key and rule as the checkout card (core's isHeldOut): a held-out purchase sees no offer on either page.
  const heldOut = isHeldOut(purchase.referenceId, holdout.percent);
  const decision = heldOut ? null : decide(purchase, { funnels, soldOut, collections }, facts);
  // After shop/redact nothing of the shop is stored again until it installs again.
  if (await isShopRedacted(shop)) return null;
  if (!decision) {
    await recordOfferSkip(shop, purchase.referenceId, surface, heldOut ? "holdout" : skipReason({ funnels, collections }, facts));
    return null;
  }
  return saveDecision(shop, { ...decision, surface });
}

/** Why no decision: a funnel that matches when nothing is sold out was left out for sold-out offers. */
function skipReason(shop: { funnels: readonly Funnel[]; collections: CollectionProducts }, facts: PurchaseFacts): OfferSkipReason {
  const withStock = decidePostPurchase(shop.funnels, facts.purchase, facts.currency, new Set(), shop.collections);
  return withStock ? "sold_out" : "no_funnel_matched";
}

function decide(
  purchase: { referenceId: string; customerId: string | null },
  shop: { funnels: readonly Funnel[]; soldOut: ReadonlySet<string>; collections: CollectionProducts },
  facts: PurchaseFacts,
): StoredDecision | null {
  // Each funnel as this purchase sees it: the arm of any experiment on its upsell or downsell (the reference id is the checkout token).
  const seen = shop.funnels.map((funnel) => funnelForPurchase(funnel, purchase.referenceId));
  const chosen = decidePostPurchase(
    seen.map((entry) => entry.funnel),
    facts.purchase,
    facts.currency,
    shop.soldOut,
    shop.collections,
  );
  if (!chosen) return null;
  const arms = seen.find((entry) => entry.funnel.id === chosen.funnel.id)?.assignments ?? {};
  const assignments = { ...(arms.upsell ? { upsell: arms.upsell } : {}), ...(arms.downsell ? { downsell: arms.downsell } : {}) };
  return {
    referenceId: purchase.referenceId,
    funnelId: chosen.funnel.id,
    customerId: purchase.customerId,
    currency: facts.currency,
    sequence: chosen.sequence,
    ...(Object.keys(assignments).length > 0 ? { assignments } : {}),
  };
}

/** A purchase as the decision reads it: its lines and subtotal (shop currency), and the currency offers are priced in. */
export type PurchaseFacts = { purchase: Purchase; currency: string };

/**
 * The purchase as Shopify signed it. Preferred over the body whenever the
 * token carries line items: the buyer cannot edit it. The subtotal is the
 * line totals (after line discounts) in the shop currency, which trigger
 * bounds are in; offers are priced in the currency the buyer paid in.
 */
function purchaseFromToken(purchase: TokenPurchase | null): PurchaseFacts | null {
  if (!purchase) return null;
  try {
    const lines: PurchaseLine[] = purchase.lineItems.map((item) => ({
      productId: toGid("Product", item.product.id),
      variantId: toGid("ProductVariant", item.product.variant.id),
      quantity: item.quantity,
    }));
    const shopMoney = purchase.lineItems.map((item) => item.totalPriceSet?.shopMoney);
    const totalShop = purchase.totalPriceSet?.shopMoney;
    const shopCurrency = shopMoney.find((m) => m)?.currencyCode ?? totalShop?.currencyCode;
    const currency = purchase.totalPriceSet?.presentmentMoney?.currencyCode
      ?? purchase.lineItems.find((item) => item.totalPriceSet?.presentmentMoney)?.totalPriceSet?.presentmentMoney?.currencyCode
      ?? shopCurrency;
    if (!shopCurrency || !currency) return null;
    const subtotal: Money = shopMoney.every((m) => m)
      ? sum(shopMoney.map((m) => parseMoney(m!.amount, m!.currencyCode)), shopCurrency)
      : totalShop
        ? parseMoney(totalShop.amount, totalShop.currencyCode)
        : { amount: 0, currency: shopCurrency };
    return { purchase: { lines, subtotal }, currency };
  } catch (error) {
    if (error instanceof MoneyError || error instanceof IdError) return null;
    throw error;
  }
}

/**
 * Fallback when the token carries no line items: what the extension sent.
 * Only ever used to CHOOSE an offer; what is signed later comes from the
 * persisted decision, never from a body. Without a total, a trigger with
 * subtotal bounds does not match (a zero subtotal in the purchase currency).
 */
function purchaseFromBody(body: OfferRequest): PurchaseFacts | null {
  if (!body.lineItems || !body.currencyCode) return null;
  try {
    const lines = body.lineItems.map((item) => ({
      productId: toGid("Product", item.productId),
      variantId: toGid("ProductVariant", item.variantId),
      quantity: item.quantity,
    }));
    const subtotal = body.totalPrice ? parseMoney(body.totalPrice, body.currencyCode) : { amount: 0, currency: body.currencyCode };
    return { purchase: { lines, subtotal }, currency: body.currencyCode };
  } catch (error) {
    if (error instanceof MoneyError) return null;
    throw error;
  }
}

// ------------------------------------------------------------------- sign

/** POST /api/post-purchase/sign */
export function answerSignRequest(request: Request): Promise<Response> {
  return answer(request, async (verified, raw) => {
    return refusingOnError(verified, raw, async () => {
      const body = parseBody(parseSignRequest, raw);
      assertSamePurchase(verified, body.referenceId);
      const signature = refusedOr(await signStep(verified.shop, verified.referenceId, body.offerId));
      const token = signChangesetToken({
        iss: appCredentials().apiKey,
        jti: signature.jti,
        iat: signature.signedAt.getTime(),
        sub: verified.referenceId,
        changes: changesetChanges(signature.decision.sequence[body.offerId]!),
      });
      return json({ token });
    });
  });
}

/** The model's answer, or its refusal thrown as the 404/409 the client gets. */
function refusedOr<T>(outcome: T | AnswerRefusal): T {
  if (isRefusal(outcome)) throw new PostPurchaseError(outcome.status, outcome.code, outcome.reason);
  return outcome;
}

/** Records every refusal of a sign or event request against the shop (and logs it), then answers it. */
async function refusingOnError(verified: VerifiedPostPurchase, raw: unknown, run: () => Promise<Response>) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PostPurchaseError)) throw error;
    // Keyed by what the token vouches for (its purchase) and a known step name, never by
    // free text from the body: repeats then count up on a handful of rows per purchase.
    const offerId = (raw as { offerId?: unknown } | null)?.offerId;
    const refusal = {
      referenceId: verified.referenceId,
      offerId: POST_PURCHASE_STEPS.includes(offerId as PostPurchaseStep) ? (offerId as string) : "other",
      code: error.code,
      reason: error.message,
    };
    log("refused", { shop: verified.shop, ...refusal });
    if (!(await isShopRedacted(verified.shop))) await recordRefusal(verified.shop, refusal);
    throw error;
  }
}

// ----------------------------------------------------------------- events

/** POST /api/post-purchase/events */
export function answerEventRequest(request: Request): Promise<Response> {
  return answer(request, async (verified, raw) => {
    return refusingOnError(verified, raw, async () => {
      const body = parseBody(parseEventRequest, raw);
      assertSamePurchase(verified, body.referenceId);
      const { shop, referenceId } = verified;
      const step: PostPurchaseStep = body.offerId;
      let recorded: boolean;
      if (body.type === "accept") recorded = refusedOr(await acceptStep(shop, referenceId, step));
      else if (body.type === "decline") recorded = refusedOr(await declineStep(shop, referenceId, step));
      else {
        const decision = await findDecision(shop, referenceId);
        if (!decision) throw new PostPurchaseError(404, "no_decision", "No offer was made for this purchase.");
        if (!decision.sequence[step]) throw new PostPurchaseError(404, "not_offered", `This purchase was not offered a ${step}.`);
        recorded = await recordImpression(shop, decision, step);
      }
      return json({ recorded }, 202);
    });
  });
}

// ------------------------------------------------------------------- ping

/**
 * POST/GET /api/post-purchase/ping: verifies the token and answers a
 * constant. A cheap health check of the token path for the extension, and
 * the baseline `npm run bench:post-purchase` compares the offer endpoint with.
 */
export function answerPing(request: Request): Promise<Response> {
  return answer(request, async () => json({ ok: true }), { readsBody: false });
}

/** Loaders: the CORS preflight (OPTIONS), and 405 for a plain GET. */
export function answerPreflightOrMethodNotAllowed(request: Request): Promise<Response> {
  const methodNotAllowed = async () => {
    const response = json({ error: "Use POST." }, 405);
    response.headers.set("Allow", "POST, OPTIONS");
    return response;
  };
  return answer(request, methodNotAllowed, { readsBody: false });
}

function log(event: string, details: Record<string, unknown>) {
  if (process.env.NODE_ENV === "test") return;
  console.warn(JSON.stringify({ at: new Date().toISOString(), source: "post-purchase", event, ...details }));
}
