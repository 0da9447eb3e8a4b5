// @vitest-environment happy-dom
/**
 * The card against the tester's typed `shopify` mock, with live signals for
 * what the host changes under the card (lines, cost, instructions).
 *
 * The targets are imported here and called like the host calls them
 * (extension.render() would import the .tsx module natively from
 * node_modules, outside Vite; see the README of this extension).
 */
import type { Api } from "@shopify/ui-extensions/purchase.checkout.block.render";
import type { CartInstructions, CartLine, CartLineChange } from "@shopify/ui-extensions/checkout";
import { getExtension } from "@shopify/ui-extensions-tester";
import { createResult } from "@shopify/ui-extensions-tester/checkout";
import {
  BUMP_OFFER_ATTRIBUTE,
  type CheckoutConfig,
  buildCheckoutConfig,
  experimentArm,
  experimentFromDraft,
  money,
} from "@upstack/core";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import mountActions from "./ActionsBump";
import mountBlock from "./BlockBump";
import {
  EVENTS_URL,
  bumpFunnel,
  cartLine,
  course,
  formatCurrencyEnUs,
  liveSignal,
  metafieldEntry,
  mug,
  product,
  publish,
  translateWith,
  workbook,
} from "./test-support";

const extension = getExtension("purchase.checkout.block.render");

const defaultInstructions: CartInstructions = {
  attributes: { canUpdateAttributes: true },
  delivery: { canSelectCustomAddress: true },
  discounts: { canUpdateDiscountCodes: true },
  lines: { canAddCartLine: true, canRemoveCartLine: true, canUpdateCartLine: true },
  metafields: { canSetCartMetafields: true, canDeleteCartMetafield: true },
  notes: { canUpdateNote: true },
};

type Setup = {
  config?: CheckoutConfig | string | null;
  lines?: CartLine[];
  currency?: string;
  lines_?: Partial<CartInstructions["lines"]>;
};

/** Points the mock checkout at a cart and a published config; returns handles to change them later. */
const CHECKOUT_TOKEN = "ck-test-checkout";

function setUpCheckout({ config = publish([bumpFunnel(course, workbook)]), lines = [cartLine(course)], currency = "USD", lines_ = {} }: Setup = {}) {
  const shopify = extension.shopify;
  const cart = liveSignal(lines);
  const subtotalOf = (all: CartLine[]) => ({
    amount: all.reduce((total, line) => total + line.cost.totalAmount.amount, 0),
    currencyCode: currency as "USD",
  });
  const subtotal = liveSignal(subtotalOf(lines));
  const instructions = liveSignal({ ...defaultInstructions, lines: { ...defaultInstructions.lines, ...lines_ } });
  shopify.appMetafields = liveSignal(config === null ? [] : [metafieldEntry(config)]);
  shopify.lines = cart;
  shopify.cost.subtotalAmount = subtotal;
  shopify.localization.currency = liveSignal({ isoCode: currency as "USD" });
  shopify.checkoutToken = liveSignal(CHECKOUT_TOKEN);
  shopify.instructions = instructions;
  shopify.i18n.translate = translateWith() as Api["i18n"]["translate"];
  shopify.i18n.formatCurrency = formatCurrencyEnUs;

  const setLines = (next: CartLine[]) => {
    cart.value = next;
    subtotal.value = subtotalOf(next);
  };
  // The host: applies the change to the cart, then resolves (docs: lines update before the promise resolves).
  const apply = vi.fn<Api["applyCartLinesChange"]>(async (change: CartLineChange) => {
    if (change.type === "addCartLine") {
      const added = [workbook, mug, course].find((p) => p.variantId === change.merchandiseId);
      if (!added) return createResult("applyCartLinesChange", { type: "error", message: "Unknown variant" });
      const line = cartLine(added, { quantity: change.quantity });
      setLines([...cart.value, { ...line, attributes: change.attributes ?? [] }]);
    } else if (change.type === "removeCartLine") {
      if (!cart.value.some((line) => line.id === change.id)) return createResult("applyCartLinesChange", { type: "error", message: "Gone" });
      setLines(cart.value.filter((line) => line.id !== change.id));
    }
    return createResult("applyCartLinesChange");
  });
  shopify.applyCartLinesChange = apply;
  const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 202 }));
  extension.fetch = fetch;
  return { cart, setLines, instructions, apply, fetch };
}

