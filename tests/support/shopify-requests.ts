import type { LoaderFunctionArgs } from "@remix-run/node";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import db from "~/db.server";
import { webhookHeaders } from "../../sandbox/stand-in/webhooks";

/** The app credentials vitest.config.ts puts in the environment. */
export const TEST_APP = {
  apiKey: process.env.SHOPIFY_API_KEY ?? "",
  apiSecret: process.env.SHOPIFY_API_SECRET ?? "",
  url: process.env.SHOPIFY_APP_URL ?? "",
};

export const SCOPES = "read_products,write_discounts,read_orders,read_themes";

/** A webhook request as Shopify sends it: raw JSON body, HMAC of that body, and its headers. */
export function webhookRequest(options: {
  path: string;
  topic: string;
  shop: string;
  payload: unknown;
  webhookId?: string;
  secret?: string;
}): Request {
  const body = JSON.stringify(options.payload);
  return new Request(new URL(options.path, TEST_APP.url), {
    method: "POST",
    body,
    headers: webhookHeaders({
      body,
      topic: options.topic,
      shop: options.shop,
      secret: options.secret ?? TEST_APP.apiSecret,
      ...(options.webhookId ? { webhookId: options.webhookId } : {}),
    }),
  });
}

/** An embedded-admin request carrying a session token signed with the app's secret. */
export function adminRequest(path: string, shop: string, kind: "document" | "fetch" = "fetch", init?: RequestInit) {
  return setUpValidRequest(
    {
      type: kind === "document" ? RequestType.Admin : RequestType.Bearer,
      store: shop.replace(/\.myshopify\.com$/, ""),
      apiKey: TEST_APP.apiKey,
      apiSecretKey: TEST_APP.apiSecret,
    },
    new Request(new URL(path, TEST_APP.url), init),
  );
}

/** An admin POST with a JSON body, as the funnel editor sends it. */
export function adminJsonPost(path: string, shop: string, body: unknown) {
  return adminRequest(path, shop, "fetch", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Stores the shop's offline session, as installation would, so no token exchange is attempted. */
export async function installShop(shop: string, scope = SCOPES) {
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    update: { scope, accessToken: `token-for-${shop}` },
    create: { id: `offline_${shop}`, shop, state: "installed", isOnline: false, scope, accessToken: `token-for-${shop}` },
  });
}

/** Runs a Remix loader or action as Remix would, and returns the Response it returned or threw. */
export async function runRoute(
  handler: (args: LoaderFunctionArgs) => unknown,
  request: Request | Promise<Request>,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const result = await handler({ request: await request, params, context: {} });
    if (result instanceof Response) return result;
    // Remix's data(body, { status }) for answers such as a 422 with field errors.
    if (isDataWithInit(result)) {
      return new Response(JSON.stringify(result.data), {
        status: result.init?.status ?? 200,
        headers: { "Content-Type": "application/json" },
      });
    }
    return new Response(JSON.stringify(result), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function isDataWithInit(value: unknown): value is { data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit";
}
