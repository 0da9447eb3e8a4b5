import { describe, expect, it } from "vitest";
import { assignVariant } from "./experiment-assignment";
import { isHeldOut } from "./holdout";

const keys = Array.from({ length: 60_000 }, (_, index) => `c1-checkout-token-${index}`);
const even = [
  { key: "control", weight: 1 },
  { key: "cheaper", weight: 1 },
];

function counts(assigned: readonly string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const key of assigned) result[key] = (result[key] ?? 0) + 1;
  return result;
}

describe("assignVariant", () => {
  it("is sticky: the same purchase gets the same variant every time", () => {
    const first = keys.slice(0, 200).map((key) => assignVariant("exp-1", key, even));
    const again = keys.slice(0, 200).map((key) => assignVariant("exp-1", key, even));
    expect(again).toEqual(first);
    // Pinned, so a change to the hash cannot silently move purchases between variants.
    expect(first.slice(0, 6)).toEqual(["cheaper", "cheaper", "cheaper", "control", "control", "control"]);
  });

  it("splits evenly with equal weights and by weight otherwise (within a point)", () => {
    const split = counts(keys.map((key) => assignVariant("exp-1", key, even)));
    expect(Math.abs((split.control ?? 0) / keys.length - 0.5)).toBeLessThan(0.01);
    const weighted = counts(
      keys.map((key) =>
        assignVariant("exp-1", key, [
          { key: "a", weight: 1 },
          { key: "b", weight: 2 },
          { key: "c", weight: 1 },
        ]),
      ),
    );
    expect(Math.abs((weighted.b ?? 0) / keys.length - 0.5)).toBeLessThan(0.01);
    expect(Math.abs((weighted.c ?? 0) / keys.length - 0.25)).toBeLessThan(0.01);
  });

  it("assigns independently per experiment and of the holdout", () => {
    const one = keys.map((key) => assignVariant("exp-1", key, even));
    const two = keys.map((key) => assignVariant("exp-2", key, even));
    const agree = one.filter((variant, index) => variant === two[index]).length / keys.length;
    expect(Math.abs(agree - 0.5)).toBeLessThan(0.01);
    const heldOut = keys.filter((key) => isHeldOut(key, 10));
    const controlShare = heldOut.filter((key) => assignVariant("exp-1", key, even) === "control").length / heldOut.length;
    expect(Math.abs(controlShare - 0.5)).toBeLessThan(0.03);
  });

  it("refuses no variants and weights that are not whole and positive", () => {
    expect(() => assignVariant("exp-1", "k", [])).toThrow(RangeError);
    expect(() => assignVariant("exp-1", "k", [{ key: "a", weight: 0 }])).toThrow(/whole weight/);
    expect(() => assignVariant("exp-1", "k", [{ key: "a", weight: 1.5 }])).toThrow(/whole weight/);
  });
});
