import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action as events } from "~/routes/api.checkout.events";
import { action as compliance } from "~/routes/webhooks.compliance";
import { runRoute, TEST_APP, webhookRequest } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "events-shop.myshopify.com";
const OTHER_SHOP = "events-rival.myshopify.com";
const BUMP_VARIANT = "gid://shopify/ProductVariant/2002";
const BUYER = "gid://shopify/Customer/7001";

let funnelId: string;
let otherFunnelId: string;

const definition = (variantId: string) => JSON.stringify({ bump: { product: { variantId } } });

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  funnelId = (await db.funnel.create({ data: { shop: SHOP, name: "Course", status: "active", definition: definition(BUMP_VARIANT) } })).id;
  otherFunnelId = (
    await db.funnel.create({ data: { shop: OTHER_SHOP, name: "Theirs", status: "active", definition: definition(BUMP_VARIANT) } })
  ).id;
});

/** A request as the checkout extension sends it: the checkout's session token as a bearer token. */
async function checkoutPost(body: unknown, options: { secret?: string; exp?: number; method?: string } = {}) {
  const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), TEST_APP.apiKey, options.secret ?? TEST_APP.apiSecret, {
    sub: BUYER,
    ...(options.exp ? { exp: options.exp } : {}),
  });
  return new Request(new URL("/api/checkout/events", TEST_APP.url), {
    method: options.method ?? "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Origin: "https://checkout.shopify.com",
    },
    body: options.method === "OPTIONS" ? undefined : JSON.stringify(body),
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
    const response = await post({ events: [{ type: "accept", funnelId, variantId: "gid://shopify/ProductVariant/1" }] });
    expect(response.status).toBe(422);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it.each([
    ["a forged token", { secret: "not-our-secret" }],
    ["an expired token", { exp: Math.floor(Date.now() / 1000) - 60 }],
  ])("answers 401 to %s and records nothing", async (_, options) => {
    const response = await post({ events: [{ type: "impression", funnelId, variantId: BUMP_VARIANT }] }, options);
    expect(response.status).toBe(401);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 400 with the reason for a malformed batch", async () => {
    const response = await post({ events: [{ type: "purchase", funnelId, variantId: BUMP_VARIANT }] });
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
