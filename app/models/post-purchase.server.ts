import { createHash, randomUUID } from "node:crypto";
import {
  type ArmAssignment,
  type ExperimentSlot,
  type Money,
  type PostPurchaseSequence,
  type PostPurchaseStep,
  type PostPurchaseStepStates,
  type SignRefusalCode,
  type ThankYouStep,
  offerPrice,
  signRefusal,
  thankYouAcceptRefusal,
  thankYouEventOffer,
  thankYouStep,
} from "@upstack/core";
import db from "../db.server";
import { reattributePurchase } from "./order.server";
import { createOfferEvent, createOfferEventOnce } from "./scoreboard-rollups.server";
import { createOnce, createOrFind } from "./unique-key.server";
import type { Transaction } from "./webhook-delivery.server";

/**
 * A purchase's post-purchase sequence, kept in the database:
 *
 * - its decision (PostPurchaseDecision): which funnel's offers it gets,
 *   made once by the offer endpoint; the unique (shop, referenceId) makes
 *   racing first requests, on any instance, share one;
 * - the buyer's answers (PostPurchaseStep): a step's row appears when it is
 *   signed (with the jti and time its token is rebuilt from) or declined,
 *   and is marked when its accept is reported.
 *
 * Every answer (sign, accept, decline) runs in a transaction that first
 * bumps the decision's `revision`: that UPDATE locks the decision's row
 * (PostgreSQL) or takes the database's write lock (SQLite), so a purchase's
 * answers are applied one at a time and each sees the ones before it. Core's
 * signRefusal then decides on the whole, current state: never both the
 * upsell and the downsell signed, never an accept that was not signed, and a
 * retried sign finds its step's jti and gets the same token.
 */

/**
 * Which page shows a purchase's offers: the post-purchase page (one click)
 * or, for an order Shopify gave no post-purchase page, the thank-you page.
 */
export type DecisionSurface = "post_purchase" | "thank_you";

/** A purchase's persisted post-purchase decision. */
export type StoredDecision = {
  referenceId: string;
  /** The page that made the decision; a decision made for the thank-you page is never signed for the post-purchase page. */
  surface?: DecisionSurface;
  funnelId: string;
  customerId: string | null;
  /** The purchase's (presentment) currency, which every offer price is in. */
  currency: string;
  sequence: PostPurchaseSequence;
  /** The experiment arms the purchase saw, by step (core's funnelForPurchase); absent: none ran. */
  assignments?: Partial<Record<ExperimentSlot, ArmAssignment>>;
};

const withOffers = { offerSet: { select: { offers: true } } } as const;

type DecisionRow = {
  referenceId: string;
  surface: string;
  funnelId: string;
  customerId: string | null;
  currency: string;
  arms?: string | null;
  offerSet: { offers: string };
};

const toDecision = (row: DecisionRow): StoredDecision => ({
  referenceId: row.referenceId,
  surface: row.surface === "thank_you" ? "thank_you" : "post_purchase",
  funnelId: row.funnelId,
  customerId: row.customerId,
  currency: row.currency,
  sequence: JSON.parse(row.offerSet.offers) as PostPurchaseSequence,
  ...(row.arms ? { assignments: JSON.parse(row.arms) as StoredDecision["assignments"] } : {}),
});

/** The decision made for a purchase, if one was. */
export async function findDecision(shop: string, referenceId: string): Promise<StoredDecision | null> {
  const row = await db.postPurchaseDecision.findUnique({
    where: { shop_referenceId: { shop, referenceId } },
    include: withOffers,
  });
  return row && toDecision(row);
}

/**
 * Stores the decision for its purchase, or, when a racing request stored one
 * first, answers that one: every request for a purchase gets the same
 * offers. The offers go in an offer set keyed by their SHA-256, shared by
 * every purchase offered the same (the same funnel, currency and prices).
 */
