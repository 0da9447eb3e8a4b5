import { describe, expect, it } from "vitest";
import type { PostPurchaseSequence, Purchase } from "./funnel";
import { money } from "./money";
import {
  type PostPurchaseStepStates,
  decidePostPurchase,
  sequenceSteps,
  soldOutOffers,
  signRefusal,
  stepStatesContradiction,
} from "./post-purchase-decision";
import { nextPostPurchaseStep, postPurchaseSequenceOf } from "./post-purchase-sequence";
import { bump, funnel, postPurchase, product } from "./test-fixtures";

const course = product("Course", 9700);
const other = product("Other course", 4900);
const coaching = postPurchase(product("Coaching", 19_700), { premium: true });
const qa = postPurchase(product("Q&A pass", 4700));
const templates = postPurchase(product("Templates", 1900));
const full: PostPurchaseSequence = { upsell: coaching, downsell: qa, followUp: templates };

const purchaseOf = (...products: (typeof course)[]): Purchase => ({
  lines: products.map((p) => ({ productId: p.productId, variantId: p.variantId, quantity: 1 })),
  subtotal: money(products.reduce((sum, p) => sum + p.price.amount, 0), "USD"),
});

describe("decidePostPurchase", () => {
  it("picks the matching funnel with an upsell and returns its sequence", () => {
    const chosen = funnel(course, { id: "course", postPurchase: full });
    const decision = decidePostPurchase([funnel(other, { id: "other", postPurchase: full }), chosen], purchaseOf(course), "USD");
    expect(decision?.funnel.id).toBe("course");
    expect(decision?.sequence).toEqual(full);
  });

  it("skips a higher-priority funnel that has no upsell (a bump-only funnel)", () => {
    const bumpOnly = funnel(course, { id: "bump-only", priority: 10, bump: bump(templates.product) });
    const withUpsell = funnel(course, { id: "upsell", postPurchase: full });
    expect(decidePostPurchase([bumpOnly, withUpsell], purchaseOf(course), "USD")?.funnel.id).toBe("upsell");
  });

  it("offers nothing when no funnel matches, or the match is not active", () => {
    expect(decidePostPurchase([funnel(other, { postPurchase: full })], purchaseOf(course), "USD")).toBeNull();
    expect(decidePostPurchase([funnel(course, { status: "paused", postPurchase: full })], purchaseOf(course), "USD")).toBeNull();
  });

  it("offers nothing rather than a price in another currency than the buyer paid in", () => {
    expect(decidePostPurchase([funnel(course, { postPurchase: full })], purchaseOf(course), "EUR")).toBeNull();
  });

  it("drops a step that cannot be priced, and everything without its upsell", () => {
    const broken = postPurchase(product("Broken", 1000), { quantity: 0 });
    expect(decidePostPurchase([funnel(course, { postPurchase: { ...full, downsell: broken } })], purchaseOf(course), "USD")?.sequence)
      .toEqual({ ...full, downsell: null });
    expect(decidePostPurchase([funnel(course, { postPurchase: { ...full, upsell: broken } })], purchaseOf(course), "USD")).toBeNull();
  });

  it("drops a sold-out step; a sold-out upsell means no page at all", () => {
    const courseFunnel = [funnel(course, { postPurchase: full })];
    expect(decidePostPurchase(courseFunnel, purchaseOf(course), "USD", new Set([qa.product.variantId]))?.sequence).toEqual({
      ...full,
      downsell: null,
    });
    expect(decidePostPurchase(courseFunnel, purchaseOf(course), "USD", new Set([templates.product.variantId]))?.sequence).toEqual({
      ...full,
      followUp: null,
    });
    expect(decidePostPurchase(courseFunnel, purchaseOf(course), "USD", new Set([coaching.product.variantId]))).toBeNull();
    // Another shop's or another product's sold-out variant changes nothing.
    expect(decidePostPurchase(courseFunnel, purchaseOf(course), "USD", new Set([other.variantId]))?.sequence).toEqual(full);
  });

  it("matches a collection-triggered funnel through the shop's resolved collections", () => {
    const skincare = "gid://shopify/Collection/412345678901";
    const byCollection = funnel(null, {
      id: "skincare",
      trigger: { match: { type: "collections", collections: [{ collectionId: skincare, title: "Skincare" }] }, minSubtotal: null, maxSubtotal: null },
      postPurchase: full,
    });
    const collections = new Map([[skincare, [course.productId]]]);
    expect(decidePostPurchase([byCollection], purchaseOf(course), "USD", new Set(), collections)).toEqual({ funnel: byCollection, sequence: full });
    // A product outside the collection, or no resolution at all: no offer.
    expect(decidePostPurchase([byCollection], purchaseOf(other), "USD", new Set(), collections)).toBeNull();
    expect(decidePostPurchase([byCollection], purchaseOf(course), "USD")).toBeNull();
  });

  it("never offers a step for free: a free downsell is left out, a free upsell means no page at all", () => {
    // Prices as snapshotted at the last publish; the fixed amount is now the whole price.
    const freeQa = postPurchase(product("Q&A pass", 500), { discount: { type: "fixed_amount", amount: 500 } });
    const freeCoaching = postPurchase(product("Coaching", 19_700), { discount: { type: "percentage", percent: 100 } });
    const giftTemplates = postPurchase(product("Templates", 0));
    const decide = (sequence: PostPurchaseSequence) => decidePostPurchase([funnel(course, { postPurchase: sequence })], purchaseOf(course), "USD");
    expect(decide({ ...full, downsell: freeQa })?.sequence).toEqual({ ...full, downsell: null });
    expect(decide({ ...full, followUp: giftTemplates })?.sequence).toEqual({ ...full, followUp: null });
    expect(decide({ ...full, upsell: freeCoaching })).toBeNull();
    // One cent left to pay is an offer.
    const almost = postPurchase(product("Q&A pass", 501), { discount: { type: "fixed_amount", amount: 500 } });
    expect(decide({ ...full, downsell: almost })?.sequence).toEqual({ ...full, downsell: almost });
  });

  it("names the sold-out offers of a funnel, the bump first, then the page order, for the merchant", () => {
    const stack = funnel(course, { bump: bump(other), postPurchase: full });
    expect(soldOutOffers(stack, new Set())).toEqual([]);
    expect(soldOutOffers(stack, new Set([templates.product.variantId, coaching.product.variantId, other.variantId]))).toEqual([
      { offer: "bump", title: "Other course" },
      { offer: "upsell", title: "Coaching" },
      { offer: "followUp", title: "Templates" },
    ]);
  });

  it("keeps an offer of a product already in the purchase ('more of the same' is a pattern the advisor accepts)", () => {
    const again = postPurchase(course, { discount: { type: "percentage", percent: 30 } });
    expect(decidePostPurchase([funnel(course, { postPurchase: { upsell: again, downsell: null, followUp: null } })], purchaseOf(course), "USD"))
      .not.toBeNull();
  });

  it("lists present steps in page order", () => {
    expect(sequenceSteps({ upsell: coaching, downsell: null, followUp: templates }).map(([step]) => step)).toEqual(["upsell", "followUp"]);
  });
});

