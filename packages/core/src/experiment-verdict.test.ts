import { describe, expect, it } from "vitest";
import {
  DEFAULT_ALPHA,
  type VariantSample,
  experimentVerdict,
  horizonForTakeRate,
  normalCdf,
  normalQuantile,
  summarizeExposures,
} from "./experiment-verdict";

/** Mulberry32: a small seeded PRNG, so every run draws the same numbers. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Arm = { key: string; takeRate: number; prices: readonly number[] };

/** n exposures of an arm, summed as they arrive: an accept adds one of the arm's prices (minor units). */
function simulate(random: () => number, arm: Arm, n: number): VariantSample {
  let accepts = 0;
  let revenue = 0;
  let revenueSquares = 0;
  for (let i = 0; i < n; i += 1) {
    if (random() < arm.takeRate) {
      const price = arm.prices[Math.floor(random() * arm.prices.length)] ?? 0;
      accepts += 1;
      revenue += price;
      revenueSquares += price * price;
    }
  }
  return { key: arm.key, exposed: n, accepts, revenue, revenueSquares };
}

const prices = [1500, 2500, 4000];

describe("normal distribution helpers", () => {
  it("give the textbook values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 4);
    expect(normalQuantile(1 - 0.05 / 4)).toBeCloseTo(2.241403, 4); // Bonferroni, 2 challengers
  });
});

describe("experimentVerdict", () => {
  it("says 'not enough data yet' until every variant reaches the horizon", () => {
    const random = seeded(1);
    const verdict = experimentVerdict({
      control: "control",
      variants: [
        simulate(random, { key: "control", takeRate: 0.1, prices }, 1000),
        simulate(random, { key: "cheaper", takeRate: 0.5, prices }, 400),
      ],
    });
    expect(verdict.status).toBe("not_enough_data");
    if (verdict.status !== "not_enough_data") return;
    expect(verdict.remaining).toEqual([
      { key: "control", remaining: 0 },
      { key: "cheaper", remaining: 600 },
    ]);
    expect(verdict.message).toMatch(/Not enough data yet/);
  });

  it("finds a known winner on revenue per exposed purchase, with intervals around each variant", () => {
    const random = seeded(2);
    const verdict = experimentVerdict({
      control: "control",
      horizon: 2000,
      variants: [
        simulate(random, { key: "control", takeRate: 0.1, prices: [2000] }, 2000),
        simulate(random, { key: "new-copy", takeRate: 0.15, prices: [2000] }, 2000),
      ],
    });
    expect(verdict).toMatchObject({ status: "winner", winner: "new-copy" });
    if (verdict.status === "not_enough_data") return;
    const [control, challenger] = verdict.variants;
    // True values: take rate 0.10 vs 0.15, revenue per exposed purchase 200 vs 300 cents.
    expect(control?.takeRate.low).toBeLessThan(0.1);
    expect(control?.takeRate.high).toBeGreaterThan(0.1);
    expect(challenger?.revenuePerExposure.low).toBeLessThan(300);
    expect(challenger?.revenuePerExposure.high).toBeGreaterThan(300);
    expect(challenger?.revenueDifference?.low).toBeGreaterThan(0);
    expect(challenger?.comparison).toBe("better");
  });

  it("finds the known winner in at least 90% of repeated experiments (power)", () => {
    const random = seeded(3);
    let found = 0;
    const runs = 200;
    for (let run = 0; run < runs; run += 1) {
      const verdict = experimentVerdict({
        control: "a",
        horizon: 2000,
        variants: [
          simulate(random, { key: "a", takeRate: 0.1, prices: [2000] }, 2000),
          simulate(random, { key: "b", takeRate: 0.15, prices: [2000] }, 2000),
        ],
      });
      if (verdict.status === "winner" && verdict.winner === "b") found += 1;
    }
    expect(found / runs).toBeGreaterThanOrEqual(0.9);
  });

  it("picks revenue over take rate: a cheaper variant taken more often but earning less does not win", () => {
    const random = seeded(4);
    const verdict = experimentVerdict({
      control: "full-price",
      horizon: 3000,
      variants: [
        simulate(random, { key: "full-price", takeRate: 0.2, prices: [4000] }, 3000),
        simulate(random, { key: "half-price", takeRate: 0.25, prices: [2000] }, 3000),
      ],
    });
    expect(verdict).toMatchObject({ status: "winner", winner: "full-price" });
    if (verdict.status === "not_enough_data") return;
    expect(verdict.variants[1]?.takeRateDifference?.estimate).toBeGreaterThan(0);
    expect(verdict.variants[1]?.comparison).toBe("worse");
  });

  it("never changes once decided: exposures past the horizon are not counted", () => {
    const random = seeded(5);
    const firstThousand = Array.from({ length: 1000 }, () => {
      const accepted = random() < 0.1;
      return { revenue: accepted ? 2000 : 0, accepted };
    });
    // Later purchases all accept a big offer: had they counted, "b" would win.
    const later = Array.from({ length: 500 }, () => ({ revenue: 5000, accepted: true }));
    const control = summarizeExposures("a", firstThousand);
    const decided = experimentVerdict({ control: "a", variants: [control, summarizeExposures("b", firstThousand)] });
    const lookedAgain = experimentVerdict({
      control: "a",
      variants: [control, summarizeExposures("b", [...firstThousand, ...later])],
    });
    expect(lookedAgain).toEqual(decided);
    expect(lookedAgain).toMatchObject({ status: "no_clear_difference" });
    expect(() =>
      experimentVerdict({ control: "a", variants: [control, { ...control, key: "b", exposed: 1001 }] }),
    ).toThrow(/first 1000/);
  });

  it("refuses a horizon below the minimum sample size and a missing control", () => {
    const sample: VariantSample = { key: "a", exposed: 50, accepts: 5, revenue: 10000, revenueSquares: 2e7 };
    expect(() => experimentVerdict({ control: "a", horizon: 50, variants: [sample, { ...sample, key: "b" }] })).toThrow(
      /at least 100/,
    );
    expect(() => experimentVerdict({ control: "z", variants: [sample, { ...sample, key: "b" }] })).toThrow(/control/);
  });

  it("with no accepts anywhere, says there is no clear difference (no NaN)", () => {
    const empty = (key: string): VariantSample => ({ key, exposed: 1000, accepts: 0, revenue: 0, revenueSquares: 0 });
    const verdict = experimentVerdict({ control: "a", variants: [empty("a"), empty("b")] });
    expect(verdict).toMatchObject({ status: "no_clear_difference", winner: null });
    if (verdict.status === "not_enough_data") return;
    expect(verdict.variants[1]?.revenueDifference).toEqual({ estimate: 0, low: 0, high: 0 });
  });

  it("sizes the horizon for a take-rate lift (10% -> 13% at 80% power needs about 1,770 per variant)", () => {
    expect(horizonForTakeRate({ baselineTakeRate: 0.1, lift: 0.03 })).toBe(1772);
    expect(horizonForTakeRate({ baselineTakeRate: 0.1, lift: 0.5 })).toBe(100);
  });
});

