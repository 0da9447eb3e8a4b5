import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoProducts } from "../../sandbox/demo-shop";
import { createSandboxShop } from "../../sandbox/stand-in/shop-state";
import { shopifyStandIn } from "../../sandbox/stand-in/shopify";
import { mswServer } from "../support/msw-server";
import { findGraphqlDocuments } from "../support/shopify-graphql";
import { TEST_APP } from "../support/shopify-requests";

// The sandbox's stand-in answers every Admin API operation the app sends,
// from the demo shop's state, with what the real 2026-07 schema allows (the
// stub checks each answer against the vendored schema and reports failures).

const SHOP = "upstack-demo.myshopify.com";
const root = path.resolve(import.meta.dirname, "..", "..");

function demoShop() {
  const shop = createSandboxShop({
    domain: SHOP,
    currency: "USD",
    appOrigin: TEST_APP.url,
    apiKey: TEST_APP.apiKey,
    apiSecret: TEST_APP.apiSecret,
    products: demoProducts(),
    deliver: async (topic) => ({ topic, status: 200, at: new Date().toISOString() }),
  });
  shop.addHistory(
    Array.from({ length: 30 }, (_, day) => ({ createdAt: new Date(Date.now() - (day + 1) * 86_400_000), lines: [{ variantId: "gid://shopify/ProductVariant/2001", quantity: 1 }] })),
  );
  return shop;
}

/** Variables a real call would send, by variable name. */
function variablesFor(operation: string, shop: ReturnType<typeof demoShop>): Record<string, unknown> {
  const variants = shop.variants();
  switch (operation) {
    case "UpstackOfferVariants":
      return { ids: [variants[0]?.id, "gid://shopify/ProductVariant/999"] };
    case "UpstackTriggerProducts":
      return { ids: [variants[0]?.productId] };
    case "UpstackCollections":
      return { ids: ["gid://shopify/Collection/1"] };
    case "UpstackCollectionProducts":
      return { id: "gid://shopify/Collection/1", after: null };
    case "UpstackThankYouOrder":
      return { id: shop.orders()[0]?.id };
    case "UpstackBumpDiscountExists":
      return { id: "gid://shopify/DiscountAutomaticNode/1" };
    case "UpstackThankYouDiscountCreate":
      return {
        input: {
          title: "Upstack thank-you offer",
          code: "THANKS-1",
          startsAt: new Date().toISOString(),
          customerGets: { value: { percentage: 0.25 }, items: { products: { productVariantsToAdd: [variants[0]?.id] } } },
          customerSelection: { all: true },
          usageLimit: 1,
        },
      };
    case "UpstackPublishMetafields":
      return { metafields: [{ ownerId: "gid://shopify/Shop/1", namespace: "$app", key: "config", type: "json", value: "{}" }] };
    case "UpstackCreateBumpDiscount":
      return { discount: { title: "Upstack order bump", functionHandle: "bump-discount", startsAt: new Date().toISOString() } };
    case "BackfillOrders":
      return { first: 25, after: null, query: `created_at:>='${new Date(Date.now() - 60 * 86_400_000).toISOString()}'` };
    default:
      return {};
  }
}

async function ask(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`https://${SHOP}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "sandbox-token" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> } };
}

describe("the sandbox's Admin API stand-in", () => {
  const documents = findGraphqlDocuments(root).filter((doc) => doc.schema === "admin" && doc.file.startsWith("app/"));

  it("finds the app's Admin API operations", () => {
    expect(documents.length).toBeGreaterThanOrEqual(12);
  });

  it.each(documents.map((doc) => [/(?:query|mutation)\s+(\w+)/.exec(doc.source)?.[1] ?? doc.file, doc] as const))(
    "answers %s as the real schema allows",
    async (operation, doc) => {
      const shop = demoShop();
      const standIn = shopifyStandIn(shop, { apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret, offlineToken: "sandbox-token" });
      mswServer.use(...standIn.handlers);

      const { status, body } = await ask(doc.source, variablesFor(operation, shop));

      expect(standIn.stub.failures).toEqual([]);
      expect(status).toBe(200);
      expect(body.data).toBeTruthy();
    },
  );

  it("pages the 60-day history to the backfill", async () => {
    const shop = demoShop();
    const standIn = shopifyStandIn(shop, { apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret, offlineToken: "sandbox-token" });
    mswServer.use(...standIn.handlers);
    const backfill = documents.find((doc) => doc.source.includes("query BackfillOrders"));
    if (!backfill) throw new Error("BackfillOrders is not among the app's documents");

    type Page = { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] } };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { body } = await ask(backfill.source, { ...variablesFor("BackfillOrders", shop), first: 12, after });
      const orders = (body.data as Page).orders;
      seen.push(...orders.nodes.map((n) => n.id));
      if (!orders.pageInfo.hasNextPage) break;
      after = orders.pageInfo.endCursor;
    }
    expect(seen).toEqual(shop.orders().map((o) => o.id));
    expect(standIn.stub.failures).toEqual([]);
  });

  it("exchanges only session tokens signed with the app's secret", async () => {
    const shop = demoShop();
    const standIn = shopifyStandIn(shop, { apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret, offlineToken: "sandbox-token" });
    mswServer.use(...standIn.handlers);
    const { adminSessionToken } = await import("../../sandbox/stand-in/jwt");
    const exchange = (secret: string) =>
      fetch(`https://${SHOP}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          client_id: TEST_APP.apiKey,
          client_secret: TEST_APP.apiSecret,
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: adminSessionToken({ shop: SHOP, apiKey: TEST_APP.apiKey, apiSecret: secret }),
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        }),
      });

    const good = await exchange(TEST_APP.apiSecret);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ access_token: "sandbox-token" });
    expect((await exchange("forged")).status).toBe(400);
  });
});