const signed = { signed: true, accepted: false, declined: false };
const accepted = { signed: true, accepted: true, declined: false };
const declined = { signed: false, accepted: false, declined: true };

describe("signRefusal", () => {
  const refusal = (step: "upsell" | "downsell" | "followUp", states: PostPurchaseStepStates, sequence = full) =>
    signRefusal(sequence, step, states)?.code ?? null;

  it("lets the buyer walk every path of the sequence", () => {
    expect(refusal("upsell", {})).toBeNull();
    expect(refusal("followUp", { upsell: accepted })).toBeNull();
    expect(refusal("downsell", { upsell: declined })).toBeNull();
  });

  it("counts a signed step as a yes (Shopify, not us, knows if it was applied) and tolerates a lost decline", () => {
    expect(refusal("followUp", { upsell: signed })).toBeNull();
    expect(refusal("downsell", {})).toBeNull();
  });

  it("lets a signed step be signed again until its accept is reported", () => {
    expect(refusal("upsell", { upsell: signed })).toBeNull();
  });

  it("refuses a replay after the accept, a declined step, and a step not offered", () => {
    expect(refusal("upsell", { upsell: accepted })).toBe("already_accepted");
    expect(refusal("upsell", { upsell: declined })).toBe("declined");
    expect(refusal("followUp", { upsell: accepted }, { ...full, followUp: null })).toBe("not_offered");
    expect(refusal("downsell", {}, { upsell: null, downsell: qa, followUp: null })).toBe("not_offered");
  });

  it("refuses steps off the path: a downsell after a yes to the upsell, a follow-up without a yes, an upsell after the downsell", () => {
    expect(refusal("downsell", { upsell: accepted })).toBe("not_reachable");
    expect(refusal("downsell", { upsell: signed })).toBe("not_reachable");
    expect(refusal("followUp", {})).toBe("not_reachable");
    expect(refusal("followUp", { upsell: declined, downsell: declined })).toBe("not_reachable");
    expect(refusal("upsell", { downsell: signed })).toBe("not_reachable");
  });

  it("never signs a third offer: no follow-up after the downsell, whatever its answer", () => {
    expect(refusal("followUp", { upsell: declined, downsell: accepted })).toBe("not_reachable");
    expect(refusal("followUp", { upsell: declined, downsell: signed })).toBe("not_reachable");
    expect(refusal("followUp", { downsell: accepted })).toBe("not_reachable");
    expect(stepStatesContradiction({ upsell: accepted, followUp: accepted })).toBeNull();
    expect(stepStatesContradiction({ upsell: declined, downsell: accepted, followUp: accepted })).not.toBeNull();
  });
});

describe("postPurchaseSequenceOf", () => {
  it("turns the offers a page received into steps nextPostPurchaseStep walks", () => {
    const steps = postPurchaseSequenceOf([{ id: "upsell" as const }, { id: "followUp" as const }]);
    expect(steps).toEqual({ upsell: { id: "upsell" }, downsell: null, followUp: { id: "followUp" } });
    expect(nextPostPurchaseStep(steps, [])).toBe("upsell");
    expect(nextPostPurchaseStep(steps, ["accepted"])).toBe("followUp");
    expect(nextPostPurchaseStep(steps, ["declined"])).toBeNull();
    expect(nextPostPurchaseStep(steps, ["accepted", "accepted"])).toBeNull();
  });
});
