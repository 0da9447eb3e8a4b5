import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { StorePlan } from "@upstack/core";

const SHOP_SUMMARY_QUERY = `#graphql
  query UpstackShopSummary {
    shop {
      name
      currencyCode
      myshopifyDomain
      plan {
        shopifyPlus
        partnerDevelopment
      }
    }
  }
`;

export type ShopSummary = { name: string; currencyCode: string; myshopifyDomain: string; plan: StorePlan };

/** The shop's name, currency and plan (which surfaces it can use), as the admin pages show them. */
export async function readShopSummary(admin: AdminApiContext): Promise<ShopSummary> {
  const response = await admin.graphql(SHOP_SUMMARY_QUERY);
  const body = (await response.json()) as { data?: { shop?: ShopSummary } };
  if (!body.data?.shop) throw new Error("Shopify did not return the shop's summary.");
  return body.data.shop;
}