const card = () => document.body.querySelector("s-box");
const checkbox = () => {
  const element = document.body.querySelector("s-checkbox");
  if (!element) throw new Error("no checkbox");
  return element;
};
const tap = () => checkbox().dispatchEvent(new Event("change"));
const isTicked = () => checkbox().hasAttribute("checked");
const isDisabled = () => checkbox().hasAttribute("disabled");
const text = () => document.body.textContent ?? "";
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const eventsSent = (fetch: ReturnType<typeof setUpCheckout>["fetch"]) =>
  fetch.mock.calls.flatMap(([, init]) => (JSON.parse(String(init?.body)) as { events: { type: string }[] }).events);

beforeEach(() => extension.setUp());
afterEach(() => {
  render(null, document.body); // unmount our tree before the harness clears the DOM
  extension.tearDown();
  vi.useRealTimers();
});

describe("the bump card", () => {
  it("shows the offer for a matching cart: image, copy, offer price and the regular price struck through", () => {
    setUpCheckout();
    mountBlock();
    expect(card()).not.toBeNull();
    expect(document.body.querySelector("s-product-thumbnail")?.getAttribute("src")).toBe(workbook.imageUrl);
    // The item as the store names it comes first; the merchant's title is a line under it, not a replacement.
    const lines = [...document.body.querySelectorAll("s-text")].map((element) => element.textContent);
    expect(lines.indexOf("Workbook + templates")).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf("Workbook + templates")).toBeLessThan(lines.indexOf("Add the workbook"));
    expect(text()).toContain("Every exercise of the course on paper.");
    expect(checkbox().getAttribute("label")).toBe("Yes, add the workbook");
    // 10% off $36.00, per unit, by core's offerPrice.
    expect(text()).toContain("Offer price: $32.40");
    expect(document.body.querySelector('s-text[type="redundant"]')?.textContent).toBe("$36.00");
    expect(text()).toContain("Regular price: $36.00");
    expect(isTicked()).toBe(false);
    expect(isDisabled()).toBe(false);
  });

  it("is the same card above the pay button (actions target)", async () => {
    setUpCheckout();
    mountActions();
    // It first looks whether a block shows the bump (placement.tsx).
    await vi.waitFor(() => expect(text()).toContain("Offer price: $32.40"));
  });

  it("shows no strikethrough when the offer takes nothing off, and the total for a quantity", () => {
    setUpCheckout({ config: publish([{ ...bumpFunnel(course, workbook, { type: "none" }), bump: { ...bumpFunnel(course, workbook).bump!, discount: { type: "none" }, quantity: 2 } }]) });
    mountBlock();
    expect(text()).toContain("Offer price: $72.00");
    expect(text()).toContain("2 items");
    expect(document.body.querySelector('s-text[type="redundant"]')).toBeNull();
  });

  it("hides for a cart without the trigger", () => {
    setUpCheckout({ lines: [cartLine(mug)] });
    mountBlock();
    expect(document.body.innerHTML).toBe("");
  });

  it("renders nothing for a missing, malformed or oversized config, and sends nothing", async () => {
    const valid = publish([bumpFunnel(course, workbook)]);
    for (const config of [null, "{oops", JSON.stringify({ ...valid, v: 2 }), JSON.stringify({ ...valid, pad: "x".repeat(130_000) })]) {
      const { fetch } = setUpCheckout({ config });
      mountBlock();
      expect(document.body.innerHTML).toBe("");
      render(null, document.body);
      await settle();
      expect(fetch).not.toHaveBeenCalled();
    }
  });

  it("renders nothing and sends no impression for a held-out checkout; shows again when the share is 0", async () => {
    const published = publish([bumpFunnel(course, workbook)]);
    const { fetch } = setUpCheckout({ config: { ...published, holdoutPercent: 100 } });
    mountBlock();
    expect(document.body.innerHTML).toBe("");
    await settle();
    expect(fetch).not.toHaveBeenCalled();
    render(null, document.body);
    setUpCheckout({ config: { ...published, holdoutPercent: 0 } });
    mountBlock();
    expect(card()).not.toBeNull();
  });

  it("renders nothing when the checkout is in another currency than the published prices", () => {
    setUpCheckout({ currency: "EUR", lines: [cartLine(course, { currency: "EUR", amount: 89 })] });
    mountBlock();
    expect(document.body.innerHTML).toBe("");
  });

  it("renders nothing when only the buyer's display currency differs", () => {
    const { cart } = setUpCheckout();
    extension.shopify.localization.currency = liveSignal({ isoCode: "CAD" as const });
    mountBlock();
    expect(cart.value).toHaveLength(1);
    expect(document.body.innerHTML).toBe("");
  });

  it("fails closed on unexpected host data without a console error", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    setUpCheckout({ lines: [{ ...cartLine(course), cost: { totalAmount: { amount: Number.NaN, currencyCode: "USD" } } }] });
    mountBlock();
    expect(document.body.innerHTML).toBe("");
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("ticking and unticking", () => {
  it("ticking adds the variant with the offer attribute, and the box follows the cart", async () => {
    const { apply, cart } = setUpCheckout();
    mountBlock();
    tap();
    await vi.waitFor(() => expect(apply).toHaveBeenCalledTimes(1));
    expect(apply).toHaveBeenCalledWith({
      type: "addCartLine",
      merchandiseId: workbook.variantId,
      quantity: 1,
      attributes: [{ key: BUMP_OFFER_ATTRIBUTE, value: "clx1course" }],
    });
    await vi.waitFor(() => expect(isDisabled()).toBe(false));
    expect(cart.value.map((line) => line.merchandise.id)).toEqual([course.variantId, workbook.variantId]);
    expect(isTicked()).toBe(true);
    // Still offered (and priced) while in the cart: the bump never qualifies itself.
    expect(text()).toContain("Offer price: $32.40");
  });

  it("unticking removes every line of the bump variant, re-reading the cart between removals", async () => {
    const first = cartLine(workbook, { offerOf: "clx1course" });
    const second = cartLine(workbook);
    const { apply, cart } = setUpCheckout({ lines: [cartLine(course), first, second] });
    mountBlock();
    expect(isTicked()).toBe(true);
    tap();
    await vi.waitFor(() => expect(apply).toHaveBeenCalledTimes(2));
    expect(apply).toHaveBeenNthCalledWith(1, { type: "removeCartLine", id: first.id, quantity: 1 });
    expect(apply).toHaveBeenNthCalledWith(2, { type: "removeCartLine", id: second.id, quantity: 1 });
    await vi.waitFor(() => expect(isTicked()).toBe(false));
    expect(cart.value.map((line) => line.merchandise.id)).toEqual([course.variantId]);
  });

  it("unticks when the bump line is removed elsewhere in the checkout", async () => {
    const { setLines } = setUpCheckout({ lines: [cartLine(course), cartLine(workbook, { offerOf: "clx1course" })] });
    mountBlock();
    expect(isTicked()).toBe(true);
    setLines([cartLine(course)]);
    await vi.waitFor(() => expect(isTicked()).toBe(false));
  });

  it("removes the bump line when the core product leaves the cart (the Function stops discounting it)", async () => {
    const bumpLine = cartLine(workbook, { offerOf: "clx1course", amount: 32.4 });
    const { apply, setLines, cart } = setUpCheckout({ lines: [cartLine(course), bumpLine] });
    mountBlock();
    setLines([bumpLine]);
    await vi.waitFor(() => expect(apply).toHaveBeenCalledWith({ type: "removeCartLine", id: bumpLine.id, quantity: 1 }));
    expect(cart.value).toEqual([]);
    // The buyer is told in one short line why an item left their cart.
    await vi.waitFor(() =>
      expect(document.body.querySelector('s-banner[tone="info"]')?.textContent).toBe(
        "This add-on was removed because the item it goes with is no longer in your cart.",
      ),
    );
    expect(card()).toBeNull();
  });

  it("never removes a line of the bump product that the buyer added without the offer", async () => {
    const own = cartLine(workbook);
    const { apply } = setUpCheckout({ lines: [cartLine(mug), own] });
    mountBlock();
    await settle();
    await settle();
    expect(apply).not.toHaveBeenCalled();
  });

  it("a double tap adds one line: the box is disabled while the change is in flight", async () => {
    const { apply, cart, setLines } = setUpCheckout();
    let finish: () => void = () => {};
    apply.mockImplementationOnce(
      (change) =>
        new Promise((resolve) => {
          finish = () => {
            if (change.type === "addCartLine") setLines([...cart.value, cartLine(workbook, { offerOf: "clx1course" })]);
            resolve(createResult("applyCartLinesChange"));
          };
        }),
    );
    mountBlock();
    tap();
    tap();
    await vi.waitFor(() => expect(isDisabled()).toBe(true));
    expect(isTicked()).toBe(true); // shows what the buyer asked for while it is applied
    tap();
    finish();
    await vi.waitFor(() => expect(isDisabled()).toBe(false));
    expect(apply).toHaveBeenCalledTimes(1);
    expect(cart.value.filter((line) => line.merchandise.id === workbook.variantId)).toHaveLength(1);
    expect(isTicked()).toBe(true);
  });

  it("a failed change shows a short message and puts the box back, without blocking anything", async () => {
    const { apply } = setUpCheckout();
    apply.mockResolvedValueOnce(createResult("applyCartLinesChange", { type: "error", message: "Out of stock" }));
    mountBlock();
    tap();
    await vi.waitFor(() =>
      expect(document.body.querySelector('s-banner[tone="critical"]')?.textContent).toBe("Couldn't add this item. Please try again."),
    );
    expect(text()).not.toContain("Out of stock"); // the host's message is for developers
    expect(isTicked()).toBe(false);
    expect(isDisabled()).toBe(false);
    // A retry that works clears the message.
    tap();
    await vi.waitFor(() => expect(isTicked()).toBe(true));
    expect(text()).not.toContain("Couldn't add");
  });

  it("a change that throws is handled like a failed one", async () => {
    const { apply } = setUpCheckout({ lines: [cartLine(course), cartLine(workbook, { offerOf: "clx1course" })] });
    apply.mockRejectedValueOnce(new Error("host went away"));
    mountBlock();
    tap();
    await vi.waitFor(() => expect(text()).toContain("Couldn't remove this item. Please try again."));
    expect(isTicked()).toBe(true);
  });
});

describe("a bump under test", () => {
  it("shows this checkout its arm and adds that arm's variant with the arm in the offer attribute", async () => {
    const control = bumpFunnel(course, workbook);
    const started = experimentFromDraft(
      control,
      { slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: { ...control.bump!, product: mug, discount: { type: "percentage", percent: 20 } } }] },
      "exp_card",
    );
    if (!started.ok) throw new Error("refused");
    expect(experimentArm(started.experiment, CHECKOUT_TOKEN)).toBe("b"); // this id puts the test checkout in the challenger: the path that differs from a plain bump
    const { apply } = setUpCheckout({ config: publish([{ ...control, experiments: [started.experiment] }]) });
    mountBlock();
    expect(text()).toContain("Offer price: $12.00");
    tap();
    await vi.waitFor(() => expect(apply).toHaveBeenCalledTimes(1));
    expect(apply).toHaveBeenCalledWith({
      type: "addCartLine",
      merchandiseId: mug.variantId,
      quantity: 1,
      attributes: [{ key: BUMP_OFFER_ATTRIBUTE, value: "clx1course~b" }],
    });
  });
});

