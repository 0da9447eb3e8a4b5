import { http, HttpResponse } from "msw";
import { stubAdminGraphql } from "./admin-graphql";
import { type CatalogOptions, answerCatalog } from "./catalog";
import { verifyHs256 } from "./jwt";
import { decimal, type SandboxOrder, type SandboxShopState } from "./shop-state";

/**
 * The local stand-in for Shopify, at the HTTP boundary of the app's process:
 * MSW handlers for https://<shop>/admin/... answering the Admin GraphQL
 * operations Upstack sends (each answer checked against the vendored
 * 2026-07 schema for the exact document, as the tests' stubs are) and the
 * token exchange. Everything it answers comes from the demo shop's state.
 */

const SCOPES = "read_products,write_discounts,read_orders,read_themes";

export function shopifyStandIn(
  shop: SandboxShopState,
  app: { apiKey: string; apiSecret: string; offlineToken: string },
  published?: CatalogOptions["published"],
) {
  const stub = stubAdminGraphql({ onFailure: (message) => console.error(`sandbox: Admin API stand-in: ${message}`) });
  const catalog = shop.variants().map((v) => ({
    productId: Number(v.productId.split("/").pop()),
    variantId: Number(v.id.split("/").pop()),
    title: v.productTitle,
    variantTitle: v.title,
    price: decimal(v.price, shop.currency),
    imageUrl: v.imageUrl ?? null,
  }));
  answerCatalog(stub, catalog, { shop: shop.domain, shopName: "Upstack Demo", currency: shop.currency, published });

  stub.answer("UpstackStoreSetup", {
    data: {
      // A Plus shop with the cart embed on: every surface is available, as the storefront preview shows them all.
      shop: { plan: { shopifyPlus: true, partnerDevelopment: false, publicDisplayName: "Shopify Plus" } },
      themes: {
        nodes: [
          {
            id: "gid://shopify/OnlineStoreTheme/1",
            files: {
              nodes: [
                {
                  body: {
                    content: JSON.stringify({
                      current: { blocks: { "1": { type: "shopify://apps/upstack/blocks/cart-bump-embed/sandbox", disabled: false } } },
                    }),
                  },
                },
              ],
            },
          },
        ],
      },
    },
  });

  stub.answer("UpstackThankYouOrder", (variables) => {
    const order = shop.order(String(variables?.id));
    if (!order) return { data: { order: null } };
    return {
      data: {
        order: {
          id: order.id,
          createdAt: order.createdAt,
          checkoutToken: order.checkoutToken,
          currencyCode: order.currency,
          presentmentCurrencyCode: order.currency,
          customer: null,
          lineItems: {
            nodes: order.lines.map((line) => ({
              quantity: line.quantity,
              product: { id: shop.variant(line.variantId)?.productId ?? "" },
              variant: { id: line.variantId },
              discountedTotalSet: { shopMoney: money(lineTotal(line), order.currency) },
            })),
          },
        },
      },
    };
  });

  let codes = 0;
  stub.answer("UpstackThankYouDiscountCreate", () => ({
    data: { discountCodeBasicCreate: { codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${++codes}` }, userErrors: [] } },
  }));

  stub.answer("BackfillOrders", (variables) => {
    const since = /created_at:>='([^']+)'/.exec(String(variables?.query ?? ""))?.[1];
    const orders = shop.orders().filter((o) => !since || o.createdAt >= new Date(since).toISOString());
    const first = Number(variables?.first ?? 25);
    const start = variables?.after ? Number(Buffer.from(String(variables.after), "base64url").toString()) : 0;
    const page = orders.slice(start, start + first);
    const end = start + page.length;
    return {
      data: {
        orders: {
          pageInfo: { hasNextPage: end < orders.length, endCursor: page.length ? Buffer.from(String(end)).toString("base64url") : null },
          nodes: page.map((order) => backfillNode(shop, order)),
        },
      },
      extensions: {
        cost: { requestedQueryCost: 52, actualQueryCost: 40, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1948, restoreRate: 100 } },
      },
    };
  });

  // Token exchange (authenticate.admin without an offline session): the session token must verify with the app's secret.
  const tokenExchange = http.post("https://:shop/admin/oauth/access_token", async ({ request, params }) => {
    const body = await readForm(request);
    const subject = body.get("subject_token") ?? "";
    const verified = verifyHs256(subject, app.apiSecret);
    if (!verified.ok || body.get("client_id") !== app.apiKey || body.get("client_secret") !== app.apiSecret || params.shop !== shop.domain) {
      return HttpResponse.json({ error: "invalid_subject_token", error_description: "The token exchange was refused" }, { status: 400 });
    }
    const online = String(body.get("requested_token_type") ?? "").endsWith(":online-access-token");
    return HttpResponse.json({
      access_token: app.offlineToken,
      scope: SCOPES,
      ...(online
        ? {
            expires_in: 86399,
            associated_user_scope: SCOPES,
            associated_user: { id: 1, first_name: "Demo", last_name: "Merchant", email: "merchant@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
          }
        : {}),
    });
  });

  return { handlers: [stub.handler, tokenExchange], stub };
}

async function readForm(request: Request): Promise<Map<string, string>> {
  const text = await request.text();
  const type = request.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    const json = JSON.parse(text) as Record<string, unknown>;
    return new Map(Object.entries(json).map(([k, v]) => [k, String(v)]));
  }
  return new Map(new URLSearchParams(text));
}

const money = (amount: number, currency: string) => ({ amount: decimal(amount, currency), currencyCode: currency });
const bag = (amount: number, currency: string) => ({ shopMoney: money(amount, currency), presentmentMoney: money(amount, currency) });
const lineTotal = (line: SandboxOrder["lines"][number]) => line.unitPrice * line.quantity - line.discounts.reduce((s, d) => s + d.amount, 0);

/** An order as the backfill's query reads it. Every line discount reads as an automatic discount with its title, as in the webhooks. */
function backfillNode(shop: SandboxShopState, order: SandboxOrder) {
  return {
    id: order.id,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    checkoutToken: order.checkoutToken,
    customer: null,
    paymentGatewayNames: [order.paymentGateway],
    // The demo shop sells courses and passes: nothing ships, so there is no shipping line.
    requiresShipping: false,
    shippingLine: null,
    totalPriceSet: bag(order.total, order.currency),
    lineItems: {
      nodes: order.lines.map((line) => ({
        id: line.lineItemId,
        quantity: line.quantity,
        product: { id: shop.variant(line.variantId)?.productId ?? "" },
        variant: { id: line.variantId },
        customAttributes: line.attributes.map((a) => ({ key: a.key, value: a.value })),
        originalTotalSet: bag(line.unitPrice * line.quantity, order.currency),
        discountAllocations: line.discounts.map((d) => ({
          allocatedAmountSet: bag(d.amount, order.currency),
          discountApplication: { __typename: "AutomaticDiscountApplication", title: d.title },
        })),
      })),
    },
    refunds: [],
  };
}
