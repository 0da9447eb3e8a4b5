/**
 * Which variant of an experiment a purchase gets: deterministic and sticky per
 * purchase key and experiment id, so the checkout, the post-purchase page and
 * the server show and count the same variant without storing a thing. The
 * bucket comes from ./holdout's hash with an experiment-specific salt, so it
 * is independent of the holdout and of other experiments.
 *
 * Weights are whole numbers (e.g. 1 and 1 for an even split). Changing the
 * variants or their weights reshuffles purchases, so an experiment's variants
 * are fixed once it starts; a new arrangement is a new experiment id.
 */
import { bucketOf } from "./holdout";

export type ExperimentVariant = { readonly key: string; readonly weight: number };

export function assignVariant(
  experimentId: string,
  purchaseKey: string,
  variants: readonly ExperimentVariant[],
): string {
  let total = 0;
  for (const variant of variants) {
    if (!Number.isSafeInteger(variant.weight) || variant.weight < 1) {
      throw new RangeError(`Variant ${variant.key} needs a whole weight of at least 1, got ${variant.weight}.`);
    }
    total += variant.weight;
  }
  if (variants.length === 0) throw new RangeError("An experiment needs at least one variant.");
  let bucket = bucketOf(`variant:${experimentId}`, purchaseKey, total);
  for (const variant of variants) {
    if (bucket < variant.weight) return variant.key;
    bucket -= variant.weight;
  }
  // Unreachable: bucket < total and the weights add up to total.
  throw new RangeError("Variant weights do not add up.");
}