describe("when the cart cannot be changed (wallet sessions, locked checkouts)", () => {
  it("offers nothing when lines cannot be added", () => {
    setUpCheckout({ lines_: { canAddCartLine: false } });
    mountBlock();
    expect(document.body.innerHTML).toBe("");
  });

  it("keeps an already ticked bump visible, disabled, with a polite note", () => {
    const { apply } = setUpCheckout({
      lines: [cartLine(course), cartLine(workbook, { offerOf: "clx1course" })],
      lines_: { canAddCartLine: false, canRemoveCartLine: false },
    });
    mountBlock();
    expect(isTicked()).toBe(true);
    expect(isDisabled()).toBe(true);
    expect(text()).toContain("This offer can't be changed right now.");
    tap();
    expect(apply).not.toHaveBeenCalled();
  });

  it("says so politely if adding was locked between the last render and the tap", async () => {
    const { apply } = setUpCheckout();
    mountBlock();
    // A new value the card has not re-rendered for yet: the tap handler reads the instructions afresh.
    extension.shopify.instructions = liveSignal({ ...defaultInstructions, lines: { ...defaultInstructions.lines, canAddCartLine: false } });
    tap();
    await vi.waitFor(() => expect(text()).toContain("This offer can't be added right now."));
    expect(apply).not.toHaveBeenCalled();
  });

  it("follows the instructions live: a tap after adding was locked does not call the cart API", async () => {
    const { instructions, apply } = setUpCheckout();
    mountBlock();
    expect(card()).not.toBeNull();
    instructions.value = { ...defaultInstructions, lines: { ...defaultInstructions.lines, canAddCartLine: false } };
    await vi.waitFor(() => expect(document.body.innerHTML).toBe(""));
    expect(apply).not.toHaveBeenCalled();
  });
});

