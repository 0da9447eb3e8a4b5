// @vitest-environment happy-dom
/**
 * The thank-you card against the tester's typed `shopify` mock, with the app
 * server stubbed at `fetch`.
 */
import type { Api } from "@shopify/ui-extensions/purchase.thank-you.block.render";
import { getExtension } from "@shopify/ui-extensions-tester";
import { THANK_YOU_PATHS, thankYouOfferPayload } from "@upstack/core";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { postPurchase, product } from "../../../packages/core/src/test-fixtures";
import { formatCurrencyEnUs, liveSignal, metafieldEntry, translateWith } from "../../checkout-bump/src/test-support";
import en from "../locales/en.default.json";
import mountBlock from "./ThankYouBlock";

const extension = getExtension("purchase.thank-you.block.render");
const ORIGIN = "https://upstack.example";
const ORDER = "gid://shopify/OrderIdentity/5001";
const CHECKOUT_URL = "https://shop.myshopify.com/cart/44400000000002:1?discount=UPSTACK-ABCDEFGHJKLM";

const coaching = postPurchase(product("Coaching call", 19_700, { variantId: 44_400_000_000_002 }), {
  discount: { type: "percentage", percent: 20 },
});

type ServerAnswers = { offer?: unknown; accept?: unknown; acceptStatus?: number };

function setUpPage(options: { answers?: ServerAnswers; config?: unknown } = {}) {
  const shopify = extension.shopify;
  const config = options.config === undefined ? { v: 1, funnels: [], eventsUrl: `${ORIGIN}/api/checkout/events` } : options.config;
  shopify.appMetafields = liveSignal(config === null ? [] : [metafieldEntry(config)]);
  shopify.orderConfirmation = liveSignal({ order: { id: ORDER }, number: "XPAV284CT", isFirstOrder: true });
  shopify.sessionToken = { get: async () => "session-token" } as Api["sessionToken"];
  shopify.i18n.translate = translateWith(en) as Api["i18n"]["translate"];
  shopify.i18n.formatCurrency = formatCurrencyEnUs;
  const answers = { offer: { offer: thankYouOfferPayload("upsell", coaching) }, accept: { checkoutUrl: CHECKOUT_URL }, ...options.answers };
  const fetch = vi.fn<typeof globalThis.fetch>(async (url) => {
    const path = new URL(String(url)).pathname;
    if (path === THANK_YOU_PATHS.offer) return Response.json(answers.offer);
    if (path === THANK_YOU_PATHS.impression) return Response.json({ recorded: true }, { status: 202 });
    if (path === THANK_YOU_PATHS.accept) return Response.json(answers.accept, { status: answers.acceptStatus ?? 200 });
    return new Response(null, { status: 404 });
  });
  extension.fetch = fetch;
  return { fetch };
}

const text = () => document.body.textContent ?? "";
const button = () => {
  const element = document.body.querySelector("s-button");
  if (!element) throw new Error("no button");
  return element;
};
const paths = (fetch: ReturnType<typeof setUpPage>["fetch"]) => fetch.mock.calls.map(([url]) => new URL(String(url)).pathname);

beforeEach(() => extension.setUp());
afterEach(() => {
  render(null, document.body);
  extension.tearDown();
});

describe("the thank-you offer card", () => {
  it("shows the order's offer with its offer price, the regular price struck through, and says it is a separate checkout", async () => {
    const { fetch } = setUpPage();
    mountBlock();
    await vi.waitFor(() => expect(text()).toContain("Coaching call"));
    expect(text()).toContain("Offer price: $157.60");
    expect(document.body.querySelector('s-text[type="redundant"]')?.textContent).toBe("$197.00");
    expect(text()).toContain("you'll pay for it in a new checkout");
    expect(button().textContent).toBe("Get this offer");
    // Never the merchant's one-click wording: nothing is added to the order just placed.
    expect(text()).not.toContain("Add to my order");
    expect(text()).not.toMatch(/one click/i);
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toBe(`${ORIGIN}${THANK_YOU_PATHS.offer}`);
    expect(init?.headers).toMatchObject({ Authorization: "Bearer session-token" });
    expect(JSON.parse(String(init?.body))).toEqual({ orderId: ORDER });
    await vi.waitFor(() => expect(paths(fetch)).toContain(THANK_YOU_PATHS.impression));
  });

  it("accepting prepares the offer, then offers the link to the new checkout", async () => {
    const { fetch } = setUpPage();
    mountBlock();
    await vi.waitFor(() => expect(text()).toContain("Coaching call"));
    button().dispatchEvent(new Event("click"));
    button().dispatchEvent(new Event("click")); // a double click asks once
    await vi.waitFor(() => expect(button().getAttribute("href")).toBe(CHECKOUT_URL));
    expect(button().textContent).toBe("Continue to checkout");
    expect(paths(fetch).filter((path) => path === THANK_YOU_PATHS.accept)).toHaveLength(1);
  });

  it("says so when the offer could not be prepared, and never links elsewhere", async () => {
    setUpPage({ answers: { accept: { checkoutUrl: "https://evil.example/phish" } } });
    mountBlock();
    await vi.waitFor(() => expect(text()).toContain("Coaching call"));
    button().dispatchEvent(new Event("click"));
    await vi.waitFor(() => expect(text()).toContain("The offer couldn't be prepared."));
    expect(document.body.querySelector("s-button[href]")).toBeNull();
  });

  it("renders nothing and sends no impression when the server has no offer or answers nonsense", async () => {
    for (const offer of [{ offer: null }, { offer: { step: "followUp" } }, "oops"]) {
      const { fetch } = setUpPage({ answers: { offer } });
      mountBlock();
      await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(document.body.innerHTML).toBe("");
      expect(paths(fetch)).not.toContain(THANK_YOU_PATHS.impression);
      render(null, document.body);
    }
  });

  it("asks nothing without the app's published address", async () => {
    const { fetch } = setUpPage({ config: null });
    mountBlock();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.body.innerHTML).toBe("");
    expect(fetch).not.toHaveBeenCalled();
  });
});
