import db from "../db.server";
import { createOfferEvent } from "./scoreboard-rollups.server";
import { createOnce } from "./unique-key.server";
import { parseFunnelDefinition } from "./funnel-definition.server";

export type CheckoutEvent = { type: "impression" | "accept" | "remove"; funnelId: string; variantId: string };

/** Accepts (and removes) of one bump counted per checkout: more ticking and unticking adds no information. */
export const MAX_LINE_CHANGES_PER_CHECKOUT = 10;

/**
 * Records what buyers did with a bump in checkout. Every event must name a
 * bump this shop really offers (its funnel and that funnel's bump variant);
 * otherwise nothing is recorded and the reason is returned.
 *
 * Each event has a dedupe key, unique per shop in the database, so repeats
 * and concurrent copies collapse into one row: an impression counts once per
 * checkout and funnel; accepts and removes count once per state of the bump
 * line: an accept is keyed by the number of removes before it and a remove by
 * the number of accepts, so repeats between two changes share a key and the
 * line must go in and out to count again (a line already in the cart can be
 * removed first).
 */
export async function recordCheckoutEvents(
  shop: string,
  purchase: { checkoutToken: string; customerId: string | null },
  events: CheckoutEvent[],
): Promise<{ ok: true; recorded: number } | { ok: false; reason: string }> {
  const funnelIds = [...new Set(events.map((event) => event.funnelId))];
  const funnels = await db.funnel.findMany({ where: { shop, id: { in: funnelIds } }, select: { id: true, definition: true } });
  const bumpVariant = new Map(
    funnels.map((funnel) => {
      const parsed = parseFunnelDefinition(funnel.definition);
      // A funnel whose settings cannot be read offers no bump (publishing leaves it out).
      return [funnel.id, parsed.ok ? parsed.definition.bump?.product.variantId : undefined];
    }),
  );
  const foreign = events.find((event) => !bumpVariant.has(event.funnelId) || bumpVariant.get(event.funnelId) !== event.variantId);
  if (foreign) return { ok: false, reason: `No bump of this shop matches funnel ${foreign.funnelId} and ${foreign.variantId}.` };

  const changes = await lineChangesSoFar(shop, purchase.checkoutToken, funnelIds);
  let recorded = 0;
  for (const event of events) {
    const line = changes.get(event.funnelId) ?? { accept: 0, remove: 0 };
    changes.set(event.funnelId, line);
    const dedupeKey = dedupeKeyOf(purchase.checkoutToken, event, line);
    if (!dedupeKey || !(await insertOnce(shop, event, purchase, dedupeKey))) continue;
    recorded++;
    if (event.type !== "impression") line[event.type]++;
  }
  return { ok: true, recorded };
}

type LineChangeCounts = { accept: number; remove: number };
type LineChanges = Map<string, LineChangeCounts>;

/** How many accepts and removes each funnel's bump line already has in this checkout. */
async function lineChangesSoFar(shop: string, checkoutToken: string, funnelIds: string[]): Promise<LineChanges> {
  const changes: LineChanges = new Map(funnelIds.map((id) => [id, { accept: 0, remove: 0 }]));
  const rows = await db.offerEvent.groupBy({
    by: ["funnelId", "type"],
    where: { shop, purchaseKey: checkoutToken, funnelId: { in: funnelIds }, type: { in: ["accept", "remove"] } },
    _count: { _all: true },
  });
  for (const row of rows) {
    const counts = changes.get(row.funnelId);
    if (counts && (row.type === "accept" || row.type === "remove")) counts[row.type] = row._count._all;
  }
  return changes;
}

/** The event's place in its checkout, or null when the checkout has changed the line too often to count more. */
function dedupeKeyOf(checkoutToken: string, event: CheckoutEvent, counts: LineChangeCounts): string | null {
  const prefix = `checkout:${checkoutToken}:${event.funnelId}`;
  if (event.type === "impression") return `${prefix}:impression`;
  // An accept is the one after `remove` removes, a remove the one after `accept` accepts.
  const state = event.type === "accept" ? counts.remove : counts.accept;
  if (counts[event.type] >= MAX_LINE_CHANGES_PER_CHECKOUT) return null;
  return `${prefix}:${event.type}:${state}`;
}

async function insertOnce(
  shop: string,
  event: CheckoutEvent,
  purchase: { checkoutToken: string; customerId: string | null },
  dedupeKey: string,
): Promise<boolean> {
  // A repeat of a counted event meets its dedupe key: already counted.
  return createOnce(() =>
    db.$transaction((tx) =>
      createOfferEvent(tx, {
        shop,
        funnelId: event.funnelId,
        offer: "bump",
        type: event.type,
        variantId: event.variantId,
        purchaseKey: purchase.checkoutToken,
        dedupeKey,
        customerId: purchase.customerId,
      }),
    ),
  );
}
