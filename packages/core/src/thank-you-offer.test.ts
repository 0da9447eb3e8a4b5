import { describe, expect, it } from "vitest";
import { funnel, postPurchase, product } from "./test-fixtures";
import {
  parseThankYouAcceptAnswer,
  parseThankYouOfferAnswer,
  parseThankYouRequest,
  thankYouAcceptRefusal,
  thankYouCheckoutUrl,
  thankYouOfferPayload,
  thankYouStep,
} from "./thank-you-offer";

const coaching = postPurchase(product("Coaching call", 19_700, { variantId: 501 }), { discount: { type: "percentage", percent: 20 } });
const qaPass = postPurchase(product("Group Q&A pass", 4700, { variantId: 502 }));
const sequence = funnel(product("Course", 9700), { postPurchase: { upsell: coaching, downsell: qaPass, followUp: null } }).postPurchase;
const state = (s: Partial<{ signed: boolean; accepted: boolean; declined: boolean }>) => ({ signed: false, accepted: false, declined: false, ...s });

describe("thankYouStep", () => {
  it("offers the upsell to an order that had no post-purchase page", () => {
    expect(thankYouStep(sequence, {})).toBe("upsell");
  });
  it("offers the downsell once the upsell was declined", () => {
    expect(thankYouStep(sequence, { upsell: state({ declined: true }) })).toBe("downsell");
    expect(thankYouStep(sequence, { upsell: state({ declined: true }), downsell: state({ declined: true }) })).toBe("downsell");
  });
  it("offers nothing when a post-purchase offer was signed or accepted", () => {
    expect(thankYouStep(sequence, { upsell: state({ signed: true }) })).toBeNull();
    expect(thankYouStep(sequence, { upsell: state({ declined: true }), downsell: state({ signed: true, accepted: true }) })).toBeNull();
    expect(thankYouAcceptRefusal({ upsell: state({ signed: true }) })?.code).toBe("post_purchase_taken");
    expect(thankYouAcceptRefusal({ upsell: state({ declined: true }) })).toBeNull();
  });
  it("offers nothing without an upsell", () => {
    expect(thankYouStep({ upsell: null, downsell: qaPass, followUp: null }, {})).toBeNull();
  });
});

describe("the thank-you contract", () => {
  it("takes exactly an order id and names the order", () => {
    expect(parseThankYouRequest({ orderId: "gid://shopify/OrderIdentity/123" })).toEqual({ ok: true, value: { orderId: "gid://shopify/Order/123" } });
    expect(parseThankYouRequest({ orderId: "gid://shopify/Order/9" }).ok).toBe(true);
    expect(parseThankYouRequest({ orderId: "123" }).ok).toBe(false);
    expect(parseThankYouRequest({ orderId: "gid://shopify/OrderIdentity/1", discount: 100 })).toEqual({ ok: false, reason: "unexpected discount" });
    expect(parseThankYouRequest([]).ok).toBe(false);
  });

  it("round-trips the offer with its offer price and strikethrough", () => {
    const received = parseThankYouOfferAnswer(JSON.parse(JSON.stringify({ offer: thankYouOfferPayload("upsell", coaching) })));
    expect(received).toMatchObject({ step: "upsell", productTitle: "Coaching call", quantity: 1 });
    expect(received?.regularPrice).toEqual({ amount: 19_700, currency: "USD" });
    expect(received?.offerPrice).toEqual({ amount: 15_760, currency: "USD" });
    expect(parseThankYouOfferAnswer({ offer: null })).toBeNull();
    expect(parseThankYouOfferAnswer({ offer: { ...thankYouOfferPayload("upsell", coaching), step: "followUp" } })).toBeNull();
  });

  it("builds a cart permalink with the code, and only such a link is opened", () => {
    const url = thankYouCheckoutUrl("course-shop.myshopify.com", coaching, "UPSTACK-AB12");
    expect(url).toBe("https://course-shop.myshopify.com/cart/501:1?discount=UPSTACK-AB12");
    expect(parseThankYouAcceptAnswer({ checkoutUrl: url })).toBe(url);
    expect(thankYouCheckoutUrl("course-shop.myshopify.com", qaPass, null)).toBe("https://course-shop.myshopify.com/cart/502:1");
    expect(parseThankYouAcceptAnswer({ checkoutUrl: "javascript:alert(1)" })).toBeNull();
    expect(parseThankYouAcceptAnswer({ checkoutUrl: "https://evil.example/login" })).toBeNull();
  });
});
