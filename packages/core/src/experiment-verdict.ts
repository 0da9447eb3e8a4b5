/**
 * The verdict on an offer's experiment: is a variant better than the control?
 *
 * Method: a FIXED-HORIZON test, decided once, with a minimum sample size.
 *
 * - The experiment has a horizon: N exposed purchases per variant (default
 *   1,000, at least 100; `horizonForTakeRate` sizes it for the lift worth
 *   detecting). Until every variant has N, the verdict is "not enough data
 *   yet". After that, the verdict is computed from each variant's FIRST N
 *   exposures only, so it never changes as more data arrives: looking at the
 *   dashboard every day cannot inflate the error rate (the "peeking" problem
 *   of re-testing a growing sample).
 * - Primary metric, the one that picks a winner: revenue per exposed
 *   purchase (what the offer added, net, over every purchase that saw the
 *   variant, accepted or not), because the playbook's scoreboard is AOV and a
 *   cheaper variant can win on take rate while losing money.
 * - Each challenger is compared with the control by Welch's two-sample z-test
 *   on the means (normal approximation, sound at N >= 100 per variant).
 *   With m challengers the two-sided level is alpha / m per comparison
 *   (Bonferroni), so the whole experiment's error is at most alpha.
 * - Rule: the winner is the challenger with the highest revenue per exposed
 *   purchase among those significantly better than the control; if every
 *   challenger is significantly worse, the control wins; otherwise "no clear
 *   difference".
 * - Stated error rate: when no variant truly differs from the control, a
 *   winner is declared in at most alpha = 5% of experiments (the default).
 *   The test file's simulation measures it.
 *
 * Take rate is reported per variant with a 95% Wilson interval, and revenue
 * per exposed purchase with a 95% normal interval; differences from the
 * control use the same adjusted level as the decision, so "the interval
 * excludes zero" and "significant" always agree. Amounts are minor units of
 * the shop currency; means and intervals are fractional minor units.
 */

export const DEFAULT_HORIZON = 1000;
export const MIN_HORIZON = 100;
export const DEFAULT_ALPHA = 0.05;

/** One exposed purchase: what the variant's offer added to it (net, minor units) and whether it was taken. */
export type Exposure = { readonly revenue: number; readonly accepted: boolean };

/** A variant's first exposures, summed. */
export type VariantSample = {
  readonly key: string;
  readonly exposed: number;
  readonly accepts: number;
  /** Sum of revenue added, minor units. */
  readonly revenue: number;
  /** Sum of squared revenue per purchase, for the variance. */
  readonly revenueSquares: number;
};

export type Interval = { readonly estimate: number; readonly low: number; readonly high: number };

export type VariantResult = {
  readonly key: string;
  readonly exposed: number;
  readonly accepts: number;
  readonly takeRate: Interval;
  readonly revenuePerExposure: Interval;
  /** Challenger minus control, at the decision's level; null for the control. */
  readonly revenueDifference: Interval | null;
  readonly takeRateDifference: Interval | null;
  /** null for the control. */
  readonly comparison: "better" | "worse" | "no_clear_difference" | null;
};

export type ExperimentVerdict =
  | {
      readonly status: "not_enough_data";
      readonly horizon: number;
      /** Exposures still needed per variant, in input order. */
      readonly remaining: readonly { key: string; remaining: number }[];
      readonly message: string;
    }
  | {
      readonly status: "winner" | "no_clear_difference";
      readonly winner: string | null;
      readonly horizon: number;
      readonly alpha: number;
      readonly variants: readonly VariantResult[];
      readonly message: string;
    };

export type ExperimentInput = {
  readonly control: string;
  /** The control and its challengers. */
  readonly variants: readonly VariantSample[];
  readonly horizon?: number;
  readonly alpha?: number;
};

/** Sums a variant's exposures, in the order they happened, up to the horizon: later ones never count. */
export function summarizeExposures(
  key: string,
  exposures: readonly Exposure[],
  horizon: number = DEFAULT_HORIZON,
): VariantSample {
  let accepts = 0;
  let revenue = 0;
  let revenueSquares = 0;
  const counted = exposures.slice(0, horizon);
  for (const exposure of counted) {
    if (!Number.isSafeInteger(exposure.revenue) || exposure.revenue < 0) {
      throw new RangeError(`Revenue must be whole minor units of at least 0, got ${exposure.revenue}.`);
    }
    if (exposure.accepted) accepts += 1;
    revenue += exposure.revenue;
    revenueSquares += exposure.revenue * exposure.revenue;
  }
  return { key, exposed: counted.length, accepts, revenue, revenueSquares };
}

/** Standard normal CDF, via Abramowitz & Stegun 7.1.26 (error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The z with normalCdf(z) = p, by bisection (p strictly between 0 and 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Probability must be strictly between 0 and 1, got ${p}.`);
  let low = -10;
  let high = 10;
  for (let step = 0; step < 80; step += 1) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

const Z95 = normalQuantile(0.975);

function mean(sample: VariantSample): number {
  return sample.revenue / sample.exposed;
}

/** Unbiased sample variance of revenue per exposed purchase. */
function variance(sample: VariantSample): number {
  const n = sample.exposed;
  if (n < 2) return 0;
  return Math.max(0, (sample.revenueSquares - (sample.revenue * sample.revenue) / n) / (n - 1));
}

