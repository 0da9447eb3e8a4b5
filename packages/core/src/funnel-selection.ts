/**
 * Which funnel a purchase gets when several could apply. The same order is
 * used to publish the checkout and Function configs, so every surface agrees.
 */
import type { Funnel, Purchase } from "./funnel";
import { type CollectionProducts, matchesTrigger } from "./trigger";

type Ordered = Pick<Funnel, "priority" | "createdAt" | "id">;

/**
 * Sort order for funnels: higher priority first, then the older one (the
 * merchant set it up first), then the smaller id by plain string comparison
 * (not localeCompare, which depends on the runtime's locale). An unparseable
 * createdAt sorts as the newest, so it never beats a well-formed funnel.
 */
export function compareFunnelOrder(a: Ordered, b: Ordered): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const timeA = timeOf(a.createdAt);
  const timeB = timeOf(b.createdAt);
  if (timeA !== timeB) return timeA - timeB;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function timeOf(iso: string): number {
  // Compare instants, not strings: "…T10:00:00+02:00" is older than "…T09:00:00Z".
  const time = Date.parse(iso);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/** The active funnel whose trigger matches (collections as `collections` resolves them) and that sorts first; null if none. */
export function selectFunnel<F extends Funnel>(
  funnels: readonly F[],
  purchase: Purchase,
  collections?: CollectionProducts,
): F | null {
  let best: F | null = null;
  for (const funnel of funnels) {
    if (funnel.status !== "active" || !matchesTrigger(funnel.trigger, purchase, collections)) continue;
    if (best === null || compareFunnelOrder(funnel, best) < 0) best = funnel;
  }
  return best;
}
