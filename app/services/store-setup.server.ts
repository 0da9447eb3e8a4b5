import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { CART_EMBED_HANDLE, type StoreFacts, type SurfaceStatus, appEmbedEnabled, setupGuide } from "@upstack/core";
import { refreshStoreReadingIfStale } from "../jobs/jobs.server";
import { type StoreReading, type StoreSignals, saveStoreReading, storeSignals } from "../models/shop-setup.server";
import { appCredentials } from "./post-purchase-token.server";

/** The app's handle in theme block types (shopify://apps/<handle>/blocks/...): the app's URL handle in the Partner Dashboard. */
export const APP_HANDLE = "upstack";

const STORE_SETUP_QUERY = `#graphql
  query UpstackStoreSetup {
    shop {
      plan { shopifyPlus partnerDevelopment publicDisplayName }
    }
    themes(first: 1, roles: [MAIN]) {
      nodes {
        id
        files(filenames: ["config/settings_data.json"], first: 1) {
          nodes {
            body {
              ... on OnlineStoreThemeFileBodyText { content }
            }
          }
        }
      }
    }
  }
`;

type Answer = {
  data?: {
    shop?: { plan: { shopifyPlus: boolean; partnerDevelopment: boolean; publicDisplayName: string } };
    themes?: { nodes: { id: string; files: { nodes: { body: { content?: string } }[] } | null }[] } | null;
  };
};

/**
 * Reads the shop's plan and whether the cart bump's app embed is on in the
 * live theme, and stores both for the setup guide. Runs in the
 * check-store-setup background job, never in a page load.
 */
export async function checkStoreSetup(admin: AdminApiContext, shop: string): Promise<StoreReading> {
  const response = await admin.graphql(STORE_SETUP_QUERY);
  const body = (await response.json()) as Answer;
  const plan = body.data?.shop?.plan;
  if (!plan) throw new Error("Shopify did not return the shop's plan.");
  const content = body.data?.themes?.nodes[0]?.files?.nodes[0]?.body.content;
  const reading: StoreReading = {
    shopifyPlus: plan.shopifyPlus,
    developmentStore: plan.partnerDevelopment,
    planName: plan.publicDisplayName,
    cartEmbedEnabled: typeof content === "string" ? appEmbedEnabled(content, APP_HANDLE, CART_EMBED_HANDLE) : null,
  };
  await saveStoreReading(shop, reading);
  return reading;
}

/** The facts core's setupGuide reads, from what is stored. */
export function storeFacts(shop: string, apiKey: string, signals: StoreSignals): StoreFacts {
  return {
    shop,
    apiKey,
    plan: signals.setup.plan,
    cartEmbedEnabled: signals.setup.cartEmbedEnabled,
    checkoutBumpSeen: signals.checkoutBumpSeen,
    postPurchaseSeen: signals.postPurchaseSeen,
    thankYouSeen: signals.thankYouSeen,
  };
}

export type SetupGuideView = { surfaces: SurfaceStatus[]; checkedAt: string | null; checking: boolean };

/**
 * The setup guide for a page loader: from the database only. When the
 * stored reading is missing or a day old (or `recheck`), the background job
 * is asked to read the store again; the page says it is checking.
 */
export async function setupGuideFor(shop: string, { recheck = false } = {}): Promise<SetupGuideView> {
  const signals = await storeSignals(shop);
  const checking = await refreshStoreReadingIfStale(shop, signals.setup.checkedAt, { force: recheck });
  return {
    surfaces: setupGuide(storeFacts(shop, appCredentials().apiKey, signals)),
    checkedAt: signals.setup.checkedAt?.toISOString() ?? null,
    checking,
  };
}
