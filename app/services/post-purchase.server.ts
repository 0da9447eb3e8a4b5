import {
  type Funnel,
  IdError,
  type Money,
  MoneyError,
  type PostPurchaseSequence,
  type PostPurchaseStep,
  type Purchase,
  type PurchaseLine,
  changesetChanges,
  decidePostPurchase,
  offerPrice,
  parseMoney,
  postPurchaseOfferPayload,
  postPurchaseOfferView,
  sequenceSteps,
  signRefusal,
  stepStatesContradiction,
  sum,
  toGid,
} from "@upstack/core";
import { z } from "zod";
import {
  type StoredDecision,
  claimSignature,
  findDecision,
  findDecisionAndFunnelVersion,
  insertDecisionIfFunnelsAt,
  markAccepted,
  markDeclined,
  recordPostPurchaseEvent,
  recordRefusal,
  releaseSignature,
  stepStates,
} from "../models/post-purchase.server";
import { type PostPurchaseFunnels, cachedPostPurchaseFunnels, postPurchaseFunnels } from "./post-purchase-funnels.server";
import {
  PostPurchaseError,
  type TokenPurchase,
  type VerifiedPostPurchase,
  appCredentials,
  signChangesetToken,
  verifyPostPurchaseToken,
  withCors,
} from "./post-purchase-token.server";

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

const STEP = z.enum(["upsell", "downsell", "followUp"]);
const referenceIdField = z.string().trim().min(1).max(200);

const offerReference = z.object({ referenceId: referenceIdField });
const offerBody = z.object({
  referenceId: referenceIdField,
  lineItems: z
    .array(
      z.object({
        productId: z.number().int().positive(),
        variantId: z.number().int().positive(),
        quantity: z.number().int(),
      }),
    )
    .max(500)
    .optional(),
  currencyCode: z.string().regex(/^[A-Z]{3}$/).optional(),
  totalPrice: z.string().max(40).optional(),
});

// Strict: the sign request names an offer and nothing else. A quantity, a
// discount or a variant in the body is someone trying to change what gets
// signed, and is refused rather than ignored.
const signBody = z.strictObject({ referenceId: referenceIdField, offerId: STEP });
const eventBody = z.strictObject({
  referenceId: referenceIdField,
  offerId: STEP,
  type: z.enum(["impression", "accept", "decline"]),
});

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

type Handler = (verified: VerifiedPostPurchase, body: unknown) => Promise<Response>;

/**
 * Verifies the token, reads the JSON body and runs the handler; turns every
 * refusal into a 4xx with its reason, and wraps every answer in CORS.
 */
