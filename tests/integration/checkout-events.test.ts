import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action as events } from "~/routes/api.checkout.events";
import { action as compliance } from "~/routes/webhooks.compliance";
import { CHECKOUT_EVENT_LIMITS, receiveCheckoutEvents } from "~/services/checkout-events.server";
import { serializeFunnelDefinition } from "~/models/funnel-definition.server";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { postPurchaseToken } from "../support/post-purchase-requests";
import { runRoute, TEST_APP, webhookRequest } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "events-shop.myshopify.com";
const OTHER_SHOP = "events-rival.myshopify.com";
const BUMP_VARIANT = "gid://shopify/ProductVariant/2002";
const BUYER = "gid://shopify/Customer/7001";

let funnelId: string;
let otherFunnelId: string;

/** A stored funnel whose bump is the variant (ids as `gid://shopify/ProductVariant/<n>`). */
const definition = (variantId: string) =>
  serializeFunnelDefinition(
    funnel(product("Course", 9700), { bump: bump(product("Workbook", 2700, { variantId: Number(variantId.split("/").pop()) })) }),
  );

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  funnelId = (await db.funnel.create({ data: { shop: SHOP, name: "Course", status: "active", definition: definition(BUMP_VARIANT) } })).id;
  otherFunnelId = (
    await db.funnel.create({ data: { shop: OTHER_SHOP, name: "Theirs", status: "active", definition: definition(BUMP_VARIANT) } })
  ).id;
});

type PostOptions = { secret?: string; exp?: number; method?: string; token?: string; headers?: Record<string, string> };

