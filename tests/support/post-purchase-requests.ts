import type { JwtPayload } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { TEST_APP } from "./shopify-requests";

export type TestLineItem = { productId: number; variantId: number; quantity: number; total: string };

export type PostPurchaseTokenOptions = {
  shop: string;
  referenceId: string;
  lineItems?: TestLineItem[] | null;
  /** Shop currency; presentment defaults to it. */
  currency?: string;
  presentmentCurrency?: string;
  customerId?: number | null;
  secret?: string;
  /** Seconds since the epoch; null leaves `exp` out. */
  exp?: number | null;
  iat?: number;
  iss?: string;
};

/**
 * `inputData.token` as Shopify issues it to a post-purchase extension (JWT
 * specification for post-purchase extensions): HS256 with the app secret,
 * iss "shopify", sub = the reference id, no jti, aud or dest, and the input
 * data (shop, initialPurchase) as the `input_data` claim. Built with the
 * library's getJwt, minus the claims only session tokens have.
 */
export async function postPurchaseToken(options: PostPurchaseTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const currency = options.currency ?? "USD";
  const presentment = options.presentmentCurrency ?? currency;
  const lines = options.lineItems === undefined ? [] : options.lineItems;
  const total = (lines ?? []).reduce((sum, line) => sum + Math.round(Number(line.total) * 100), 0);
  const money = (amount: string) => ({
    shopMoney: { amount, currencyCode: currency },
    presentmentMoney: { amount, currencyCode: presentment },
  });
  const initialPurchase = {
    referenceId: options.referenceId,
    ...(options.customerId === null ? {} : { customerId: options.customerId ?? 7001 }),
    destinationCountryCode: "CA",
    totalPriceSet: money((total / 100).toFixed(2)),
    ...(lines === null
      ? {}
      : {
          lineItems: lines.map((line) => ({
            product: {
              id: line.productId,
              title: `Product ${line.productId}`,
              variant: { id: line.variantId, title: "Default Title", metafields: [] },
              metafields: [],
            },
            quantity: line.quantity,
            totalPriceSet: money(line.total),
          })),
        }),
  };
  const claims = {
    iss: options.iss ?? "shopify",
    sub: options.referenceId,
    iat: options.iat ?? now,
    exp: options.exp === null ? undefined : (options.exp ?? now + 900),
    // Session-token claims a post-purchase token does not have.
    dest: undefined,
    aud: undefined,
    nbf: undefined,
    jti: undefined,
    sid: undefined,
    input_data: {
      extensionPoint: "Checkout::PostPurchase::ShouldRender",
      initialPurchase,
      locale: "en",
      shop: { id: 1, domain: options.shop, metafields: [] },
      version: "unstable",
    },
  };
  const { token } = await getJwt(
    options.shop.replace(/\.myshopify\.com$/, ""),
    TEST_APP.apiKey,
    options.secret ?? TEST_APP.apiSecret,
    claims as unknown as Partial<JwtPayload>,
  );
  return token;
}

/** A request from the post-purchase page: bearer token, JSON body, checkout's origin. */
export function postPurchaseRequest(path: string, token: string, body: unknown, method = "POST") {
  return new Request(new URL(path, TEST_APP.url), {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Origin: "https://checkout.shopify.com",
    },
    body: method === "POST" ? JSON.stringify(body) : undefined,
  });
}
