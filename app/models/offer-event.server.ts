import db from "../db.server";

export type CheckoutEvent = { type: "impression" | "accept" | "remove"; funnelId: string; variantId: string };

/**
 * Records what buyers did with a bump in checkout. Every event must name a
 * bump this shop really offers (its funnel and that funnel's bump variant);
 * otherwise nothing is recorded and the reason is returned. An impression
 * counts once per checkout, however often it is sent.
 */
export async function recordCheckoutEvents(
  shop: string,
  purchase: { checkoutToken: string | null; customerId: string | null },
  events: CheckoutEvent[],
): Promise<{ ok: true; recorded: number } | { ok: false; reason: string }> {
  const funnelIds = [...new Set(events.map((event) => event.funnelId))];
  const funnels = await db.funnel.findMany({ where: { shop, id: { in: funnelIds } }, select: { id: true, definition: true } });
  const bumpVariant = new Map(
    funnels.map((funnel) => [
      funnel.id,
      (JSON.parse(funnel.definition) as { bump?: { product?: { variantId?: string } } | null }).bump?.product?.variantId,
    ]),
  );
  const foreign = events.find((event) => !bumpVariant.has(event.funnelId) || bumpVariant.get(event.funnelId) !== event.variantId);
  if (foreign) return { ok: false, reason: `No bump of this shop matches funnel ${foreign.funnelId} and ${foreign.variantId}.` };

  let recorded = 0;
  for (const event of events) {
    const dedupeKey =
      event.type === "impression" && purchase.checkoutToken
        ? `checkout:${purchase.checkoutToken}:${event.funnelId}:impression`
        : null;
    try {
      await db.offerEvent.create({
        data: {
          shop,
          funnelId: event.funnelId,
          offer: "bump",
          type: event.type,
          variantId: event.variantId,
          purchaseKey: purchase.checkoutToken,
          dedupeKey,
          customerId: purchase.customerId,
        },
      });
      recorded++;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error; // a repeated impression: already counted
    }
  }
  return { ok: true, recorded };
}
