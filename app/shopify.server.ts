import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  LogSeverity,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import { parseEnvironment } from "./env.server";
import { clearShopRedaction } from "./models/shop-redaction.server";

const env = parseEnvironment(process.env);

/** Admin API, webhooks and extensions are pinned to this version. */
export const API_VERSION = ApiVersion.July26;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES?.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  // Info is a line per authenticated request ("Authenticating checkout request"): useful
  // while developing, noise (and a synchronous write per request) in production and tests.
  logger: { level: process.env.NODE_ENV === "development" ? LogSeverity.Info : LogSeverity.Warning },
  hooks: {
    // A new offline session: the shop installed (again), so a past shop/redact no longer holds its data back.
    afterAuth: async ({ session }) => {
      await clearShopRedaction(session.shop);
      // Imported here: the job runner itself imports this module (unauthenticated).
      const { requestOrderBackfill } = await import("./jobs/jobs.server");
      await requestOrderBackfill(session.shop);
    },
  },
  future: {
    // Embedded auth by token exchange; scopes are managed by Shopify from shopify.app.toml.
    unstable_newEmbeddedAuthStrategy: true,
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
