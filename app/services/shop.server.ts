import { type AdminApiContext, SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import type { StorePlan } from "@upstack/core";
import { unauthenticated } from "../shopify.server";

/**
 * The shop's Admin API client outside a merchant's request (jobs, buyer
 * endpoints); null when the app is not installed there (uninstalled since):
 * no store to work for, nothing to retry.
 */
export async function adminUnlessUninstalled(shop: string): Promise<AdminApiContext | null> {
  try {
    return (await unauthenticated.admin(shop)).admin;
  } catch (error) {
    if (error instanceof SessionNotFoundError) return null;
    throw error;
  }
}

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
