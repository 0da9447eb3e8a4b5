import {
  Banner,
  Button,
  CalloutBanner,
  Image,
  type PostPurchaseRenderApi,
  Spinner,
  Text,
} from "@shopify/post-purchase-ui-extensions-react";
import TestRenderer, { type ReactTestInstance, type ReactTestRenderer, act } from "react-test-renderer";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import en from "../locales/en.default.json";
import { CALCULATE_TIMEOUT_MS, PostPurchasePage } from "./PostPurchasePage";
import {
  DOWNSELL,
  FOLLOW_UP,
  INPUT_TOKEN,
  REFERENCE_ID,
  TOTALS,
  UPSELL,
  appServer,
  applied,
  calculated,
  funnelOffer,
  never,
  payload,
  refused,
  renderApi,
  storedOf,
} from "./test-support";

// The package's ESM build imports "react/jsx-runtime", which Node's own ESM
// loader cannot resolve in React 17 (no "exports" map); its CommonJS build is
// the same code (the CLI bundles the ESM one). Not a mock: the real package.
vi.mock("@shopify/post-purchase-ui-extensions-react", () => import("@shopify/post-purchase-ui-extensions-react/index.js"));

type Api = ReturnType<typeof renderApi>;
const calculate = vi.fn<PostPurchaseRenderApi["calculateChangeset"]>;
const apply = vi.fn<PostPurchaseRenderApi["applyChangeset"]>;