describe("error rate when nothing differs (simulation)", () => {
  function falseWinnerRate(seed: number, challengers: number, runs: number): number {
    const random = seeded(seed);
    const keys = ["control", ...Array.from({ length: challengers }, (_, index) => `variant-${index + 1}`)];
    let declared = 0;
    for (let run = 0; run < runs; run += 1) {
      const verdict = experimentVerdict({
        control: "control",
        variants: keys.map((key) => simulate(random, { key, takeRate: 0.1, prices }, 1000)),
      });
      if (verdict.status === "winner") declared += 1;
    }
    return declared / runs;
  }

  // 1,000 experiments: the measured rate's standard error at 5% is about 0.7 points; 2 points is ~3 of them.
  const tolerance = 0.02;

  it("declares a winner by chance no more often than its stated 5% (control vs one variant)", () => {
    const measured = falseWinnerRate(11, 1, 1000);
    console.log(`A/B, no true difference: winner declared in ${(measured * 100).toFixed(1)}% of 1000 experiments (stated ${DEFAULT_ALPHA * 100}%)`);
    expect(measured).toBeLessThanOrEqual(DEFAULT_ALPHA + tolerance);
  });

  it("keeps the same 5% with four challengers (Bonferroni: each compared at 5% / 4)", () => {
    const measured = falseWinnerRate(12, 4, 1000);
    console.log(`Control + 4 challengers, no true difference: winner declared in ${(measured * 100).toFixed(1)}% of 1000 experiments (stated ${DEFAULT_ALPHA * 100}%)`);
    expect(measured).toBeLessThanOrEqual(DEFAULT_ALPHA + tolerance);
  });
});
