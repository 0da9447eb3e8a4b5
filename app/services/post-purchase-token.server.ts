import { createHmac } from "node:crypto";
import { z } from "zod";
import { parseEnvironment } from "../env.server";
import { authenticate } from "../shopify.server";

/**
 * The two JWTs of the post-purchase page.
 *
 * IN: `inputData.token`, which Shopify gives the extension and the extension
 * sends us as a bearer token. Per Shopify's JWT specification for post-purchase
 * extensions it is HS256 with the app's API secret, `iss` is always "shopify",
 * `sub` is the initial purchase's reference id, `iat` is present and `jti` is
 * not; per @shopify/post-purchase-ui-extensions it is "JWT representing the
 * input_data payload", i.e. it carries `input_data` with `shop` and
 * `initialPurchase` (line items, totals, customer).
 *
 * authenticate.public.checkout accepts it: for extensions it does not check
 * `aud` (checkAudience: false) and only verifies the HS256 signature with the
 * API secret, `exp` and `nbf` when present (10 s clock tolerance). It also
 * answers the CORS preflight. It does not know this token's claims, so
 * verifyPostPurchaseToken checks them on top: iss "shopify" (so an admin or
 * checkout session token, or a changeset we signed ourselves with the same
 * secret, is not taken for one), sub = the reference id, a shop domain, and
 * an age bound when the token has no `exp`.
 *
 * OUT: the changeset token (signChangesetToken), HS256 with the API secret.
 */

// A post-purchase page lives minutes; a token older than this without its own `exp` is not accepted.
const MAX_AGE_WITHOUT_EXP_SECONDS = 60 * 60;

let credentials: { apiKey: string; apiSecret: string; appUrl: string; customShopDomain: string | null } | null = null;

/** The app's credentials, read once (the process refuses to start without them, see env.server). */
export function appCredentials() {
  if (!credentials) {
    const env = parseEnvironment(process.env);
    credentials = {
      apiKey: env.SHOPIFY_API_KEY,
      apiSecret: env.SHOPIFY_API_SECRET,
      appUrl: env.SHOPIFY_APP_URL,
      customShopDomain: env.SHOP_CUSTOM_DOMAIN?.toLowerCase() ?? null,
    };
  }
  return credentials;
}

const id = z.union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/)]);
const shopifyMoney = z.object({ amount: z.string(), currencyCode: z.string() });
const moneyBag = z.object({ shopMoney: shopifyMoney.optional(), presentmentMoney: shopifyMoney.optional() });

/** What the token must say for us to act on it. */
const claimsSchema = z.object({
  iss: z.literal("shopify"),
  sub: z.string().min(1),
  exp: z.number().optional(),
  iat: z.number().optional(),
  input_data: z.object({
    shop: z.object({ domain: z.string().min(1) }),
    initialPurchase: z.object({
      referenceId: z.string().min(1).max(200),
      customerId: z.union([z.string(), z.number()]).nullish(),
    }),
  }),
});

/** The purchase details the token may carry; used to choose an offer when present, ignored when malformed. */
const purchaseSchema = z.object({
  totalPriceSet: moneyBag.optional(),
  lineItems: z.array(
    z.object({
      product: z.object({ id, variant: z.object({ id }) }),
      quantity: z.number().int(),
      totalPriceSet: moneyBag.optional(),
    }),
  ),
});

export type TokenPurchase = z.infer<typeof purchaseSchema>;

export type VerifiedPostPurchase = {
  /** The shop's myshopify domain, from the token: the only source of the shop. */
  shop: string;
  referenceId: string;
  /** gid://shopify/Customer/<id>, when the purchase names a customer. */
  customerId: string | null;
  /** The purchase as Shopify signed it, when the token carries its line items. */
  purchase: TokenPurchase | null;
};

/** A 4xx/5xx the client gets with a reason, always with CORS headers. */
export class PostPurchaseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PostPurchaseError";
  }
}

/**
 * CORS for the post-purchase page (a sandboxed worker on Shopify's origin).
 * The same headers authenticate's own cors() adds, applied to every answer,
 * including the 401s authenticate throws without them: the extension must be
 * able to read a refusal, not see a network error.
 */
