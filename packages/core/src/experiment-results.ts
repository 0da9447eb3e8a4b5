/**
 * An experiment's results from what was recorded: which purchases saw which
 * arm (impressions), which took the offer, and what the offer's attributed
 * order lines brought in, net of refunds. Joined by purchase key (the
 * checkout token), so each exposed purchase counts once, in the arm it was
 * assigned, with everything its offer added (zero if not taken).
 *
 * The verdict is ./experiment-verdict's fixed-horizon test on each arm's
 * FIRST exposures, in the order purchases first saw the arm; the running
 * totals over every exposure are for display only.
 */
import { DEFAULT_HORIZON, type Exposure, type ExperimentVerdict, experimentVerdict, summarizeExposures } from "./experiment-verdict";
import { CONTROL_ARM } from "./offer-experiment";

export type ArmImpression = { readonly purchaseKey: string; readonly arm: string; readonly occurredAt: Date };
export type ArmOfferLine = {
  readonly purchaseKey: string;
  /** What the buyer paid for the line, shop money minor units. */
  readonly amount: number;
  /** Refunded against the line so far, shop money minor units. */
  readonly refunded: number;
};

export type ArmTotals = {
  readonly key: string;
  /** Purchases that saw this arm. */
  readonly exposed: number;
  /** Of those, purchases that took the offer. */
  readonly accepts: number;
  /** Net offer revenue of those purchases, minor units. */
  readonly revenue: number;
  /** accepts / exposed; null before any exposure. */
  readonly takeRate: number | null;
  /** revenue / exposed, fractional minor units; null before any exposure. */
  readonly revenuePerExposure: number | null;
};

export type ExperimentResults = { readonly arms: readonly ArmTotals[]; readonly verdict: ExperimentVerdict };

export function experimentResults(input: {
  /** The experiment's arm keys, control first. */
  readonly arms: readonly string[];
  readonly impressions: readonly ArmImpression[];
  /** Purchase keys with an accept recorded for the offer. */
  readonly accepted: ReadonlySet<string>;
  readonly lines: readonly ArmOfferLine[];
  readonly horizon?: number;
}): ExperimentResults {
  const horizon = input.horizon ?? DEFAULT_HORIZON;
  const revenueOf = new Map<string, number>();
  for (const line of input.lines) {
    revenueOf.set(line.purchaseKey, (revenueOf.get(line.purchaseKey) ?? 0) + Math.max(0, line.amount - line.refunded));
  }
  // Each purchase once, in the arm of its first impression, in the order purchases first saw it.
  const first = new Map<string, ArmImpression>();
  for (const impression of [...input.impressions].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
    if (!first.has(impression.purchaseKey)) first.set(impression.purchaseKey, impression);
  }
  const exposures = new Map<string, Exposure[]>(input.arms.map((arm) => [arm, []]));
  for (const impression of first.values()) {
    const revenue = revenueOf.get(impression.purchaseKey) ?? 0;
    exposures.get(impression.arm)?.push({ revenue, accepted: revenue > 0 || input.accepted.has(impression.purchaseKey) });
  }
  const arms = input.arms.map((key): ArmTotals => {
    const list = exposures.get(key) ?? [];
    const accepts = list.filter((exposure) => exposure.accepted).length;
    const revenue = list.reduce((total, exposure) => total + exposure.revenue, 0);
    return {
      key,
      exposed: list.length,
      accepts,
      revenue,
      takeRate: list.length === 0 ? null : accepts / list.length,
      revenuePerExposure: list.length === 0 ? null : revenue / list.length,
    };
  });
  const verdict = experimentVerdict({
    control: input.arms.includes(CONTROL_ARM) ? CONTROL_ARM : (input.arms[0] as string),
    variants: input.arms.map((key) => summarizeExposures(key, exposures.get(key) ?? [], horizon)),
    horizon,
  });
  return { arms, verdict };
}
