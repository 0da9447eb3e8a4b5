import { describe, expect, it } from "vitest";
import { type StoreFacts, appEmbedEnabled, funnelReach, setupGuide } from "./setup-guide";

const facts = (overrides: Partial<StoreFacts> = {}): StoreFacts => ({
  shop: "course-shop.myshopify.com",
  apiKey: "api-key-1",
  plan: { shopifyPlus: false, developmentStore: false, name: "Basic" },
  cartEmbedEnabled: false,
  checkoutBumpSeen: false,
  postPurchaseSeen: false,
  thankYouSeen: false,
  ...overrides,
});
const byName = (f: StoreFacts) => Object.fromEntries(setupGuide(f).map((s) => [s.surface, s]));

describe("setupGuide", () => {
  it("tells a store not on Plus that checkout's bump is closed and the cart bump is left to switch on, with a deep link", () => {
    const guide = byName(facts());
    expect(guide.checkoutBump!.state).toBe("unavailable");
    expect(guide.checkoutBump!.reason).toMatch(/only on Shopify Plus/);
    expect(guide.cartBump!.state).toBe("todo");
    expect(guide.cartBump!.steps[0]!.url).toBe(
      "https://course-shop.myshopify.com/admin/themes/current/editor?context=apps&template=cart&activateAppId=api-key-1/cart-bump-embed",
    );
    expect(guide.postPurchase!.state).toBe("todo");
    expect(guide.thankYou!.state).toBe("todo");
  });

  it("opens checkout to Plus and development stores, and marks what buyers have been seen using as ready", () => {
    const plus = byName(facts({ plan: { shopifyPlus: true, developmentStore: false, name: "Shopify Plus" }, cartEmbedEnabled: true, checkoutBumpSeen: true, postPurchaseSeen: true }));
    expect(plus.checkoutBump!.state).toBe("ready");
    expect(plus.cartBump!.state).toBe("ready");
    expect(plus.postPurchase!.state).toBe("ready");
    expect(byName(facts({ plan: { shopifyPlus: false, developmentStore: true, name: "Development" } })).checkoutBump!.state).toBe("todo");
  });

  it("says what it does not know yet, and closes the thank-you page on Starter", () => {
    const unknown = byName(facts({ plan: null, cartEmbedEnabled: null }));
    expect(unknown.checkoutBump!.state).toBe("unknown");
    expect(unknown.cartBump!.state).toBe("unknown");
    expect(byName(facts({ plan: { shopifyPlus: false, developmentStore: false, name: "Starter" } })).thankYou!.state).toBe("unavailable");
  });
});

describe("funnelReach", () => {
  it("says why a funnel cannot show anything", () => {
    const guide = setupGuide(facts());
    const reach = funnelReach({ status: "active", hasBump: true, hasUpsell: true }, guide);
    expect(reach.canShow).toBe(false);
    expect(reach.reasons.join(" ")).toMatch(/cart bump/);
    expect(reach.reasons.join(" ")).toMatch(/post-purchase page/);
    expect(funnelReach({ status: "draft", hasBump: true, hasUpsell: false }, setupGuide(facts({ cartEmbedEnabled: true }))).reasons).toContain("The funnel is not active.");
  });

  it("is satisfied by one live surface for what the funnel offers", () => {
    const guide = setupGuide(facts({ cartEmbedEnabled: true }));
    expect(funnelReach({ status: "active", hasBump: true, hasUpsell: false }, guide)).toEqual({ canShow: true, reasons: [] });
    expect(funnelReach({ status: "active", hasBump: false, hasUpsell: true }, guide).canShow).toBe(false);
  });
});

describe("appEmbedEnabled", () => {
  const settings = (blocks: Record<string, unknown>) =>
    `/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n${JSON.stringify({ current: { blocks }, presets: {} })}`;
  it("finds the embed turned on in the live theme's settings, past Shopify's leading comment", () => {
    expect(appEmbedEnabled(settings({ "1": { type: "shopify://apps/upstack/blocks/cart-bump-embed/0b1c-uuid", disabled: false } }), "upstack", "cart-bump-embed")).toBe(true);
    expect(appEmbedEnabled(settings({ "1": { type: "shopify://apps/upstack/blocks/cart-bump-embed/0b1c-uuid" } }), "upstack", "cart-bump-embed")).toBe(true);
  });
  it("is off when disabled, absent, another app's, or unreadable", () => {
    expect(appEmbedEnabled(settings({ "1": { type: "shopify://apps/upstack/blocks/cart-bump-embed/x", disabled: true } }), "upstack", "cart-bump-embed")).toBe(false);
    expect(appEmbedEnabled(settings({ "1": { type: "shopify://apps/rival/blocks/cart-bump-embed/x" } }), "upstack", "cart-bump-embed")).toBe(false);
    expect(appEmbedEnabled(settings({}), "upstack", "cart-bump-embed")).toBe(false);
    expect(appEmbedEnabled("{oops", "upstack", "cart-bump-embed")).toBe(false);
  });
});
