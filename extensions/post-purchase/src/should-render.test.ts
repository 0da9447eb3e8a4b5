import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { shouldRender } from "./should-render";
import {
  DOWNSELL,
  FOLLOW_UP,
  INPUT_TOKEN,
  ORIGIN,
  REFERENCE_ID,
  UPSELL,
  answerOf,
  appServer,
  configMetafield,
  inputData,
  never,
  payload,
  funnelOffer,
} from "./test-support";

const storage = () => ({ initialData: undefined, update: vi.fn(async () => {}) });

describe("ShouldRender", () => {
  // As in a build without APP_URL or SHOPIFY_APP_URL: the origin comes from the metafield (the fallback).
  beforeEach(() => {
    vi.stubEnv("APP_URL", undefined);
    vi.stubEnv("SHOPIFY_APP_URL", undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("asks the app server with the input token and keeps the offers for the page", async () => {
    const server = appServer({ offer: async () => Response.json(answerOf(UPSELL, DOWNSELL, FOLLOW_UP)) });
    const store = storage();

    await expect(shouldRender({ inputData: inputData(), storage: store }, server.fetch)).resolves.toEqual({ render: true });

    expect(server.calls).toEqual([
      {
        url: `${ORIGIN}/api/post-purchase/offer`,
        authorization: `Bearer ${INPUT_TOKEN}`,
        body: {
          referenceId: REFERENCE_ID,
          lineItems: [{ productId: 8_812_345_678_901, variantId: 45_001, quantity: 1 }],
          currencyCode: "USD",
          totalPrice: "97.00",
        },
      },
    ]);
    expect(store.update).toHaveBeenCalledWith({ origin: ORIGIN, answer: answerOf(UPSELL, DOWNSELL, FOLLOW_UP) });
  });

  it.each([
    ["SHOPIFY_APP_URL (deploy)", "SHOPIFY_APP_URL"],
    ["APP_URL (dev tunnel)", "APP_URL"],
  ])("asks the origin the build wrote in as %s, before the metafield and without it", async (_case, name) => {
    vi.stubEnv(name, `${ORIGIN}/`);
    for (const metafields of [[], [configMetafield("https://stale.example/api/checkout/events")]]) {
      const server = appServer();
      const store = storage();
      await expect(shouldRender({ inputData: inputData({ metafields }), storage: store }, server.fetch)).resolves.toEqual({ render: true });
      expect(server.calls.map((call) => call.url)).toEqual([`${ORIGIN}/api/post-purchase/offer`]);
      expect(store.update).toHaveBeenCalledWith({ origin: ORIGIN, answer: answerOf(UPSELL) });
    }
  });

  it("takes the dev tunnel's APP_URL over SHOPIFY_APP_URL, and falls back past an unusable one", async () => {
    vi.stubEnv("APP_URL", ORIGIN);
    vi.stubEnv("SHOPIFY_APP_URL", "https://production.example");
    const server = appServer();
    await expect(shouldRender({ inputData: inputData({ metafields: [] }), storage: storage() }, server.fetch)).resolves.toEqual({ render: true });
    vi.stubEnv("APP_URL", "http://tunnel.example");
    vi.stubEnv("SHOPIFY_APP_URL", undefined);
    await expect(shouldRender({ inputData: inputData(), storage: storage() }, server.fetch)).resolves.toEqual({ render: true });
    expect(server.calls.map((call) => call.url)).toEqual([`${ORIGIN}/api/post-purchase/offer`, `${ORIGIN}/api/post-purchase/offer`]);
  });

  it("falls back to the metafield whether the host names the namespace $app:upstack or app--<id>--upstack", async () => {
    const server = appServer();
    const input = inputData({ metafields: [configMetafield(undefined, "app--123456--upstack")] });
    await expect(shouldRender({ inputData: input, storage: storage() }, server.fetch)).resolves.toEqual({ render: true });
  });

  it("does not render when the server has no offer", async () => {
    const server = appServer({ offer: async () => Response.json(answerOf()) });
    const store = storage();
    await expect(shouldRender({ inputData: inputData(), storage: store }, server.fetch)).resolves.toEqual({ render: false });
    expect(store.update).not.toHaveBeenCalled();
  });

  it.each([
    ["a server error", async () => new Response("boom", { status: 500 })],
    ["a refusal", async () => Response.json({ error: "Invalid token" }, { status: 401 })],
    ["a network failure", async () => Promise.reject(new TypeError("Failed to fetch"))],
    ["a body that is not JSON", async () => new Response("<html>", { status: 200 })],
  ])("does not render on %s", async (_case, offer) => {
    const server = appServer({ offer });
    await expect(shouldRender({ inputData: inputData(), storage: storage() }, server.fetch)).resolves.toEqual({ render: false });
  });

  it.each([
    ["another purchase's answer", { ...answerOf(UPSELL), referenceId: "someone-else" }],
    ["more than three offers", answerOf(UPSELL, DOWNSELL, FOLLOW_UP, { ...UPSELL, id: "bonus" })],
    ["the same step twice", answerOf(UPSELL, { ...UPSELL, variantId: 99 })],
    ["a downsell without an upsell", answerOf(DOWNSELL)],
    ["a price in another currency", answerOf({ ...UPSELL, offerPrice: { amount: "30.00", currencyCode: "EUR" } })],
    ["an offer price above the regular price", answerOf({ ...UPSELL, offerPrice: { amount: "41.00", currencyCode: "USD" } })],
    ["a price with more decimals than the currency", answerOf({ ...UPSELL, offerPrice: { amount: "29.999", currencyCode: "USD" } })],
    ["a variant id as a GID", answerOf({ ...UPSELL, variantId: "gid://shopify/ProductVariant/1501" })],
    ["a plain-http image", answerOf({ ...UPSELL, imageUrl: "http://cdn.example/1.jpg" })],
    ["free-text button labels instead of a preset pair", answerOf({ ...UPSELL, labels: "Buy now" })],
    ["no button pair", answerOf({ ...UPSELL, labels: undefined })],
    ["changes for another variant", answerOf({ ...UPSELL, changes: [{ ...UPSELL.changes[0], variantID: 1 }] })],
    ["changes without the discount the price shows", answerOf({ ...UPSELL, changes: [{ ...UPSELL.changes[0], discount: undefined }] })],
    ["a discount of another kind", answerOf({ ...UPSELL, changes: [{ ...UPSELL.changes[0], discount: { value: 25, valueType: "bogo", title: "x" } }] })],
    ["offers that are not a list", { referenceId: REFERENCE_ID, offers: { upsell: UPSELL } }],
  ])("does not render for a malformed answer: %s", async (_case, answer) => {
    const server = appServer({ offer: async () => Response.json(answer) });
    const store = storage();
    await expect(shouldRender({ inputData: inputData(), storage: store }, server.fetch)).resolves.toEqual({ render: false });
    expect(store.update).not.toHaveBeenCalled();
  });

  it("accepts an offer without a discount and without changes (nothing to calculate against)", async () => {
    const full = payload("upsell", funnelOffer("Mug", 1500, 504, { type: "none" }));
    const { changes: _changes, ...withoutChanges } = full;
    const server = appServer({ offer: async () => Response.json(answerOf(withoutChanges)) });
    await expect(shouldRender({ inputData: inputData(), storage: storage() }, server.fetch)).resolves.toEqual({ render: true });
  });

  it("gives up after one second without an answer, and aborts the request", async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const server = appServer({ offer: () => never() });
    const send: typeof fetch = (input, init) => {
      signal = init?.signal ?? undefined;
      return server.fetch(input, init);
    };
    let result: { render: boolean } | undefined;
    void shouldRender({ inputData: inputData(), storage: storage() }, send).then((value) => (result = value));

    await vi.advanceTimersByTimeAsync(999);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toEqual({ render: false });
    expect(signal?.aborted).toBe(true);
  });

  it("also gives up when the headers arrive but the body does not", async () => {
    vi.useFakeTimers();
    const stalled = new Response(new ReadableStream({ start() {} }), { status: 200 });
    const server = appServer({ offer: async () => stalled });
    let result: { render: boolean } | undefined;
    void shouldRender({ inputData: inputData(), storage: storage() }, server.fetch).then((value) => (result = value));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(result).toEqual({ render: false });
  });

  it.each([
    ["no build-time URL and no metafield", []],
    ["a metafield of another app", [{ ...configMetafield(), namespace: "other_app" }]],
    [
      "an events URL over plain http (core would never publish one)",
      [{ ...configMetafield(), value: JSON.stringify({ v: 1, currency: "USD", funnels: [], eventsUrl: "http://upstack.example/e" }) }],
    ],
    ["a metafield that is not JSON", [{ ...configMetafield(), value: "{oops" }]],
  ])("does not render, and asks nobody, with %s", async (_case, metafields) => {
    vi.stubEnv("APP_URL", "http://tunnel.example"); // plain http to a host other than localhost: passed over
    const server = appServer();
    const input = inputData({ metafields });
    await expect(shouldRender({ inputData: input, storage: storage() }, server.fetch)).resolves.toEqual({ render: false });
    expect(server.fetch).not.toHaveBeenCalled();
  });

  it("never throws, even when the host's storage does", async () => {
    const server = appServer();
    const store = { initialData: undefined, update: vi.fn(async () => Promise.reject(new Error("quota"))) };
    await expect(shouldRender({ inputData: inputData(), storage: store }, server.fetch)).resolves.toEqual({ render: false });
  });
});