async function answer(request: Request, handle: Handler): Promise<Response> {
  try {
    const verified = await verifyPostPurchaseToken(request);
    const body: unknown = await request.json().catch(() => null);
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

/** The body the schema accepts, or a 400 naming what is wrong. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  throw new PostPurchaseError(400, "malformed", `Malformed request: ${reason}`);
}

/** The body must speak of the purchase the token was issued for. */
function assertSamePurchase(verified: VerifiedPostPurchase, referenceId: string) {
  if (referenceId !== verified.referenceId) {
    throw new PostPurchaseError(401, "other_purchase", "The token was issued for another purchase.");
  }
}

// ------------------------------------------------------------------ offer

/**
 * Answers already given, by shop and reference id. A decision never changes
 * once stored, so serving it from memory is always right; this saves the
 * query when the extension asks again for the same purchase (a retried
 * ShouldRender). Bounded in size and kept an hour: a post-purchase page
 * lives minutes, and redacted data must not linger. On another instance the
 * same request costs one indexed read.
 */
const ANSWERED_MAX = 20_000;
const ANSWERED_TTL_MS = 60 * 60 * 1000;
const answered = new Map<string, { body: string; at: number }>();

function rememberAnswer(key: string, body: string) {
  if (answered.size >= ANSWERED_MAX) answered.delete(answered.keys().next().value as string);
  answered.set(key, { body, at: Date.now() });
}

function recalledAnswer(key: string): string | null {
  const entry = answered.get(key);
  if (!entry) return null;
  if (Date.now() - entry.at <= ANSWERED_TTL_MS) return entry.body;
  answered.delete(key);
  return null;
}

/** POST /api/post-purchase/offer */
export function answerOfferRequest(request: Request): Promise<Response> {
  return answer(request, async (verified, raw) => {
    // The purchase fields of the body are only read when the token lacks them.
    assertSamePurchase(verified, parseBody(offerReference, raw).referenceId);
    const key = `${verified.shop} ${verified.referenceId}`;
    const recalled = recalledAnswer(key);
    if (recalled) return jsonText(recalled);
    const decision = await decisionFor(verified, raw);
    const offers = decision ? (decision.rendered?.offers ?? JSON.stringify(offersOf(decision.sequence))) : "[]";
    const text = `{"referenceId":${JSON.stringify(verified.referenceId)},"offers":${offers}}`;
    // Only stored decisions are remembered: "nothing applies" is not persisted, and a
    // funnel published a minute later may well apply to a retried request.
    if (decision) rememberAnswer(key, text);
    return jsonText(text);
  });
}

const jsonText = (text: string) =>
  new Response(text, { status: 200, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * The purchase's stored decision, or a new one, decided from the shop's
 * active funnels and stored before it is answered (so sign can find it).
 * Null when nothing applies; that is not stored.
 *
 * A new purchase usually costs one statement: the decision is made from the
 * funnels held in memory and inserted only if they are still current
 * (insertDecisionIfFunnelsAt). Otherwise (first purchase of the shop on this
 * instance, funnels changed, no offer matched, or a decision already exists)
 * one read fetches both the stored decision and the funnels' version, and the
 * decision is made from fresh funnels.
 */
async function decisionFor(verified: VerifiedPostPurchase, raw: unknown): Promise<StoredDecision | null> {
  const { shop, referenceId } = verified;
  const facts = purchaseFromToken(verified.purchase) ?? purchaseFromBody(parseBody(offerBody, raw));
  const cached = cachedPostPurchaseFunnels(shop);
  if (cached && facts) {
    const decision = decide(verified, cached, facts);
    if (decision) {
      const outcome = await insertDecisionIfFunnelsAt(shop, decision, cached.version);
      if (outcome === "inserted") return decision;
      if (outcome === "exists") return findDecision(shop, referenceId);
    }
  }
  // Funnels changing again between the read and the insert can only send us round a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await findDecisionAndFunnelVersion(shop, referenceId);
    if (found.decision) return found.decision;
    const funnels = await postPurchaseFunnels(shop, found.funnelVersion);
    const decision = facts && funnels.funnels.length > 0 ? decide(verified, funnels, facts) : null;
    if (!decision) return null;
    const outcome = await insertDecisionIfFunnelsAt(shop, decision, found.funnelVersion);
    if (outcome === "inserted") return decision;
  }
  return null; // rather no offer than one decided from funnels we could not pin down
}

function decide(verified: VerifiedPostPurchase, funnels: PostPurchaseFunnels, facts: PurchaseFacts): StoredDecision | null {
  const chosen = decidePostPurchase(funnels.candidates(facts.purchase.lines), facts.purchase, facts.currency, funnels.soldOut);
  if (!chosen) return null;
  return {
    referenceId: verified.referenceId,
    funnelId: chosen.funnel.id,
    customerId: verified.customerId,
    currency: facts.currency,
    sequence: chosen.sequence,
    rendered: renderedFor(chosen.funnel, chosen.sequence, facts.currency),
  };
}

function offersOf(sequence: PostPurchaseSequence) {
  return sequenceSteps(sequence).map(([step, offer]) => postPurchaseOfferPayload(postPurchaseOfferView(offer, step)));
}

/**
 * Every purchase that gets a funnel gets the same offers, so their JSON (and
 * the sequence's, for the database) is rendered once per loaded funnel
 * rather than per purchase. Keyed by the cached funnel object: a reload of
 * the shop's funnels renders afresh.
 */
const renderings = new WeakMap<Funnel, { currency: string; sequence: string; offers: string }>();

function renderedFor(funnel: Funnel, sequence: PostPurchaseSequence, currency: string) {
  const known = renderings.get(funnel);
  if (known?.currency === currency) return known;
  const rendered = { currency, sequence: JSON.stringify(sequence), offers: JSON.stringify(offersOf(sequence)) };
  renderings.set(funnel, rendered);
  return rendered;
}

type PurchaseFacts = { purchase: Purchase; currency: string };

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
function purchaseFromBody(body: z.infer<typeof offerBody>): PurchaseFacts | null {
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
      const body = parseBody(signBody, raw);
      assertSamePurchase(verified, body.referenceId);
      const step = body.offerId;
      const decision = await requireDecision(verified);
      const offer = decision.sequence[step];
      const { states, rows } = await stepStates(verified.shop, verified.referenceId);
      const refusal = signRefusal(decision.sequence, step, states);
      if (refusal) throw new PostPurchaseError(refusal.code === "not_offered" ? 404 : 409, refusal.code, refusal.reason);
      const signature = await claimSignature(verified.shop, verified.referenceId, step, rows.get(step));
      if (signature.created) {
        // Two different steps signed at once (a tampering client) could each pass the check above
        // alone; look again with both in place and withdraw ours if they contradict.
        const after = await stepStates(verified.shop, verified.referenceId);
        const contradiction = stepStatesContradiction(after.states);
        if (contradiction) {
          await releaseSignature(verified.shop, verified.referenceId, step, signature.jti);
          throw new PostPurchaseError(409, "conflict", contradiction);
        }
      }
      const token = signChangesetToken({
        iss: appCredentials().apiKey,
        jti: signature.jti,
        iat: signature.signedAt.getTime(),
        sub: verified.referenceId,
        changes: changesetChanges(offer!),
      });
      return json({ token });
    });
  });
}

