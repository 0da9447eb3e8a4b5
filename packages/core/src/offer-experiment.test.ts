import { describe, expect, it } from "vitest";
import {
  CONTROL_ARM,
  type OfferExperiment,
  assignmentFor,
  experimentArm,
  experimentDraftFromForm,
  experimentFromDraft,
  funnelForPurchase,
  promoteArm,
  sameOffer,
  slotOffers,
} from "./offer-experiment";
import { bump, funnel, postPurchase, product } from "./test-fixtures";

const core = product("Course", 9900);
const workbook = product("Workbook", 2900);
const stickers = product("Stickers", 900);
const coaching = product("Coaching", 19900);

function bumpFunnel() {
  return funnel(core, { bump: bump(workbook, { type: "percentage", percent: 10 }), postPurchase: { upsell: postPurchase(coaching), downsell: null, followUp: null } });
}

function started(draft: Parameters<typeof experimentFromDraft>[1], id = "exp-1"): OfferExperiment {
  const result = experimentFromDraft(bumpFunnel(), draft, id);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.experiment;
}

const cheaper = bump(workbook, { type: "percentage", percent: 25 });
const keys = Array.from({ length: 20_000 }, (_, index) => `checkout-token-${index}`);

describe("experimentFromDraft", () => {
  it("starts an experiment whose control is the current offer and whose challengers get keys b, c", () => {
    const experiment = started({ slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: cheaper }, { weight: 2, offer: bump(stickers) }] });
    expect(experiment.arms.map((arm) => [arm.key, arm.weight])).toEqual([["control", 1], ["b", 1], ["c", 2]]);
    expect(experiment.arms[0]?.offer).toEqual(bumpFunnel().bump);
  });

  it("refuses bad weights, a variant identical to the control or to another, an empty slot and a second experiment", () => {
    const result = experimentFromDraft(
      bumpFunnel(),
      {
        slot: "bump",
        controlWeight: 0,
        challengers: [
          { weight: 1.5, offer: bump(workbook, { type: "percentage", percent: 10 }) },
          { weight: 1, offer: cheaper },
          { weight: 101, offer: cheaper },
        ],
      },
      "exp-x",
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        controlWeight: expect.stringContaining("whole weight") as string,
        "challengers.0.weight": expect.stringContaining("whole weight") as string,
        "challengers.0.offer": expect.stringContaining("identical to the current offer") as string,
        "challengers.2.weight": expect.stringContaining("1 to 100") as string,
        "challengers.2.offer": expect.stringContaining("identical to another") as string,
      },
    });
    const noDownsell = experimentFromDraft(bumpFunnel(), { slot: "downsell", controlWeight: 1, challengers: [{ weight: 1, offer: postPurchase(stickers) }] }, "e");
    expect(noDownsell.ok ? null : noDownsell.errors.slot).toMatch(/no downsell offer/);
    const running = { ...bumpFunnel(), experiments: [started({ slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: cheaper }] })] };
    const second = experimentFromDraft(running, { slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: bump(stickers) }] }, "e2");
    expect(second.ok ? null : second.errors.slot).toMatch(/already running/);
    const none = experimentFromDraft(bumpFunnel(), { slot: "bump", controlWeight: 1, challengers: [] }, "e3");
    expect(none.ok ? null : none.errors.challengers).toMatch(/Add a variant/);
  });

  it("tells copy-only changes apart", () => {
    const copyOnly = { ...bumpFunnel().bump!, copy: { ...bumpFunnel().bump!.copy, title: "Complete your course" } };
    expect(sameOffer(copyOnly, bumpFunnel().bump!)).toBe(false);
    expect(started({ slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: copyOnly }] }).arms).toHaveLength(2);
  });
});