function wilson(successes: number, n: number, z: number): Interval {
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function around(estimate: number, standardError: number, z: number): Interval {
  return { estimate, low: estimate - z * standardError, high: estimate + z * standardError };
}

function validate(input: ExperimentInput, horizon: number, alpha: number): void {
  if (!Number.isSafeInteger(horizon) || horizon < MIN_HORIZON) {
    throw new RangeError(`The horizon must be a whole number of at least ${MIN_HORIZON} purchases per variant, got ${horizon}.`);
  }
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`Alpha must be between 0 and 0.5, got ${alpha}.`);
  if (input.variants.length < 2) throw new RangeError("An experiment needs a control and at least one challenger.");
  const keys = new Set(input.variants.map((variant) => variant.key));
  if (keys.size !== input.variants.length) throw new RangeError("Variant keys must be unique.");
  if (!keys.has(input.control)) throw new RangeError(`The control ${input.control} is not among the variants.`);
  for (const variant of input.variants) {
    if (variant.exposed > horizon) {
      throw new RangeError(
        `Variant ${variant.key} counts ${variant.exposed} exposures: summarize only the first ${horizon} (summarizeExposures).`,
      );
    }
    if (variant.accepts > variant.exposed) throw new RangeError(`Variant ${variant.key} has more accepts than exposures.`);
  }
}

/** Verdict on an experiment, by the fixed-horizon rule in this file's header. */
export function experimentVerdict(input: ExperimentInput): ExperimentVerdict {
  const horizon = input.horizon ?? DEFAULT_HORIZON;
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  validate(input, horizon, alpha);

  const remaining = input.variants.map((variant) => ({ key: variant.key, remaining: horizon - variant.exposed }));
  if (remaining.some((entry) => entry.remaining > 0)) {
    const behind = Math.max(...remaining.map((entry) => entry.remaining));
    return {
      status: "not_enough_data",
      horizon,
      remaining,
      message: `Not enough data yet: each variant needs ${horizon} purchases that saw it; ${behind} more to go for the furthest behind.`,
    };
  }

  const control = input.variants.find((variant) => variant.key === input.control);
  if (!control) throw new RangeError(`The control ${input.control} is not among the variants.`);
  const challengers = input.variants.length - 1;
  const zDecision = normalQuantile(1 - alpha / (2 * challengers));
  const controlRate = control.accepts / control.exposed;

  const variants: VariantResult[] = input.variants.map((variant) => {
    const n = variant.exposed;
    const rate = variant.accepts / n;
    const base = {
      key: variant.key,
      exposed: n,
      accepts: variant.accepts,
      takeRate: wilson(variant.accepts, n, Z95),
      revenuePerExposure: around(mean(variant), Math.sqrt(variance(variant) / n), Z95),
    };
    if (variant === control) return { ...base, revenueDifference: null, takeRateDifference: null, comparison: null };
    const difference = mean(variant) - mean(control);
    const standardError = Math.sqrt(variance(variant) / n + variance(control) / control.exposed);
    const rateError = Math.sqrt((rate * (1 - rate)) / n + (controlRate * (1 - controlRate)) / control.exposed);
    // With no spread at all in either variant the means are exact: any difference is real.
    const z = standardError === 0 ? (difference === 0 ? 0 : Math.sign(difference) * Infinity) : difference / standardError;
    return {
      ...base,
      revenueDifference: around(difference, standardError, zDecision),
      takeRateDifference: around(rate - controlRate, rateError, zDecision),
      comparison: z > zDecision ? "better" : z < -zDecision ? "worse" : "no_clear_difference",
    };
  });

  const better = variants
    .filter((variant) => variant.comparison === "better")
    .sort((a, b) => b.revenuePerExposure.estimate - a.revenuePerExposure.estimate);
  const allWorse = variants.every((variant) => variant.comparison === null || variant.comparison === "worse");
  const winner = better[0]?.key ?? (allWorse ? control.key : null);
  const confidence = `${Math.round((1 - alpha) * 100)}%`;
  return {
    status: winner === null ? "no_clear_difference" : "winner",
    winner,
    horizon,
    alpha,
    variants,
    message:
      winner === null
        ? `No clear difference after ${horizon} purchases per variant: keep the control or try a bolder change.`
        : `${winner} earns more per purchase that saw it (${confidence} confidence, ${horizon} purchases per variant).`,
  };
}

/**
 * Purchases per variant needed to detect an absolute take-rate lift
 * (e.g. 0.10 -> 0.13 is 0.03) with the given power, at the experiment's
 * adjusted level: n = (z_(1-alpha/2m) + z_power)^2 * (p1(1-p1) + p2(1-p2)) / lift^2,
 * rounded up and never below MIN_HORIZON.
 */
export function horizonForTakeRate(options: {
  baselineTakeRate: number;
  lift: number;
  challengers?: number;
  alpha?: number;
  power?: number;
}): number {
  const { baselineTakeRate: p1, lift } = options;
  const challengers = options.challengers ?? 1;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const power = options.power ?? 0.8;
  const p2 = p1 + lift;
  if (!(p1 > 0 && p1 < 1 && lift > 0 && p2 < 1)) {
    throw new RangeError("The baseline take rate and the lift must leave both rates strictly between 0 and 1.");
  }
  const z = normalQuantile(1 - alpha / (2 * challengers)) + normalQuantile(power);
  const n = Math.ceil((z * z * (p1 * (1 - p1) + p2 * (1 - p2))) / (lift * lift));
  return Math.max(MIN_HORIZON, n);
}
