import { z } from "zod";
import { recordCheckoutEvents } from "../models/offer-event.server";
import { countAgainstLimit, type RateLimit } from "../models/rate-limit.server";
import { isShopRedacted } from "../models/shop-redaction.server";
import { authenticate } from "../shopify.server";
import { BUYER_BODY_LIMIT_BYTES, readJsonBody, RequestBodyError } from "./request-body.server";

const eventsSchema = z.object({
  // Required: it is what lets an event count once per checkout (decision 0005).
  checkoutToken: z.string().trim().min(1).max(200),
  events: z
    .array(
      z.object({
        type: z.enum(["impression", "accept", "remove"]),
        funnelId: z.string().min(1).max(100),
        variantId: z.string().regex(/^gid:\/\/shopify\/ProductVariant\/[1-9][0-9]*$/),
      }),
    )
    .min(1)
    .max(20),
});

/**
 * Events a checkout and a shop may send, counted per event (decision 0005). A
 * buyer's checkout sends a handful; a shop's limit is far above its busiest
 * legitimate minute and bounds what a script can write.
 */
export const CHECKOUT_EVENT_LIMITS = {
  perCheckout: { max: 60, windowSeconds: 600 },
  perShop: { max: 6000, windowSeconds: 60 },
} satisfies Record<string, RateLimit>;

/** What a checkout UI extension's session token must say: the shop it was issued for. */
export const checkoutTokenClaims = z.object({
  dest: z
    .string()
    .transform((dest) => dest.trim().toLowerCase().replace(/^https:\/\//, "").replace(/\/.*$/, ""))
    .pipe(z.string().regex(/^[a-z0-9][a-z0-9.-]*(:[0-9]+)?$/)),
  sub: z.string().optional(),
});

/** Verifies the checkout's session token, checks the events name this shop's bumps, records them. */
export async function receiveCheckoutEvents(
  request: Request,
  limits: typeof CHECKOUT_EVENT_LIMITS = CHECKOUT_EVENT_LIMITS,
): Promise<Response> {
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  const answer = (status: number, body: object, headers?: HeadersInit) => cors(Response.json(body, { status, headers }));

  // A correctly signed token of another kind (a post-purchase token, an admin token without `dest`) names no checkout shop.
  const claims = checkoutTokenClaims.safeParse(sessionToken);
  if (!claims.success) return answer(401, { error: "The token is not a checkout session token." });
  const shop = claims.data.dest;

  let body: unknown;
  try {
    body = await readJsonBody(request, { maxBytes: BUYER_BODY_LIMIT_BYTES });
  } catch (error) {
    if (error instanceof RequestBodyError) return answer(error.status, { error: error.message });
    throw error;
  }
  const parsed = eventsSchema.safeParse(body);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return answer(400, { error: `Malformed events: ${reason}` });
  }
  const { checkoutToken, events } = parsed.data;

  if (await isShopRedacted(shop)) return answer(422, { error: "This shop's data was erased; nothing is recorded." });
  for (const [key, limit] of [
    ["shop", limits.perShop],
    [`checkout:${checkoutToken}`, limits.perCheckout],
  ] as const) {
    const outcome = await countAgainstLimit(shop, `checkout-events:${key}`, events.length, limit);
    if (!outcome.allowed) {
      return answer(
        429,
        { error: `Too many checkout events; try again in ${outcome.retryAfterSeconds} s.` },
        { "Retry-After": String(outcome.retryAfterSeconds) },
      );
    }
  }

  const customerId = claims.data.sub?.startsWith("gid://shopify/Customer/") ? claims.data.sub : null;
  const result = await recordCheckoutEvents(shop, { checkoutToken, customerId }, events);
  if (!result.ok) return answer(422, { error: result.reason });
  return answer(202, { recorded: result.recorded });
}
