import type { Funnel, FunnelStatus } from "@upstack/core";
import db, { type Database } from "../db.server";
import { createOrFind } from "./unique-key.server";

/** A funnel as the admin shows it: the core model plus what only the admin needs. */
export type StoredFunnel = Funnel & { attention: string | null; updatedAt: string };

type FunnelRow = {
  id: string;
  name: string;
  status: string;
  priority: number;
  definition: string;
  attention: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type Definition = Pick<Funnel, "trigger" | "bump" | "postPurchase">;

function toFunnel(row: FunnelRow): StoredFunnel {
  const definition = JSON.parse(row.definition) as Definition;
  return {
    id: row.id,
    name: row.name,
    status: row.status as FunnelStatus,
    priority: row.priority,
    trigger: definition.trigger,
    bump: definition.bump,
    postPurchase: definition.postPurchase,
    createdAt: row.createdAt.toISOString(),
    attention: row.attention,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const definitionOf = (funnel: Definition) =>
  JSON.stringify({ trigger: funnel.trigger, bump: funnel.bump, postPurchase: funnel.postPurchase });

/** Everything but archived funnels, highest priority first; optionally one status. */
export async function listFunnels(shop: string, status?: FunnelStatus): Promise<StoredFunnel[]> {
  const rows = await db.funnel.findMany({
    where: { shop, status: status ?? { not: "archived" } },
    orderBy: [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toFunnel);
}

export async function activeFunnels(shop: string): Promise<StoredFunnel[]> {
  return listFunnels(shop, "active");
}

/** One funnel of this shop; another shop's id finds nothing. */
export async function findFunnel(shop: string, id: string): Promise<StoredFunnel | null> {
  const row = await db.funnel.findFirst({ where: { id, shop } });
  return row ? toFunnel(row) : null;
}

export type FunnelDraft = Omit<Funnel, "id" | "createdAt">;

/**
 * Creates the funnel. With an idempotency key (one per editor session), a
 * create posted again, even concurrently, returns the funnel the first one
 * made: the unique (shop, idempotencyKey) decides, not this process.
 */
export async function createFunnel(shop: string, draft: FunnelDraft, idempotencyKey?: string): Promise<StoredFunnel> {
  const { row } = await createOrFind(
    () =>
      db.funnel.create({
        data: {
          shop,
          name: draft.name,
          status: draft.status,
          priority: draft.priority,
          definition: definitionOf(draft),
          idempotencyKey: idempotencyKey ?? null,
        },
      }),
    () => (idempotencyKey ? db.funnel.findFirst({ where: { shop, idempotencyKey } }) : Promise.resolve(null)),
  );
  return toFunnel(row);
}

/** Saves the merchant's edit; null when the funnel is not this shop's. */
export async function updateFunnel(shop: string, id: string, draft: FunnelDraft): Promise<StoredFunnel | null> {
  const { count } = await db.funnel.updateMany({
    where: { id, shop },
    data: {
      name: draft.name,
      status: draft.status,
      priority: draft.priority,
      definition: definitionOf(draft),
      attention: null,
    },
  });
  return count ? findFunnel(shop, id) : null;
}

/** Bulk pause / activate / archive; returns how many of this shop's funnels changed. */
export async function setFunnelStatus(shop: string, ids: string[], status: FunnelStatus): Promise<number> {
  const { count } = await db.funnel.updateMany({
    where: { shop, id: { in: ids } },
    data: { status },
  });
  return count;
}

export async function deleteFunnel(shop: string, id: string): Promise<boolean> {
  const { count } = await db.funnel.deleteMany({ where: { id, shop } });
  return count > 0;
}

/** Funnels of the shop whose offers or trigger mention a product (for product webhooks). */
export async function funnelsMentioningProduct(
  shop: string,
  productId: string,
  client: Pick<Database, "funnel"> = db,
): Promise<StoredFunnel[]> {
  const rows = await client.funnel.findMany({
    where: { shop, status: { not: "archived" }, definition: { contains: `"${productId}"` } },
  });
  return rows.map(toFunnel);
}

/** Pauses a funnel Upstack can no longer publish, saying why. */
export async function pauseForAttention(shop: string, id: string, reason: string) {
  await db.funnel.updateMany({ where: { shop, id }, data: { status: "paused", attention: reason } });
}

export async function saveResolvedDefinition(shop: string, id: string, funnel: Definition) {
  await db.funnel.updateMany({ where: { shop, id }, data: { definition: definitionOf(funnel) } });
}