export async function saveDecision(shop: string, decision: StoredDecision): Promise<StoredDecision> {
  const offers = JSON.stringify(decision.sequence);
  const offerSetId = createHash("sha256").update(offers).digest("hex");
  // Usually stored already (every purchase of the funnel shares it): look before writing.
  const stored = await db.postPurchaseOfferSet.findUnique({ where: { shop_id: { shop, id: offerSetId } }, select: { id: true } });
  if (!stored) await createOnce(() => db.postPurchaseOfferSet.create({ data: { shop, id: offerSetId, offers } }));
  const { row } = await createOrFind(
    async () => {
      const data = {
        shop,
        referenceId: decision.referenceId,
        funnelId: decision.funnelId,
        customerId: decision.customerId,
        currency: decision.currency,
        offerSetId,
        surface: decision.surface ?? "post_purchase",
        arms: decision.assignments && Object.keys(decision.assignments).length > 0 ? JSON.stringify(decision.assignments) : null,
      };
      await db.postPurchaseDecision.create({ data, select: { id: true } });
      return decision;
    },
    () => findDecision(shop, decision.referenceId),
  );
  return row;
}

type StepRow = {
  step: string;
  jti: string | null;
  signedAt: Date | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
};

/** A request the purchase's state does not allow, with its reason; the status the client gets. */
export type AnswerRefusal = {
  status: 404 | 409;
  code: SignRefusalCode | "no_decision" | "not_signed" | "thank_you_offer" | "post_purchase_taken" | "nothing_to_offer";
  reason: string;
};

/** The thank-you page's offer of a purchase, as stored on its decision. */
export type ThankYouState = { step: ThankYouStep | null; code: string | null; acceptedAt: Date | null };

type Answering = {
  decision: StoredDecision;
  rows: Map<string, StepRow>;
  states: PostPurchaseStepStates;
  thankYou: ThankYouState;
  tx: Transaction;
};

class Refused extends Error {
  constructor(readonly refusal: AnswerRefusal) {
    super(refusal.reason);
  }
}

/**
 * Runs one answer of the buyer against the purchase's decision and answers
 * so far, alone (see the top of this file). A refusal rolls back.
 */