async function requireDecision(verified: VerifiedPostPurchase): Promise<StoredDecision> {
  const decision = await findDecision(verified.shop, verified.referenceId);
  if (!decision) throw new PostPurchaseError(404, "no_decision", "No offer was made for this purchase.");
  return decision;
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
      offerId: STEP.safeParse(offerId).success ? (offerId as string) : "other",
      code: error.code,
      reason: error.message,
    };
    log("refused", { shop: verified.shop, ...refusal });
    await recordRefusal(verified.shop, refusal);
    throw error;
  }
}

// ----------------------------------------------------------------- events

/** POST /api/post-purchase/events */
export function answerEventRequest(request: Request): Promise<Response> {
  return answer(request, async (verified, raw) => {
    return refusingOnError(verified, raw, async () => {
      const body = parseBody(eventBody, raw);
      assertSamePurchase(verified, body.referenceId);
      const decision = await requireDecision(verified);
      const step: PostPurchaseStep = body.offerId;
      const offer = decision.sequence[step];
      if (!offer) throw new PostPurchaseError(404, "not_offered", `This purchase was not offered a ${step}.`);
      let amount: Money | null = null;
      if (body.type === "accept") {
        // Only a step we signed can have been added to the order; the amount is ours, not the client's.
        if (!(await markAccepted(verified.shop, verified.referenceId, step))) {
          throw new PostPurchaseError(409, "not_signed", `The ${step} was never signed, so it cannot have been accepted.`);
        }
        amount = offerPrice(offer).offer;
      } else if (body.type === "decline") {
        if (!(await markDeclined(verified.shop, verified.referenceId, step))) {
          throw new PostPurchaseError(409, "already_accepted", `The ${step} was already accepted.`);
        }
      }
      const recorded = await recordPostPurchaseEvent({
        shop: verified.shop,
        decision,
        step,
        type: body.type,
        variantId: offer.product.variantId,
        amount,
      });
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
  return answer(request, async () => json({ ok: true }));
}

/** Loaders: the CORS preflight (OPTIONS), and 405 for a plain GET. */
export function answerPreflightOrMethodNotAllowed(request: Request): Promise<Response> {
  return answer(request, async () => {
    const response = json({ error: "Use POST." }, 405);
    response.headers.set("Allow", "POST, OPTIONS");
    return response;
  });
}

function log(event: string, details: Record<string, unknown>) {
  if (process.env.NODE_ENV === "test") return;
  console.warn(JSON.stringify({ at: new Date().toISOString(), source: "post-purchase", event, ...details }));
}
