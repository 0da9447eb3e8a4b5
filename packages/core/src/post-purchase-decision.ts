/**
 * The server's post-purchase rules, pure so they can be tested alone:
 *
 * - decidePostPurchase: which funnel's sequence a purchase gets right after
 *   payment, priced in the currency the buyer paid in;
 * - signRefusal: whether the buyer may now accept (have signed) a step,
 *   given what they already answered. The sequence only allows these paths
 *   (see ./post-purchase-sequence):
 *
 *     upsell yes -> followUp
 *     upsell no  -> downsell
 *
 *   "Yes" to a step means it was signed (the buyer pressed accept) or its
 *   accept was reported; a signed step whose payment then failed still
 *   counts, because Shopify, not the server, knows whether it was applied.
 *   A missing decline report is tolerated (a downsell may be signed while
 *   the upsell has no answer yet), since the extension reports answers
 *   best-effort; a contradiction (upsell and downsell both yes, a follow-up
 *   without a yes to the upsell, a follow-up after a downsell) never is.
 */
import type { Funnel, PostPurchaseOffer, PostPurchaseSequence, Purchase } from "./funnel";
import { selectFunnel } from "./funnel-selection";
import type { CollectionProducts } from "./trigger";
import { MoneyError } from "./money";
import { isFreeOffer, offerPrice } from "./offer-pricing";
import { POST_PURCHASE_STEPS, type PostPurchaseStep } from "./post-purchase-sequence";
import { IdError, legacyIdFromGid } from "./shopify-ids";

export { POST_PURCHASE_STEPS };

export type PostPurchaseDecision<F extends Funnel = Funnel> = { funnel: F; sequence: PostPurchaseSequence };

/**
 * The first active funnel (in selection order) that has an upsell and whose
 * trigger matches the purchase, with its sequence; null when nothing applies.
 *
 * - Funnels without an upsell are left out before choosing, so a bump-only
 *   funnel of higher priority does not hide a lower one's upsell.
 * - Every offer must be priced in `currency`, the currency the buyer paid
 *   in; otherwise nothing is offered: a price converted by guesswork, or
 *   shown in the wrong currency, is worse than no offer. (Product snapshots
 *   are in the shop currency, so in practice: presentment = shop currency.)
 * - A step that cannot be priced or has no numeric variant id (a corrupt
 *   snapshot), whose variant is in `soldOut` (Shopify says it cannot be
 *   sold now), or that would be free (isFreeOffer: its price fell to the
 *   discount since the funnel was published) is dropped; without its upsell
 *   the sequence shows nothing: the buyer is never offered what they could
 *   not get, and nothing is ever given away.
 * - The purchase's subtotal is compared with the trigger's bounds as
 *   matchesTrigger does (same currency or no match).
 * - A collection trigger matches through `collections`, the shop's
 *   collections as publishing resolved them (the same map the checkout and
 *   the discount Function were published with); without it, it matches nothing.
 */
export function decidePostPurchase<F extends Funnel>(
  funnels: readonly F[],
  purchase: Purchase,
  currency: string,
  soldOut: ReadonlySet<string> = new Set(),
  collections?: CollectionProducts,
): PostPurchaseDecision<F> | null {
  const candidates = funnels.filter((funnel) => funnel.postPurchase?.upsell);
  const funnel = selectFunnel(candidates, purchase, collections);
  if (!funnel) return null;
  const offers = POST_PURCHASE_STEPS.map((step) => funnel.postPurchase[step]).filter(
    (offer): offer is PostPurchaseOffer => Boolean(offer),
  );
  if (offers.some((offer) => offer.product.price.currency !== currency)) return null;
  const sequence: PostPurchaseSequence = {
    upsell: offerable(funnel.postPurchase.upsell, soldOut),
    downsell: offerable(funnel.postPurchase.downsell, soldOut),
    followUp: offerable(funnel.postPurchase.followUp, soldOut),
  };
  return sequence.upsell ? { funnel, sequence } : null;
}

function offerable(offer: PostPurchaseOffer | null, soldOut: ReadonlySet<string>): PostPurchaseOffer | null {
  if (!offer || soldOut.has(offer.product.variantId)) return null;
  try {
    if (isFreeOffer(offerPrice(offer))) return null;
    legacyIdFromGid(offer.product.variantId, "ProductVariant");
    return offer;
  } catch (error) {
    if (error instanceof MoneyError || error instanceof IdError) return null;
    throw error;
  }
}

/**
 * The funnel's offers whose variant is in `soldOut` (the bump, then the
 * post-purchase steps in page order): what the merchant should hear is being
 * left out, and why the post-purchase page may not show at all (a sold-out
 * upsell).
 */
export function soldOutOffers(
  funnel: Funnel,
  soldOut: ReadonlySet<string>,
): { offer: "bump" | PostPurchaseStep; title: string }[] {
  const offers = [["bump", funnel.bump] as const, ...POST_PURCHASE_STEPS.map((step) => [step, funnel.postPurchase[step]] as const)];
  return offers.flatMap(([offer, value]) => (value && soldOut.has(value.product.variantId) ? [{ offer, title: value.product.title }] : []));
}

/** The present steps of a sequence, in page order. */
export function sequenceSteps(sequence: PostPurchaseSequence): [PostPurchaseStep, PostPurchaseOffer][] {
  return POST_PURCHASE_STEPS.flatMap((step) => {
    const offer = sequence[step];
    return offer ? [[step, offer] as [PostPurchaseStep, PostPurchaseOffer]] : [];
  });
}

export type PostPurchaseStepState = { signed: boolean; accepted: boolean; declined: boolean };
export type PostPurchaseStepStates = Partial<Record<PostPurchaseStep, PostPurchaseStepState>>;

export type SignRefusalCode = "not_offered" | "already_accepted" | "declined" | "not_reachable";
export type SignRefusal = { code: SignRefusalCode; reason: string };

const yes = (state: PostPurchaseStepState | undefined) => Boolean(state && (state.signed || state.accepted));

/**
 * Why `step` may not be signed now, or null when it may. Signing a step that
 * is signed but not yet accepted is allowed (the server hands back the same
 * token, so a retry can never be applied twice).
 */
export function signRefusal(
  sequence: PostPurchaseSequence,
  step: PostPurchaseStep,
  states: PostPurchaseStepStates,
): SignRefusal | null {
  if (!sequence[step]) return { code: "not_offered", reason: `This purchase was not offered a ${step}.` };
  if (!sequence.upsell) return { code: "not_offered", reason: "This purchase has no post-purchase offer." };
  const state = states[step];
  if (state?.accepted) return { code: "already_accepted", reason: `The ${step} was already accepted.` };
  if (state?.declined) return { code: "declined", reason: `The ${step} was declined.` };
  const after = { ...states, [step]: { signed: true, accepted: false, declined: false } };
  const contradiction = stepStatesContradiction(after);
  return contradiction ? { code: "not_reachable", reason: contradiction } : null;
}

/** Why these answers cannot all be true of one walk through the sequence, or null if they can. */
export function stepStatesContradiction(states: PostPurchaseStepStates): string | null {
  const { upsell, downsell, followUp } = states;
  if (yes(upsell) && yes(downsell)) return "The downsell is only offered when the upsell is declined.";
  // With the rule above this keeps a buyer to MAX_POST_PURCHASE_OFFERS pages: never the downsell and the follow-up.
  if (yes(followUp) && !yes(upsell)) return "The follow-up is only offered after the upsell is accepted.";
  return null;
}
