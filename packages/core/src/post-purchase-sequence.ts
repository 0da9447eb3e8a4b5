/**
 * The post-purchase page's path through a funnel's sequence:
 *
 *   upsell ──accepted──▶ followUp ──(any answer)──▶ done
 *      │
 *   declined ──▶ downsell ──(any answer)──▶ done
 *
 * No upsell means nothing is shown: a downsell or follow-up alone would be an
 * offer out of nowhere. A buyer sees at most two offers (MAX_POST_PURCHASE_OFFERS):
 * the upsell, then the downsell on a "no" or the follow-up on a "yes", never
 * both. Shopify's post-purchase UX pages say "two" in one version and "three"
 * in another; the stricter two is also the playbook's clean stack
 * (docs/decisions/0009-app-store-review.md).
 */
import type { PostPurchaseOffer, PostPurchaseSequence } from "./funnel";

export type PostPurchaseStep = "upsell" | "downsell" | "followUp";
export type PostPurchaseAnswer = "accepted" | "declined";

/** The steps a funnel can configure, in the order the page can show them. */
export const POST_PURCHASE_STEPS: readonly PostPurchaseStep[] = ["upsell", "downsell", "followUp"];

/** How many post-purchase pages one buyer sees at most (the page shows one offer each). */
export const MAX_POST_PURCHASE_OFFERS = 2;

/**
 * Any object with the three steps, each present or null: a funnel's
 * PostPurchaseSequence, or the offers the post-purchase page received
 * (see postPurchaseSequenceOf).
 */
export type PostPurchaseSteps<T = unknown> = { readonly [S in PostPurchaseStep]: T | null };

/** The step to show after the given answers (in the order given), or null when the sequence is over. */
export function nextPostPurchaseStep(
  sequence: PostPurchaseSequence | PostPurchaseSteps,
  answers: readonly PostPurchaseAnswer[],
): PostPurchaseStep | null {
  if (!sequence.upsell) return null;
  const path: PostPurchaseStep[] = ["upsell"];
  for (const answer of answers) {
    // Only the upsell leads anywhere; whatever follows it is the last offer.
    if (path.length >= MAX_POST_PURCHASE_OFFERS) return null;
    const next: PostPurchaseStep = answer === "accepted" ? "followUp" : "downsell";
    if (!sequence[next]) return null;
    path.push(next);
  }
  return path[path.length - 1] ?? null;
}

/**
 * How many post-purchase offers the merchant has configured. Counts every
 * offer in the object, including keys the type does not know, so a
 * malformed payload with an extra step is caught by the advisor rather than
 * silently dropped.
 */
export function postPurchaseOfferCount(sequence: PostPurchaseSequence): number {
  return Object.values(sequence as Record<string, PostPurchaseOffer | null | undefined>).filter(
    (offer) => offer !== null && typeof offer === "object",
  ).length;
}

/** The offers a surface received (each naming its step), as the steps nextPostPurchaseStep walks. */
export function postPurchaseSequenceOf<T extends { readonly id: PostPurchaseStep }>(offers: readonly T[]): PostPurchaseSteps<T> {
  const of = (step: PostPurchaseStep) => offers.find((offer) => offer.id === step) ?? null;
  return { upsell: of("upsell"), downsell: of("downsell"), followUp: of("followUp") };
}
