import type { AdminApiContext } from "@shopify/shopify-app-remix/server";

const SHOP_SUMMARY_QUERY = `#graphql
  query UpstackShopSummary {
    shop {
      name
      currencyCode
      myshopifyDomain
    }
  }
`;

export type ShopSummary = { name: string; currencyCode: string; myshopifyDomain: string };

/** The shop's name and currency, as the dashboard shows them. */
export async function readShopSummary(admin: AdminApiContext): Promise<ShopSummary> {
  const response = await admin.graphql(SHOP_SUMMARY_QUERY);
  const body = (await response.json()) as { data?: { shop?: ShopSummary } };
  if (!body.data?.shop) throw new Error("Shopify did not return the shop's summary.");
  return body.data.shop;
}