async function answering<T>(shop: string, referenceId: string, apply: (purchase: Answering) => Promise<T>): Promise<T | AnswerRefusal> {
  try {
    return await db.$transaction(
      async (tx) => {
        const { count } = await tx.postPurchaseDecision.updateMany({
          where: { shop, referenceId },
          data: { revision: { increment: 1 } },
        });
        if (count === 0) throw new Refused({ status: 404, code: "no_decision", reason: "No offer was made for this purchase." });
        const decision = await tx.postPurchaseDecision.findUniqueOrThrow({
          where: { shop_referenceId: { shop, referenceId } },
          include: withOffers,
        });
        const rows: StepRow[] = await tx.postPurchaseStep.findMany({
          where: { shop, referenceId },
          select: { step: true, jti: true, signedAt: true, acceptedAt: true, declinedAt: true },
        });
        const states: PostPurchaseStepStates = {};
        for (const row of rows) {
          states[row.step as PostPurchaseStep] = {
            signed: row.signedAt !== null,
            accepted: row.acceptedAt !== null,
            declined: row.declinedAt !== null,
          };
        }
        const thankYou: ThankYouState = {
          step: decision.thankYouStep === "upsell" || decision.thankYouStep === "downsell" ? decision.thankYouStep : null,
          code: decision.thankYouCode,
          acceptedAt: decision.thankYouAcceptedAt,
        };
        return apply({ decision: toDecision(decision), rows: new Map(rows.map((row) => [row.step, row])), states, thankYou, tx });
      },
      // Answers of one purchase queue behind each other; a handful at most in real life.
      { maxWait: 10_000, timeout: 10_000 },
    );
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

export const isRefusal = (value: unknown): value is AnswerRefusal =>
  typeof value === "object" && value !== null && "code" in value && "status" in value;

export type Signature = { decision: StoredDecision; jti: string; signedAt: Date };

/**
 * The (jti, iat) of the step's changeset token: created on its first sign,
 * the same ever after, so a retried or double-clicked accept gets the very
 * same token and Shopify applies it once. Refused when core's rules of the
 * sequence do not allow the step now.
 */
export function signStep(shop: string, referenceId: string, step: PostPurchaseStep): Promise<Signature | AnswerRefusal> {
  return answering(shop, referenceId, async ({ decision, rows, states, thankYou, tx }) => {
    // One purchase, one offer taken after payment: the thank-you page's, once accepted, rules out this page's.
    if (decision.surface === "thank_you" || thankYou.acceptedAt) {
      throw new Refused({ status: 409, code: "thank_you_offer", reason: "This order's offer is on the thank-you page." });
    }
    const refusal = signRefusal(decision.sequence, step, states);
    if (refusal) throw new Refused({ status: refusal.code === "not_offered" ? 404 : 409, ...refusal });
    const existing = rows.get(step);
    if (existing?.jti && existing.signedAt) return { decision, jti: existing.jti, signedAt: existing.signedAt };
    const signature = { jti: randomUUID(), signedAt: new Date() };
    await tx.postPurchaseStep.create({ data: { shop, referenceId, step, ...signature } });
    return { decision, ...signature };
  });
}

/**
 * The extension reports the buyer's accept of a signed step: marked once,
 * with the amount our decision says it added (never the client's figure).
 * True when this report recorded it, false for a repeat.
 */
export function acceptStep(shop: string, referenceId: string, step: PostPurchaseStep): Promise<boolean | AnswerRefusal> {
  return answering(shop, referenceId, async ({ decision, rows, tx }) => {
    const offer = decision.sequence[step];
    if (!offer) throw new Refused({ status: 404, code: "not_offered", reason: `This purchase was not offered a ${step}.` });
    const row = rows.get(step);
    if (!row?.signedAt) {
      throw new Refused({ status: 409, code: "not_signed", reason: `The ${step} was never signed, so it cannot have been accepted.` });
    }
    if (row.acceptedAt) return false;
    await tx.postPurchaseStep.update({
      where: { shop_referenceId_step: { shop, referenceId, step } },
      data: { acceptedAt: new Date(), declinedAt: null },
    });
    await createOfferEvent(tx, eventRow(shop, decision, step, "accept", offerPrice(offer).offer));
    // Shopify's orders/updated with the accepted line may have come first: its order counts the line now.
    await reattributePurchase(tx, shop, referenceId);
    return true;
  });
}

/** The buyer declined the step: refused once it was accepted. True when this report recorded it. */
export function declineStep(shop: string, referenceId: string, step: PostPurchaseStep): Promise<boolean | AnswerRefusal> {
  return answering(shop, referenceId, async ({ decision, rows, tx }) => {
    if (!decision.sequence[step]) throw new Refused({ status: 404, code: "not_offered", reason: `This purchase was not offered a ${step}.` });
    const row = rows.get(step);
    if (row?.acceptedAt) throw new Refused({ status: 409, code: "already_accepted", reason: `The ${step} was already accepted.` });
    if (row?.declinedAt) return false;
    const declinedAt = new Date();
    if (row) await tx.postPurchaseStep.update({ where: { shop_referenceId_step: { shop, referenceId, step } }, data: { declinedAt } });
    else await tx.postPurchaseStep.create({ data: { shop, referenceId, step, declinedAt } });
    await createOfferEvent(tx, eventRow(shop, decision, step, "decline", null));
    return true;
  });
}

/** An impression of a step: once per purchase and step, however often it is reported. */
export async function recordImpression(shop: string, decision: StoredDecision, step: PostPurchaseStep): Promise<boolean> {
  return createOfferEventOnce(eventRow(shop, decision, step, "impression", null));
}

function eventRow(
  shop: string,
  decision: StoredDecision,
  step: PostPurchaseStep,
  type: "impression" | "accept" | "decline",
  amount: Money | null,
  surface: DecisionSurface = "post_purchase",
) {
  const thankYou = surface === "thank_you" && step !== "followUp";
  const assignment = step === "followUp" ? undefined : decision.assignments?.[step];
  return {
    shop,
    funnelId: decision.funnelId,
    offer: thankYou ? thankYouEventOffer(step) : step,
    type,
    variantId: decision.sequence[step]?.product.variantId ?? "",
    purchaseKey: decision.referenceId,
    dedupeKey: `${thankYou ? "ty" : "pp"}:${decision.referenceId}:${step}:${type}`,
    customerId: decision.customerId,
    amount: amount?.amount ?? null,
    currency: amount?.currency ?? null,
    experimentId: assignment?.experimentId ?? null,
    arm: assignment?.arm ?? null,
  };
}

// ------------------------------------------------------------- thank-you page

/**
 * The thank-you page's offer for a purchase, under the same row lock as the
 * post-purchase answers: chosen by core's thankYouStep from what the buyer
 * did on the post-purchase page, and kept on the decision so a reload shows
 * the same offer. Null when there is nothing to show (a post-purchase offer
 * was signed or accepted: never both for one order).
 */
export function chooseThankYouOffer(
  shop: string,
  referenceId: string,
): Promise<{ decision: StoredDecision; step: ThankYouStep; accepted: boolean } | null | AnswerRefusal> {
  return answering(shop, referenceId, async ({ decision, states, thankYou, tx }) => {
    if (thankYouAcceptRefusal(states)) return null;
    const step = thankYou.step ?? thankYouStep(decision.sequence, states);
    if (!step) return null;
    if (!thankYou.step) {
      await tx.postPurchaseDecision.update({ where: { shop_referenceId: { shop, referenceId } }, data: { thankYouStep: step } });
    }
    return { decision, step, accepted: thankYou.acceptedAt !== null };
  });
}

export type ThankYouAcceptance = { decision: StoredDecision; step: ThankYouStep; code: string | null; first: boolean };

/**
 * The buyer accepts the thank-you offer. Refused when a post-purchase offer
 * of the order was signed (and from now on, the post-purchase page signs
 * nothing for it: signStep refuses). The first accept reserves the order's
 * single-use discount code (`newCode`, or none when the offer has no
 * discount) and records the accept; a repeat gets the same code.
 */
export function acceptThankYouOffer(
  shop: string,
  referenceId: string,
  newCode: (offer: { step: ThankYouStep; decision: StoredDecision }) => string | null,
): Promise<ThankYouAcceptance | AnswerRefusal> {
  return answering(shop, referenceId, async ({ decision, states, thankYou, tx }) => {
    const refusal = thankYouAcceptRefusal(states);
    if (refusal) throw new Refused({ status: 409, ...refusal });
    const step = thankYou.step;
    if (!step) {
      throw new Refused({ status: 404, code: "nothing_to_offer", reason: "This order was not offered anything on the thank-you page." });
    }
    if (thankYou.acceptedAt) return { decision, step, code: thankYou.code, first: false };
    const code = newCode({ step, decision });
    await tx.postPurchaseDecision.update({
      where: { shop_referenceId: { shop, referenceId } },
      data: { thankYouCode: code, thankYouAcceptedAt: new Date() },
    });
    // No amount: an accept here opens a checkout, and only a paid order adds to the order value.
    await createOfferEvent(tx, eventRow(shop, decision, step, "accept", null, "thank_you"));
    return { decision, step, code, first: true };
  });
}

/** An impression of the thank-you offer: once per order, however often it is reported. */
export function recordThankYouImpression(shop: string, decision: StoredDecision, step: ThankYouStep): Promise<boolean> {
  return createOfferEventOnce(eventRow(shop, decision, step, "impression", null, "thank_you"));
}

/**
 * Records a refused request. The same refusal again (a client retrying)
 * counts up on its row rather than adding rows.
 */
export async function recordRefusal(
  shop: string,
  refusal: { referenceId: string; offerId: string; code: string; reason: string },
) {
  const key = {
    shop,
    referenceId: refusal.referenceId.slice(0, 200),
    offerId: refusal.offerId.slice(0, 40),
    code: refusal.code,
  };
  const reason = refusal.reason.slice(0, 500);
  const where = { shop_referenceId_offerId_code: key };
  const created = await createOnce(() => db.postPurchaseRefusal.create({ data: { ...key, reason } }));
  if (!created) await db.postPurchaseRefusal.update({ where, data: { count: { increment: 1 }, reason } });
}
