import { describe, expect, it } from "vitest";
import type { PostPurchaseSequence } from "./funnel";
import { MAX_POST_PURCHASE_OFFERS, type PostPurchaseAnswer, nextPostPurchaseStep, postPurchaseOfferCount } from "./post-purchase-sequence";
import { postPurchase, product } from "./test-fixtures";

const upsell = postPurchase(product("Coaching add-on", 19_700), { premium: true });
const downsell = postPurchase(product("Group Q&A pass", 4700));
const followUp = postPurchase(product("Templates pack", 1900));
const full: PostPurchaseSequence = { upsell, downsell, followUp };

const next = (sequence: PostPurchaseSequence, ...answers: PostPurchaseAnswer[]) => nextPostPurchaseStep(sequence, answers);

describe("nextPostPurchaseStep", () => {
  it("starts with the upsell", () => {
    expect(next(full)).toBe("upsell");
  });

  it("shows nothing without an upsell, even with a downsell or follow-up", () => {
    expect(next({ upsell: null, downsell, followUp })).toBeNull();
    expect(next({ upsell: null, downsell, followUp }, "declined")).toBeNull();
  });

  it("shows the downsell only after the upsell is declined", () => {
    expect(next(full, "declined")).toBe("downsell");
    expect(next({ upsell, downsell: null, followUp }, "declined")).toBeNull();
  });

  it("shows the follow-up only after the upsell is accepted, never after the downsell", () => {
    expect(next(full, "accepted")).toBe("followUp");
    expect(next(full, "declined", "accepted")).toBeNull();
    expect(next({ upsell, downsell, followUp: null }, "accepted")).toBeNull();
  });

  it("ends after the second offer, whatever the answers", () => {
    expect(next(full, "accepted", "accepted")).toBeNull();
    expect(next(full, "accepted", "declined")).toBeNull();
    expect(next(full, "declined", "accepted")).toBeNull();
    expect(next(full, "declined", "declined")).toBeNull();
  });

  it("never shows a buyer more than two offers nor the same step twice, for any answers", () => {
    const answers: PostPurchaseAnswer[] = ["accepted", "declined"];
    const sequences: PostPurchaseAnswer[][] = [[]];
    for (let length = 1; length <= 5; length++) {
      for (const prefix of sequences.filter((s) => s.length === length - 1)) {
        for (const answer of answers) sequences.push([...prefix, answer]);
      }
    }
    for (const sequence of sequences) {
      const shown = [];
      for (let i = 0; i <= sequence.length; i++) {
        const step = nextPostPurchaseStep(full, sequence.slice(0, i));
        if (step === null) break;
        shown.push(step);
      }
      expect(shown.length).toBeLessThanOrEqual(MAX_POST_PURCHASE_OFFERS);
      expect(MAX_POST_PURCHASE_OFFERS).toBe(2);
      expect(new Set(shown).size).toBe(shown.length);
    }
  });
});

describe("postPurchaseOfferCount", () => {
  it("counts the configured offers", () => {
    expect(postPurchaseOfferCount({ upsell: null, downsell: null, followUp: null })).toBe(0);
    expect(postPurchaseOfferCount({ upsell, downsell: null, followUp: null })).toBe(1);
    expect(postPurchaseOfferCount(full)).toBe(3);
  });

  it("counts an offer under a key the type does not know", () => {
    const extra = { ...full, secondFollowUp: followUp } as PostPurchaseSequence;
    expect(postPurchaseOfferCount(extra)).toBe(4);
  });
});
