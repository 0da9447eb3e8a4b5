import { describe, expect, it } from "vitest";
import { POST_PURCHASE_LABEL_PAIRS, POST_PURCHASE_LABELS, isPostPurchaseLabelPair, nearestLabelPair } from "./post-purchase-labels";

describe("post-purchase button pairs", () => {
  it("are a short fixed list with the playbook's “Add to my order” first", () => {
    expect(POST_PURCHASE_LABEL_PAIRS[0]).toBe("add_to_my_order");
    expect(POST_PURCHASE_LABELS.add_to_my_order).toEqual({ accept: "Add to my order", decline: "No thanks" });
    expect(isPostPurchaseLabelPair("yes_add_it")).toBe(true);
    expect(isPostPurchaseLabelPair("Buy now")).toBe(false);
  });

  it("map free-text labels of old funnels to the nearest pair", () => {
    expect(nearestLabelPair("Add to my order")).toBe("add_to_my_order");
    expect(nearestLabelPair("add to MY order!")).toBe("add_to_my_order");
    expect(nearestLabelPair("Yes, add it")).toBe("yes_add_it");
    expect(nearestLabelPair("Yes please")).toBe("yes_add_it");
    expect(nearestLabelPair("Accept this offer")).toBe("accept_offer");
    expect(nearestLabelPair("Buy now")).toBe("add_to_my_order");
    expect(nearestLabelPair("")).toBe("add_to_my_order");
  });
});
