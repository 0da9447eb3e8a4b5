import { z } from "zod";
import { recordCheckoutEvents } from "../models/offer-event.server";
import { authenticate } from "../shopify.server";

const eventsSchema = z.object({
  checkoutToken: z.string().trim().min(1).max(200).nullish(),
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

/** The shop a checkout session token speaks for: its `dest`, as a bare myshopify domain. */
export function shopOfToken(dest: string): string {
  return dest.replace(/^https:\/\//, "").replace(/\/.*$/, "");
}

/** Verifies the checkout's session token, checks the events name this shop's bumps, records them. */
export async function receiveCheckoutEvents(request: Request): Promise<Response> {
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  const parsed = eventsSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return cors(Response.json({ error: `Malformed events: ${reason}` }, { status: 400 }));
  }
  const customerId = sessionToken.sub?.startsWith("gid://shopify/Customer/") ? sessionToken.sub : null;
  const result = await recordCheckoutEvents(
    shopOfToken(sessionToken.dest),
    { checkoutToken: parsed.data.checkoutToken ?? null, customerId },
    parsed.data.events,
  );
  if (!result.ok) return cors(Response.json({ error: result.reason }, { status: 422 }));
  return cors(Response.json({ recorded: result.recorded }, { status: 202 }));
}