describe("analytics events", () => {
  it("sends one impression about 2 s after the card rendered, with the session token", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { fetch } = setUpCheckout();
    mountBlock();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(EVENTS_URL);
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer mock-session-token");
    expect(JSON.parse(String(init?.body))).toEqual({
      checkoutToken: CHECKOUT_TOKEN,
      events: [{ type: "impression", funnelId: "clx1course", variantId: workbook.variantId }],
    });
  });

  it("sends an accept at once, batched with the pending impression; a remove waits for the next batch", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { fetch } = setUpCheckout();
    mountBlock();
    await vi.advanceTimersByTimeAsync(100); // painted: the impression is queued
    tap();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(eventsSent(fetch).map((event) => event.type)).toEqual(["impression", "accept"]);
    tap();
    await vi.waitFor(() => expect(isTicked()).toBe(false));
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(eventsSent(fetch).map((event) => event.type)).toEqual(["impression", "accept", "remove"]);
  });

  it("one impression per funnel per checkout, even if the card mounts again (another step, the other target)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { fetch } = setUpCheckout();
    mountBlock();
    await vi.advanceTimersByTimeAsync(2_500);
    render(null, document.body);
    mountActions();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(eventsSent(fetch)).toHaveLength(1);
  });

  it("no impression while the card is pre-rendered off screen, and no events without an events URL", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { fetch } = setUpCheckout();
    extension.shopify.extension.rendered = liveSignal(false);
    mountBlock();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(fetch).not.toHaveBeenCalled();
    render(null, document.body);

    const withoutUrl = buildCheckoutConfig([bumpFunnel(course, workbook)], "USD");
    const second = setUpCheckout({ config: withoutUrl });
    mountBlock();
    tap();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(second.apply).toHaveBeenCalled();
    expect(second.fetch).not.toHaveBeenCalled();
  });

  it("a failing events endpoint changes nothing for the buyer", async () => {
    const { fetch, apply } = setUpCheckout();
    fetch.mockRejectedValue(new TypeError("Failed to fetch"));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    mountBlock();
    tap();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    await vi.waitFor(() => expect(isTicked()).toBe(true));
    expect(apply).toHaveBeenCalledTimes(1);
    expect(text()).not.toContain("Couldn't");
    expect(errors).not.toHaveBeenCalled();
  });
});

it("prices a non-USD shop in its own minor units (JPY has none)", () => {
  const onigiri = { ...product("Onigiri set", 0, 8_812_345_678_950), price: money(1500, "JPY") };
  const bento = { ...product("Bento", 0, 8_812_345_678_960), price: money(3000, "JPY") };
  const config = buildCheckoutConfig([bumpFunnel(bento, onigiri, { type: "percentage", percent: 15 })], "JPY");
  setUpCheckout({ config, currency: "JPY", lines: [{ ...cartLine(bento, { currency: "JPY", amount: 3000 }) }] });
  mountBlock();
  // 15% of ¥1,500 = ¥225 off.
  expect(text()).toContain("Offer price: ¥1,275");
  expect(document.body.querySelector('s-text[type="redundant"]')?.textContent).toBe("¥1,500");
});