let server: ReturnType<typeof appServer>;
beforeEach(() => {
  server = appServer();
  vi.stubGlobal("fetch", server.fetch);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Lets Shopify's (mocked) promises and the app server's settle, then React re-render. */
const settle = () => act(async () => new Promise<void>((resolve) => setTimeout(resolve, 0)));

async function mount(api: Api): Promise<ReactTestRenderer> {
  let renderer: ReactTestRenderer | undefined;
  await act(async () => {
    renderer = TestRenderer.create(<PostPurchasePage api={api} />);
  });
  await settle();
  return renderer!;
}

const textOf = (node: ReactTestInstance | string): string =>
  typeof node === "string" ? node : node.children.map(textOf).join("");
const ofType = (renderer: ReactTestRenderer, type: string) => renderer.root.findAll((node) => node.type === type);
const pageText = (renderer: ReactTestRenderer) => textOf(renderer.root);
function button(renderer: ReactTestRenderer, label: string): ReactTestInstance {
  const found = ofType(renderer, Button).find((node) => textOf(node) === label);
  if (!found) throw new Error(`No button "${label}" in: ${pageText(renderer)}`);
  return found;
}
async function press(renderer: ReactTestRenderer, label: string) {
  const onPress = button(renderer, label).props.onPress as () => unknown;
  await act(async () => {
    await onPress();
  });
  await settle();
}
function inEuros(result: Awaited<ReturnType<PostPurchaseRenderApi["calculateChangeset"]>>) {
  const euros = { shopMoney: { amount: "37.80", currencyCode: "EUR" }, presentmentMoney: { amount: "37.80", currencyCode: "EUR" } };
  return result.status === "processed" ? { ...result, calculatedPurchase: { ...result.calculatedPurchase, totalOutstandingSet: euros } } : result;
}
/** The offer price and, if shown, the struck-through regular price beside it: [text, role]. */
const bigPrices = (renderer: ReactTestRenderer) =>
  ofType(renderer, Text)
    .filter((node) => node.props.size === "large" || node.props.role === "deletion")
    .map((node) => [textOf(node), node.props.role ?? null]);
const shownStep = (renderer: ReactTestRenderer) => ofType(renderer, Image)[0]?.props.description as string | undefined;

describe("the post-purchase page", () => {
  it("shows the upsell: image, title, copy, the offer price beside the struck-through regular price, and the new totals", async () => {
    const api = renderApi(storedOf(UPSELL, DOWNSELL, FOLLOW_UP));
    const page = await mount(api);

    expect(ofType(page, Image)[0]?.props).toMatchObject({ source: UPSELL.imageUrl, description: "Workbook" });
    expect(ofType(page, CalloutBanner).map((node) => [node.props.title, textOf(node)])).toEqual([[UPSELL.headline, UPSELL.body]]);
    const text = pageText(page);
    for (const copy of ["Workbook", "Add to my order", "No thanks"]) expect(text).toContain(copy);
    expect(ofType(page, Text).map((node) => [textOf(node), node.props.role ?? null])).toEqual(
      expect.arrayContaining([
        ["$30.00", null],
        ["$40.00", "deletion"],
      ]),
    );
    // Exactly what the server will sign: core's changes, with the discount.
    expect(api.calculateChangeset).toHaveBeenCalledWith({ changes: UPSELL.changes });
    for (const [label, amount] of [
      [en.subtotal, "$30.00"],
      [en.shipping, "$5.00"],
      [en.taxes, "$2.80"],
      [en.total, "$37.80"],
    ]) {
      expect(text).toContain(`${label}${amount}`);
    }
    expect(server.events()).toEqual([{ referenceId: REFERENCE_ID, offerId: "upsell", type: "impression" }]);
    expect(server.calls[0]?.authorization).toBe(`Bearer ${INPUT_TOKEN}`);
  });

  it("shows no strikethrough when nothing is taken off", async () => {
    const plain = payload("upsell", funnelOffer("Mug", 1500, 504, { type: "none" }));
    const page = await mount(renderApi(storedOf(plain)));
    expect(ofType(page, Text).filter((node) => node.props.role === "deletion")).toEqual([]);
    expect(pageText(page)).toContain("$15.00");
  });

  it("shows Shopify's calculated line total as the offer price, not ours, when the two differ", async () => {
    // Whether Shopify takes a fixed discount per unit or per line is its own (undocumented) rule: its figure is the charge.
    const calculateChangeset = calculate(async () => calculated(UPSELL.variantId, { ...TOTALS, subtotal: "31.20", total: "39.00" }));
    const page = await mount(renderApi(storedOf(UPSELL), { calculateChangeset }));
    expect(bigPrices(page)).toEqual([["$31.20", null], ["$40.00", "deletion"]]);
    expect(pageText(page)).toContain(`${en.subtotal}$31.20`);
    expect(pageText(page)).not.toContain("$30.00");
  });

  it.each([
    ["drops the strikethrough when Shopify's line total is not below the regular price", UPSELL.variantId, [["$40.00", null]]],
    ["keeps our price when Shopify's answer has no line for the offer", 9_999, [["$30.00", null], ["$40.00", "deletion"]]],
  ])("%s", async (_case, variantId, prices) => {
    const calculateChangeset = calculate(async () => calculated(variantId, { ...TOTALS, subtotal: "40.00" }));
    const page = await mount(renderApi(storedOf(UPSELL), { calculateChangeset }));
    expect(bigPrices(page)).toEqual(prices);
  });

  it("shows a loading state while Shopify calculates, with accept disabled until then", async () => {
    const page = await mount(renderApi(storedOf(UPSELL), { calculateChangeset: calculate(() => never()) }));
    expect(ofType(page, Spinner)).toHaveLength(1);
    expect(pageText(page)).toContain(en.calculating);
    expect(button(page, "Add to my order").props.disabled).toBe(true);
    expect(button(page, "No thanks").props.disabled).toBe(false);
  });

  /** Without Shopify's full price nothing may be accepted: the page offers only the way on. */
  async function expectOnlyTheWayOn(page: ReactTestRenderer, api: Api) {
    expect(pageText(page)).toContain(en.totalsUnavailable);
    expect(ofType(page, Button).map((node) => textOf(node))).toEqual([en.continue]);
    await press(page, en.continue);
    expect(api.done).toHaveBeenCalledTimes(1);
    expect(server.signs()).toEqual([]);
    expect(api.applyChangeset).not.toHaveBeenCalled();
  }

  it("offers only the way on to the order confirmation if Shopify never finishes calculating", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const api = renderApi(storedOf(UPSELL, DOWNSELL), { calculateChangeset: calculate(() => never()) });
    let page: ReactTestRenderer | undefined;
    await act(async () => {
      page = TestRenderer.create(<PostPurchasePage api={api} />);
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(CALCULATE_TIMEOUT_MS);
    });
    vi.useRealTimers();
    await expectOnlyTheWayOn(page!, api);
  });

  it.each([
    ["rejects", calculate(async () => Promise.reject(new Error("host error")))],
    ["cannot process the changeset", calculate(async () => ({ status: "unprocessed", errors: [{ code: "insufficient_inventory", message: "Sold out" }] }))],
    ["answers in another currency", calculate(async () => inEuros(calculated(UPSELL.variantId, TOTALS)))],
  ])("offers no accept, only the order confirmation, when calculateChangeset %s", async (_case, calculateChangeset) => {
    const api = renderApi(storedOf(UPSELL), { calculateChangeset });
    const page = await mount(api);
    expect(pageText(page)).toContain("$30.00");
    await expectOnlyTheWayOn(page, api);
  });

  it("itemizes the price before accept: the item, its discount, subtotal, shipping, taxes and the new total", async () => {
    const page = await mount(renderApi(storedOf(UPSELL)));
    const text = pageText(page);
    for (const line of [`${en.item}$40.00`, `${en.discount}-$10.00`, `${en.subtotal}$30.00`, `${en.shipping}$5.00`, `${en.taxes}$2.80`, `${en.total}$37.80`]) {
      expect(text).toContain(line);
    }
    expect(button(page, "Add to my order").props.disabled).toBe(false);
  });

  it("does not calculate a discounted offer without the server's changes: it would show more than the charge", async () => {
    const { changes: _changes, ...withoutChanges } = UPSELL;
    const api = renderApi(storedOf(withoutChanges));
    const page = await mount(api);
    expect(api.calculateChangeset).not.toHaveBeenCalled();
    expect(pageText(page)).toContain(en.totalsUnavailable);
  });

  it("accepts: asks the server to sign, applies that token, records the accept, then shows the follow-up", async () => {
    const api = renderApi(storedOf(UPSELL, DOWNSELL, FOLLOW_UP));
    const page = await mount(api);

    await press(page, "Add to my order");

    expect(server.signs()).toEqual([{ referenceId: REFERENCE_ID, offerId: "upsell" }]);
    expect(api.applyChangeset).toHaveBeenCalledTimes(1);
    expect(api.applyChangeset).toHaveBeenCalledWith("changeset-1");
    expect(server.events().map((event) => [event.offerId, event.type])).toEqual([
      ["upsell", "impression"],
      ["upsell", "accept"],
      ["followUp", "impression"],
    ]);
    expect(shownStep(page)).toBe("Coaching call");
    expect(pageText(page)).toContain("$75.00"); // $100 less a fixed $25
    expect(api.done).not.toHaveBeenCalled();

    await press(page, "Add to my order");
    expect(api.applyChangeset).toHaveBeenLastCalledWith("changeset-2");
    expect(api.done).toHaveBeenCalledTimes(1);
  });

  it("disables both buttons while the accept is in flight", async () => {
    const api = renderApi(storedOf(UPSELL), { applyChangeset: apply(() => never()) });
    const page = await mount(api);
    const onPress = button(page, "Add to my order").props.onPress as () => Promise<void>;
    await act(async () => {
      void onPress(); // never settles: Shopify is still charging
    });
    await settle();
    expect(api.applyChangeset).toHaveBeenCalledTimes(1);
    expect(button(page, "Add to my order").props).toMatchObject({ loading: true, disabled: true, loadingLabel: en.adding });
    expect(button(page, "No thanks").props.disabled).toBe(true);
  });

  it("signs and applies once however fast the buyer presses twice", async () => {
    const api = renderApi(storedOf(UPSELL, DOWNSELL, FOLLOW_UP));
    const page = await mount(api);
    const onPress = button(page, "Add to my order").props.onPress as () => Promise<void>;
    await act(async () => {
      await Promise.all([onPress(), onPress()]);
    });
    await settle();
    expect(server.signs()).toHaveLength(1);
    expect(api.applyChangeset).toHaveBeenCalledTimes(1);
    expect(shownStep(page)).toBe("Coaching call");
  });

  it("declines: records it and shows the downsell, then the thank-you page after a second no", async () => {
    const api = renderApi(storedOf(UPSELL, DOWNSELL, FOLLOW_UP));
    const page = await mount(api);

    await press(page, "No thanks");
    expect(server.events().map((event) => [event.offerId, event.type])).toEqual([
      ["upsell", "impression"],
      ["upsell", "decline"],
      ["downsell", "impression"],
    ]);
    expect(shownStep(page)).toBe("Cheat sheet");
    expect(api.calculateChangeset).toHaveBeenLastCalledWith({ changes: DOWNSELL.changes });

    await press(page, "No thanks");
    expect(api.done).toHaveBeenCalledTimes(1);
    expect(server.signs()).toEqual([]);
    expect(api.applyChangeset).not.toHaveBeenCalled();
  });

  it("goes to the thank-you page after a no when there is no downsell", async () => {
    const api = renderApi(storedOf(UPSELL, FOLLOW_UP));
    const page = await mount(api);
    await press(page, "No thanks");
    expect(api.done).toHaveBeenCalledTimes(1);
  });

  it("shows a buyer at most two offers: upsell no, downsell yes, then done (no follow-up after a downsell)", async () => {
    const api = renderApi(storedOf(UPSELL, DOWNSELL, FOLLOW_UP));
    const page = await mount(api);
    await press(page, "No thanks");
    expect(shownStep(page)).toBe("Cheat sheet");
    await press(page, "Add to my order");

    expect(server.events().filter((event) => event.type === "impression").map((event) => event.offerId)).toEqual([
      "upsell",
      "downsell",
    ]);
    expect(server.signs()).toEqual([{ referenceId: REFERENCE_ID, offerId: "downsell" }]);
    expect(api.done).toHaveBeenCalledTimes(1);
  });

  it("treats changeset_already_applied as success: the follow-up, no second apply, no error", async () => {
    const api = renderApi(storedOf(UPSELL, FOLLOW_UP), { applyChangeset: apply(async () => refused("changeset_already_applied")) });
    const page = await mount(api);
    await press(page, "Add to my order");
    expect(api.applyChangeset).toHaveBeenCalledTimes(1);
    expect(ofType(page, Banner)).toEqual([]);
    expect(shownStep(page)).toBe("Coaching call");
  });

  it("finishes after an accept when Shopify allows no more changesets", async () => {
    const api = renderApi(storedOf(UPSELL, FOLLOW_UP), { applyChangeset: apply(async () => applied(0)) });
    const page = await mount(api);
    await press(page, "Add to my order");
    expect(api.done).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["payment_required", "unprocessed", en.errors.paymentRequired],
    ["payment_required", "partially_processed", en.errors.paymentRequired],
    ["insufficient_inventory", "unprocessed", en.errors.insufficientInventory],
    ["unsupported_payment_method", "unprocessed", en.errors.unsupportedPaymentMethod],
    ["order_released_error", "unprocessed", en.errors.orderReleased],
    ["server_error", "unprocessed", en.errors.generic],
  ] as const)("on %s (%s) says so and lets the buyer continue to the thank-you page", async (code, status, message) => {
    const api = renderApi(storedOf(UPSELL, DOWNSELL, FOLLOW_UP), { applyChangeset: apply(async () => refused(code, status)) });
    const page = await mount(api);
    await press(page, "Add to my order");

    expect(ofType(page, Banner).map((node) => [node.props.status, textOf(node)])).toEqual([["critical", message]]);
    expect(server.events().some((event) => event.type === "accept")).toBe(false);
    expect(api.done).not.toHaveBeenCalled();
    await press(page, en.continue);
    expect(api.done).toHaveBeenCalledTimes(1);
    expect(api.applyChangeset).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["refuses to sign", async () => Response.json({ error: "Already accepted" }, { status: 409 })],
    ["is unreachable", async () => Promise.reject(new TypeError("Failed to fetch"))],
    ["answers without a token", async () => Response.json({})],
  ])("shows the generic message, and applies nothing, when the server %s", async (_case, sign) => {
    server = appServer({ sign });
    vi.stubGlobal("fetch", server.fetch);
    const api = renderApi(storedOf(UPSELL));
    const page = await mount(api);
    await press(page, "Add to my order");
    expect(api.applyChangeset).not.toHaveBeenCalled();
    expect(textOf(ofType(page, Banner)[0]!)).toBe(en.errors.generic);
    expect(button(page, en.continue)).toBeDefined();
  });

  it.each([
    ["another purchase's offers", { origin: "https://upstack.example", answer: { referenceId: "another-purchase", offers: [UPSELL] } }],
    ["an origin over plain http", { ...storedOf(UPSELL), origin: "http://upstack.example" }],
    ["nothing", undefined],
  ])("goes straight to the thank-you page when storage holds %s", async (_case, initialData) => {
    const api = renderApi(initialData);
    const page = await mount(api);
    expect(api.done).toHaveBeenCalledTimes(1);
    expect(ofType(page, Button)).toEqual([]);
    expect(server.fetch).not.toHaveBeenCalled();
  });

  it("speaks the buyer's language and money format; merchant copy stays as written", async () => {
    const page = await mount(renderApi(storedOf(UPSELL), { locale: "fr-CA" }));
    const text = pageText(page);
    expect(text).toContain("Total à payer maintenant");
    expect(text).toContain("30,00"); // fr-CA: "30,00 $ US"
    expect(ofType(page, CalloutBanner)[0]?.props.title).toBe(UPSELL.headline);
    // The preset pair, in the buyer's language.
    expect(button(page, "Ajouter à ma commande")).toBeDefined();
    expect(button(page, "Non merci")).toBeDefined();
  });
});

describe("the preset button pairs", () => {
  it("read in English exactly as core names them for the admin preview, in every locale", async () => {
    const { POST_PURCHASE_LABELS, POST_PURCHASE_LABEL_PAIRS } = await import("@upstack/core");
    expect(en.labels).toEqual(POST_PURCHASE_LABELS);
    const locales = await Promise.all(["fr", "de", "es"].map((name) => import(`../locales/${name}.json`)));
    for (const locale of locales) expect(Object.keys(locale.default.labels).sort()).toEqual([...POST_PURCHASE_LABEL_PAIRS].sort());
  });
});
