import { createStorage } from "@shopify/ui-extensions-tester/checkout";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type BumpEvent, FLUSH_DELAY_MS, MAX_EVENTS_PER_REQUEST, createEventSink } from "./events";

const URL = "https://upstack.example/api/checkout/events";

function sink(storage = createStorage()) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 202 }));
  const token = vi.fn(async () => "token-1");
  const events = createEventSink({ token, checkoutToken: () => "ck-1", storage, fetch });
  events.setUrl(URL);
  return { events, fetch, token, storage };
}

const bodies = (fetch: ReturnType<typeof sink>["fetch"]) =>
  fetch.mock.calls.map(([, init]) => (JSON.parse(String(init?.body)) as { events: BumpEvent[] }).events);

const accept = (n: number): BumpEvent => ({ type: "accept", funnelId: `f${n}`, variantId: `gid://shopify/ProductVariant/${n}` });

afterEach(() => vi.useRealTimers());

describe("createEventSink", () => {
  it("names the checkout, so the server counts an impression once per checkout", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 202 }));
    const events = createEventSink({ token: async () => "t", checkoutToken: () => "ck-9", storage: createStorage(), fetch });
    events.setUrl(URL);
    events.record(accept(1));
    await events.flush();
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toMatchObject({ checkoutToken: "ck-9" });
  });

  it("holds the events until the host knows the checkout's token (the server refuses events without one)", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 202 }));
    const host: { checkoutToken?: string } = {};
    const events = createEventSink({ token: async () => "t", checkoutToken: () => host.checkoutToken, storage: createStorage(), fetch });
    events.setUrl(URL);
    events.record(accept(1));
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS * 2);
    expect(fetch).not.toHaveBeenCalled();
    host.checkoutToken = "ck-late";
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({ checkoutToken: "ck-late", events: [accept(1)] });
  });

  it("gives up waiting for a checkout token after a while, without sending anything", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 202 }));
    const events = createEventSink({ token: async () => "t", checkoutToken: () => undefined, storage: createStorage(), fetch });
    events.setUrl(URL);
    events.record(accept(1));
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS * 100);
    expect(vi.getTimerCount()).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("batches events and sends them once, FLUSH_DELAY_MS after the first", async () => {
    vi.useFakeTimers();
    const { events, fetch } = sink();
    events.record({ type: "remove", funnelId: "f1", variantId: "gid://shopify/ProductVariant/1" });
    await events.impression({ funnelId: "f2", variantId: "gid://shopify/ProductVariant/2" });
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS - 1);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(URL);
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer token-1");
    expect(new Headers(init?.headers).get("Content-Type")).toBe("application/json");
    expect(bodies(fetch)).toEqual([
      [
        { type: "remove", funnelId: "f1", variantId: "gid://shopify/ProductVariant/1" },
        { type: "impression", funnelId: "f2", variantId: "gid://shopify/ProductVariant/2" },
      ],
    ]);
  });

  it(`sends at most ${MAX_EVENTS_PER_REQUEST} events per request`, async () => {
    const { events, fetch } = sink();
    for (let n = 0; n < 24; n++) events.record({ ...accept(n), type: "remove" });
    events.record(accept(99)); // an accept flushes everything at once
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(bodies(fetch).map((batch) => batch.length)).toEqual([20, 5]);
  });

  it("counts one impression per funnel per checkout, across instances sharing the checkout's storage", async () => {
    const storage = createStorage();
    const first = sink(storage);
    await first.events.impression({ funnelId: "f1", variantId: "v" });
    await first.events.impression({ funnelId: "f1", variantId: "v" });
    await first.events.flush();
    const second = sink(storage); // the other target, or the card on the next step
    await second.events.impression({ funnelId: "f1", variantId: "v" });
    await second.events.impression({ funnelId: "f2", variantId: "v" });
    await second.events.flush();
    expect(bodies(first.fetch).flat().map((e) => e.funnelId)).toEqual(["f1"]);
    expect(bodies(second.fetch).flat().map((e) => e.funnelId)).toEqual(["f2"]);
  });

  it("swallows every failure: network, server, token, storage", async () => {
    const broken = createStorage();
    broken.read = async () => {
      throw new Error("storage gone");
    };
    const { events, fetch, token } = sink(broken);
    await events.impression({ funnelId: "f1", variantId: "v" }); // still counted in memory
    fetch.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(events.flush()).resolves.toBeUndefined();
    token.mockRejectedValueOnce(new Error("no token"));
    events.record(accept(1));
    await expect(events.flush()).resolves.toBeUndefined();
    fetch.mockResolvedValueOnce(new Response("nope", { status: 401 }));
    events.record(accept(2));
    await expect(events.flush()).resolves.toBeUndefined();
  });

  it("sends and queues nothing without an events URL", async () => {
    vi.useFakeTimers();
    const { events, fetch, token } = sink();
    events.setUrl(undefined);
    await events.impression({ funnelId: "f1", variantId: "v" });
    events.record(accept(1));
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS * 2);
    expect(fetch).not.toHaveBeenCalled();
    expect(token).not.toHaveBeenCalled();
  });

  it("caps what it keeps: a runaway checkout cannot queue without bound", async () => {
    const { events, fetch } = sink();
    for (let n = 0; n < 500; n++) events.record({ ...accept(n), type: "remove" });
    await events.flush();
    expect(bodies(fetch).flat()).toHaveLength(100);
  });
});
