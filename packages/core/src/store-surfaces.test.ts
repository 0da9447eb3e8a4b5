import { describe, expect, it } from "vitest";
import { canUseCheckoutBump } from "./store-surfaces";

describe("canUseCheckoutBump", () => {
  it("is open on Shopify Plus and in development stores only", () => {
    expect(canUseCheckoutBump({ shopifyPlus: true, partnerDevelopment: false })).toBe(true);
    expect(canUseCheckoutBump({ shopifyPlus: false, partnerDevelopment: true })).toBe(true);
    expect(canUseCheckoutBump({ shopifyPlus: false, partnerDevelopment: false })).toBe(false);
  });
});
