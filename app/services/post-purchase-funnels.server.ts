import type { Funnel, PurchaseLine } from "@upstack/core";
import { activeFunnels } from "../models/funnel.server";
import { soldOutVariants } from "../models/sold-out-variant.server";

/**
 * The shop's active funnels that have a post-purchase upsell, in selection
 * order, and its sold-out variants, for the offer endpoint's hot path.
 *
 * Reading and JSON-parsing every active funnel (100 in the benchmark) for
 * every new purchase was most of the endpoint's cost, so the parsed list is
 * kept in memory per shop, under the version of the shop's funnels it was
 * read at (their number and latest updatedAt, and the sold-out variants';
 * see post-purchase.server in models). A decision made from it is only
 * stored if the funnels are still at that version
 * (insertDecisionIfFunnelsAt), and any save, status change, pause, delete
 * or change of stock, by this instance or another one sharing the database,
 * changes the version: so no decision is ever made from a stale list, and
 * the cache needs no invalidation hooks.
 */

export type PostPurchaseFunnels = {
  version: string;
  funnels: Funnel[];
  /** Variants Shopify cannot sell now, as of the shop's last publish: their offers are left out. */
  soldOut: ReadonlySet<string>;
  /** The funnels whose trigger could match a purchase with these lines, still in selection order. */
  candidates(lines: readonly PurchaseLine[]): Funnel[];
};

const MAX_SHOPS = 1000;
const cache = new Map<string, PostPurchaseFunnels>();

/** The list last loaded for the shop, with its version, without asking the database; check it before trusting it. */
export function cachedPostPurchaseFunnels(shop: string): PostPurchaseFunnels | undefined {
  return cache.get(shop);
}

export async function postPurchaseFunnels(shop: string, version: string): Promise<PostPurchaseFunnels> {
  const cached = cache.get(shop);
  if (cached?.version === version) return cached;
  // A change landing after the version was read leaves an entry whose version
  // is already behind: the next call reloads it. Never the other way round.
  const [active, soldOut] = await Promise.all([activeFunnels(shop), soldOutVariants(shop)]);
  const funnels = active.filter((funnel) => funnel.postPurchase?.upsell);
  const entry = { version, funnels, soldOut, candidates: candidatesIndex(funnels) };
  if (!cached && cache.size >= MAX_SHOPS) cache.delete(cache.keys().next().value as string);
  cache.set(shop, entry);
  return entry;
}

/**
 * Which funnels a purchase's lines can trigger, without looking at the other
 * ones: core's matchesTrigger builds a set of each funnel's trigger ids per
 * call, which for 100 funnels was most of a decision's allocations. Only a
 * pre-filter: core's decidePostPurchase still applies the whole rule to the
 * candidates. Triggers on any order or on collections are always candidates.
 */
function candidatesIndex(funnels: Funnel[]) {
  const always: number[] = [];
  const byId = new Map<string, number[]>();
  const add = (id: string, position: number) => {
    const list = byId.get(id);
    if (!list) byId.set(id, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  };
  funnels.forEach((funnel, position) => {
    const match = funnel.trigger.match;
    if (match.type === "products") for (const p of match.products) add(p.productId, position);
    else if (match.type === "variants") for (const v of match.variants) add(v.variantId, position);
    else always.push(position);
  });
  return (lines: readonly PurchaseLine[]): Funnel[] => {
    const positions = new Set(always);
    for (const line of lines) {
      for (const position of byId.get(line.productId) ?? []) positions.add(position);
      for (const position of byId.get(line.variantId) ?? []) positions.add(position);
    }
    return [...positions].sort((a, b) => a - b).map((position) => funnels[position] as Funnel);
  };
}