export function withCors(request: Request, response: Response): Response {
  const origin = request.headers.get("Origin");
  if (origin && origin !== appCredentials().appUrl) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    response.headers.set("Access-Control-Expose-Headers", "X-Shopify-API-Request-Failure-Reauthorize-Url");
  }
  return response;
}

/**
 * Verifies the bearer token of a post-purchase request. Throws a Response for
 * the preflight (204) and bots (410), as authenticate does, and a
 * PostPurchaseError 401 for a missing, forged, expired or foreign token.
 */
export async function verifyPostPurchaseToken(request: Request): Promise<VerifiedPostPurchase> {
  let payload: unknown;
  try {
    payload = (await authenticate.public.checkout(request)).sessionToken;
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 401) {
      throw new PostPurchaseError(401, "invalid_token", "The post-purchase token is missing, forged or expired.");
    }
    throw thrown;
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new PostPurchaseError(401, "invalid_token", "The token is not a post-purchase token from Shopify.");
  }
  const { sub, exp, iat, input_data: input } = claims.data;
  const referenceId = input.initialPurchase.referenceId;
  if (sub !== referenceId) {
    throw new PostPurchaseError(401, "invalid_token", "The token's subject is not its purchase.");
  }
  if (exp === undefined && !recentlyIssued(iat)) {
    throw new PostPurchaseError(401, "invalid_token", "The post-purchase token has no expiry and is too old.");
  }
  const shop = shopDomain(input.shop.domain);
  if (!shop) throw new PostPurchaseError(401, "invalid_token", "The token names no Shopify shop.");
  // From the raw payload: the claims schema above keeps only the fields it checks.
  const raw = payload as { input_data: { initialPurchase: unknown } };
  const purchase = purchaseSchema.safeParse(raw.input_data.initialPurchase);
  return {
    shop,
    referenceId,
    customerId: customerGid(input.initialPurchase.customerId),
    purchase: purchase.success ? purchase.data : null,
  };
}

function recentlyIssued(iat: number | undefined): boolean {
  if (iat === undefined) return false;
  // Shopify documents iat without a unit; accept seconds or milliseconds.
  const seconds = iat > 1e12 ? iat / 1000 : iat;
  const age = Date.now() / 1000 - seconds;
  return age >= -60 && age <= MAX_AGE_WITHOUT_EXP_SECONDS;
}

const MYSHOPIFY = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** "https://Shop.myshopify.com/" -> "shop.myshopify.com"; null for anything that is not a shop domain. */
function shopDomain(value: string): string | null {
  const domain = value.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (MYSHOPIFY.test(domain)) return domain;
  return domain === appCredentials().customShopDomain ? domain : null;
}

function customerGid(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (/^[1-9][0-9]*$/.test(text)) return `gid://shopify/Customer/${text}`;
  return /^gid:\/\/shopify\/Customer\/[1-9][0-9]*$/.test(text) ? text : null;
}

/** The claims of a changeset token, in the order they are serialised. */
export type ChangesetClaims = {
  /** The app's API key. */
  iss: string;
  /** Fresh per signed step; Shopify refuses to apply the same jti twice (changeset_already_applied). */
  jti: string;
  /**
   * Milliseconds since the epoch, as Shopify's post-purchase tutorial signs
   * it (`Date.now()`). Shopify refuses changesets "signed before the initial
   * purchase is completed"; a milliseconds value can never read as earlier
   * than the purchase, whichever unit Shopify parses, while seconds read as
   * milliseconds would date from January 1970.
   */
  iat: number;
  /** The initial purchase's reference id. */
  sub: string;
  changes: unknown[];
};

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

/** HS256 JWT with the API secret. Deterministic: the same claims give the same token. */
export function signChangesetToken(claims: ChangesetClaims): string {
  const ordered = { iss: claims.iss, jti: claims.jti, iat: claims.iat, sub: claims.sub, changes: claims.changes };
  const body = `${HEADER}.${base64url(JSON.stringify(ordered))}`;
  const signature = createHmac("sha256", appCredentials().apiSecret).update(body).digest("base64url");
  return `${body}.${signature}`;
}