describe("funnelForPurchase", () => {
  const experiment = started({ slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: cheaper }] });
  const running = { ...bumpFunnel(), experiments: [experiment] };

  it("shows each purchase its arm's offer, the same every time, and the control without a purchase key", () => {
    for (const key of keys.slice(0, 50)) {
      const seen = funnelForPurchase(running, key);
      const arm = experimentArm(experiment, key);
      expect(seen.assignments.bump).toEqual({ experimentId: "exp-1", arm });
      expect(seen.funnel.bump).toEqual(arm === CONTROL_ARM ? running.bump : cheaper);
      expect(funnelForPurchase(running, key)).toEqual(seen);
      expect(assignmentFor(running, "bump", key)).toEqual({ experimentId: "exp-1", arm });
    }
    expect(funnelForPurchase(running, null).funnel.bump).toEqual(running.bump);
    expect(assignmentFor(running, "upsell", keys[0]!)).toBeNull();
  });

  it("splits purchases by weight within a point", () => {
    const weighted = started({ slot: "bump", controlWeight: 3, challengers: [{ weight: 1, offer: cheaper }] }, "exp-w");
    const withWeights = { ...bumpFunnel(), experiments: [weighted] };
    const control = keys.filter((key) => funnelForPurchase(withWeights, key).assignments.bump?.arm === CONTROL_ARM).length;
    expect(Math.abs(control / keys.length - 0.75)).toBeLessThan(0.01);
  });

  it("the control follows the funnel's offer as it stands; a challenger keeps its own", () => {
    const edited = { ...running, bump: bump(workbook, { type: "percentage", percent: 15 }) };
    const controlKey = keys.find((key) => experimentArm(experiment, key) === CONTROL_ARM)!;
    const challengerKey = keys.find((key) => experimentArm(experiment, key) === "b")!;
    expect(funnelForPurchase(edited, controlKey).funnel.bump?.discount).toEqual({ type: "percentage", percent: 15 });
    expect(funnelForPurchase(edited, challengerKey).funnel.bump?.discount).toEqual({ type: "percentage", percent: 25 });
  });

  it("experiments on the upsell and the bump are assigned independently", () => {
    const upsell = experimentFromDraft(running, { slot: "upsell", controlWeight: 1, challengers: [{ weight: 1, offer: postPurchase(coaching, { discount: { type: "percentage", percent: 20 } }) }] }, "exp-2");
    if (!upsell.ok) throw new Error("upsell experiment refused");
    const both = { ...running, experiments: [experiment, upsell.experiment] };
    const pairs = keys.map((key) => funnelForPurchase(both, key).assignments);
    const bothB = pairs.filter((pair) => pair.bump?.arm === "b" && pair.upsell?.arm === "b").length;
    expect(Math.abs(bothB / keys.length - 0.25)).toBeLessThan(0.015);
  });

  it("lists every offer a buyer may see in the slot, and promotes an arm into the funnel", () => {
    expect(slotOffers(running, "bump").map((entry) => entry.arm)).toEqual(["control", "b"]);
    expect(slotOffers(bumpFunnel(), "bump").map((entry) => entry.arm)).toEqual(["control"]);
    const promoted = promoteArm(running, experiment, "b");
    expect(promoted.bump).toEqual(cheaper);
    expect(promoted.experiments).toEqual([]);
    expect(promoteArm(running, experiment, CONTROL_ARM).bump).toEqual(running.bump);
    expect(() => promoteArm(running, experiment, "z")).toThrow(RangeError);
  });
});

describe("experimentDraftFromForm", () => {
  it("builds a challenger from the current offer with the fields changed, and reports what cannot be read", () => {
    const products = new Map([[stickers.variantId, stickers]]);
    const { draft, errors } = experimentDraftFromForm(
      bumpFunnel(),
      {
        slot: "bump",
        controlWeight: "1",
        challengers: [
          { weight: "2", variantId: stickers.variantId, discount: { type: "fixed_amount", amount: "1.50" }, headline: "Stick it" },
          { weight: "x", variantId: "gid://shopify/ProductVariant/404", discount: { type: "percentage", percent: "150" }, headline: "" },
        ],
      },
      products,
      "USD",
    );
    expect(draft?.challengers[0]).toEqual({
      weight: 2,
      offer: { ...bumpFunnel().bump!, product: stickers, discount: { type: "fixed_amount", amount: 150 }, copy: { ...bumpFunnel().bump!.copy, title: "Stick it" } },
    });
    expect(errors).toEqual({
      "challengers.1.variantId": expect.stringContaining("not available") as string,
      "challengers.1.discount": expect.stringContaining("percentage") as string,
    });
    const refused = experimentFromDraft(bumpFunnel(), draft!, "e");
    expect(refused.ok ? null : refused.errors["challengers.1.weight"]).toMatch(/whole weight/);
  });
});