/** A request as the checkout extension sends it: the checkout's session token as a bearer token. */
async function checkoutPost(body: unknown, options: PostOptions = {}) {
  const token =
    options.token ??
    (
      await getJwt(SHOP.replace(".myshopify.com", ""), TEST_APP.apiKey, options.secret ?? TEST_APP.apiSecret, {
        sub: BUYER,
        ...(options.exp ? { exp: options.exp } : {}),
      })
    ).token;
  return new Request(new URL("/api/checkout/events", TEST_APP.url), {
    method: options.method ?? "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Origin: "https://checkout.shopify.com",
      ...options.headers,
    },
    body: options.method === "OPTIONS" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const post = async (body: unknown, options?: Parameters<typeof checkoutPost>[1]) =>
  runRoute(events, await checkoutPost(body, options));

describe("checkout events", () => {
  it("records an impression and an accept for this shop's bump, answering with CORS", async () => {
    const response = await post({
      checkoutToken: "ck-1",
      events: [
        { type: "impression", funnelId, variantId: BUMP_VARIANT },
        { type: "accept", funnelId, variantId: BUMP_VARIANT },
      ],
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await response.json()).toEqual({ recorded: 2 });
    const rows = await db.offerEvent.findMany({ where: { shop: SHOP }, orderBy: { type: "asc" } });
    expect(rows.map((r) => [r.type, r.offer, r.funnelId, r.purchaseKey, r.customerId])).toEqual([
      ["accept", "bump", funnelId, "ck-1", BUYER],
      ["impression", "bump", funnelId, "ck-1", BUYER],
    ]);
  });

  it("counts an impression once per checkout, however often it is sent", async () => {
    const body = { checkoutToken: "ck-2", events: [{ type: "impression", funnelId, variantId: BUMP_VARIANT }] };
    await post(body);
    const again = await post(body);
    expect(await again.json()).toEqual({ recorded: 0 });
    expect(await db.offerEvent.count({ where: { shop: SHOP, type: "impression" } })).toBe(1);
  });

  it("refuses events for another shop's offer, and records none of the batch", async () => {
    const response = await post({
      checkoutToken: "ck-4",
      events: [
        { type: "impression", funnelId, variantId: BUMP_VARIANT },
        { type: "accept", funnelId: otherFunnelId, variantId: BUMP_VARIANT },
      ],
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: string }).error).toContain(otherFunnelId);
    expect(await db.offerEvent.count({ where: { shop: { in: [SHOP, OTHER_SHOP] } } })).toBe(0);
  });

  it("refuses an event naming a variant that is not the funnel's bump", async () => {
    const response = await post({
      checkoutToken: "ck-5",
      events: [{ type: "accept", funnelId, variantId: "gid://shopify/ProductVariant/1" }],
    });
    expect(response.status).toBe(422);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it.each([
    ["a forged token", { secret: "not-our-secret" }],
    ["an expired token", { exp: Math.floor(Date.now() / 1000) - 60 }],
  ])("answers 401 to %s and records nothing", async (_, options) => {
    const response = await post({ checkoutToken: "ck-6", events: [{ type: "impression", funnelId, variantId: BUMP_VARIANT }] }, options);
    expect(response.status).toBe(401);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("refuses events for a funnel whose stored settings cannot be read, rather than failing", async () => {
    await db.funnel.update({ where: { id: funnelId }, data: { definition: "{not json" } });
    const response = await post({ checkoutToken: "ck-broken", events: [{ type: "impression", funnelId, variantId: BUMP_VARIANT }] });
    expect(response.status).toBe(422);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 400 with the reason for a malformed batch", async () => {
    const response = await post({ checkoutToken: "ck-7", events: [{ type: "purchase", funnelId, variantId: BUMP_VARIANT }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/events\.0\.type/);
  });

  it("answers the CORS preflight", async () => {
    const response = await post(undefined, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/i);
  });

  it("a buyer's events appear in their data request and go with customers/redact", async () => {
    await post({ checkoutToken: "ck-3", events: [{ type: "accept", funnelId, variantId: BUMP_VARIANT }] });
    const customer = { id: 7001, email: "ada@example.com" };
    await runRoute(
      compliance,
      webhookRequest({ path: "/webhooks/compliance", topic: "customers/data_request", shop: SHOP, payload: { customer, orders_requested: [] }, webhookId: randomUUID() }),
    );
    const request = await db.customerDataRequest.findFirstOrThrow({ where: { shop: SHOP } });
    expect(JSON.parse(request.report).offerEvents).toEqual([
      expect.objectContaining({ offer: "bump", type: "accept", variantId: BUMP_VARIANT }),
    ]);
    await runRoute(
      compliance,
      webhookRequest({ path: "/webhooks/compliance", topic: "customers/redact", shop: SHOP, payload: { customer, orders_to_redact: [] }, webhookId: randomUUID() }),
    );
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });
});

const impression = () => ({ type: "impression", funnelId, variantId: BUMP_VARIANT });
const accept = () => ({ type: "accept", funnelId, variantId: BUMP_VARIANT });
const remove = () => ({ type: "remove", funnelId, variantId: BUMP_VARIANT });
const eventsOf = (checkoutToken: string) =>
  db.offerEvent.findMany({ where: { shop: SHOP, purchaseKey: checkoutToken }, orderBy: { occurredAt: "asc" } });

describe("checkout events are bounded", () => {
  it("refuses events without a checkout token with 400 and the reason", async () => {
    const response = await post({ events: [impression()] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/checkoutToken/);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("20 parallel copies of an impression, an accept and a remove make one row each", async () => {
    for (const event of [impression(), accept(), remove()]) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => post({ checkoutToken: "ck-burst", events: [event] })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    }
    const rows = await eventsOf("ck-burst");
    expect(rows.map((row) => row.type).sort()).toEqual(["accept", "impression", "remove"]);
  });

  it("counts an accept and a remove once per change of the bump line: repeats count again only after the line went out and in", async () => {
    const send = (...batch: ReturnType<typeof accept>[]) => post({ checkoutToken: "ck-toggle", events: batch });
    expect(await (await send(accept(), accept())).json()).toEqual({ recorded: 1 });
    expect(await (await send(accept())).json()).toEqual({ recorded: 0 });
    expect(await (await send(remove(), remove())).json()).toEqual({ recorded: 1 });
    expect(await (await send(accept(), remove(), accept())).json()).toEqual({ recorded: 3 });
    expect((await eventsOf("ck-toggle")).map((row) => row.type)).toEqual(["accept", "remove", "accept", "remove", "accept"]);
  });

  it("a bump already in the cart can be removed first, then accepted again", async () => {
    const response = await post({ checkoutToken: "ck-in-cart", events: [remove(), remove(), accept()] });
    expect(await response.json()).toEqual({ recorded: 2 });
  });

  it("stops counting a checkout that toggles the bump endlessly", async () => {
    for (let i = 0; i < 15; i++) await post({ checkoutToken: "ck-endless", events: [accept(), remove()] });
    expect(await db.offerEvent.count({ where: { shop: SHOP, purchaseKey: "ck-endless" } })).toBe(20);
  });

  it("a flood from one checkout gets 429 with Retry-After, and its rows stay bounded", async () => {
    const { max } = CHECKOUT_EVENT_LIMITS.perCheckout;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let round = 0; round < 4; round++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => post({ checkoutToken: "ck-flood", events: [impression()] })),
      );
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get("Retry-After");
      }
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(80 - max);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(CHECKOUT_EVENT_LIMITS.perCheckout.windowSeconds);
    expect(await eventsOf("ck-flood")).toHaveLength(1);
    // Another checkout of the shop is not held back by this one.
    expect((await post({ checkoutToken: "ck-calm", events: [impression()] })).status).toBe(202);
  });

  it("a script inventing checkout tokens is held by the shop's limit, however many instances count", async () => {
    const limits = { ...CHECKOUT_EVENT_LIMITS, perShop: { max: 10, windowSeconds: 60 } };
    const responses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        runRoute(
          ({ request }) => receiveCheckoutEvents(request, limits),
          checkoutPost({ checkoutToken: `ck-invented-${i}`, events: [impression()] }),
        ),
      ),
    );
    expect(responses.filter((r) => r.status === 202)).toHaveLength(10);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    expect(refused.every((r) => Number(r.headers.get("Retry-After")) > 0)).toBe(true);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(10);
  });
});

describe("after shop/redact", () => {
  it("late checkout events write nothing for the shop, not even a rate-limit counter", async () => {
    await runRoute(
      compliance,
      webhookRequest({ path: "/webhooks/compliance", topic: "shop/redact", shop: SHOP, payload: { shop_domain: SHOP } }),
    );
    // Even if the funnel were still there (a write racing the redaction), nothing is recorded.
    await db.funnel.create({ data: { id: funnelId, shop: SHOP, name: "Course", status: "active", definition: definition(BUMP_VARIANT) } });
    const response = await post({ checkoutToken: "ck-late", events: [impression(), accept()] });
    expect(response.status).toBe(422);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.rateLimitCounter.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("request size and token kind", () => {
  it("answers 413 to a body larger than a few KB, before parsing it", async () => {
    const response = await post(JSON.stringify({ checkoutToken: "ck-big", events: [impression()], pad: "x".repeat(20_000) }));
    expect(response.status).toBe(413);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 413 to a chunked body without Content-Length that grows too large", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const signed = await checkoutPost(undefined);
    const request = new Request(signed.url, { method: "POST", headers: signed.headers, body, duplex: "half" } as RequestInit);
    expect(request.headers.get("Content-Length")).toBeNull();
    expect((await runRoute(events, request)).status).toBe(413);
    expect(sent).toBeLessThan(100);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await post("{events:");
    expect(response.status).toBe(400);
  });

  it("answers 401 to a correctly signed session token without dest", async () => {
    const { token } = await getJwt("events-shop", TEST_APP.apiKey, TEST_APP.apiSecret, { dest: undefined });
    const response = await post({ checkoutToken: "ck-8", events: [impression()] }, { token });
    expect(response.status).toBe(401);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 401 to a post-purchase token", async () => {
    const token = await postPurchaseToken({ shop: SHOP, referenceId: "ref-1" });
    const response = await post({ checkoutToken: "ck-9", events: [impression()] }, { token });
    expect(response.status).toBe(401);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });
});
