import type { Funnel, FunnelStatus } from "@upstack/core";
import db, { type Database } from "../db.server";
import { runningExperimentsByFunnel } from "./experiment.server";
import { createOrFind } from "./unique-key.server";
import { parseFunnelDefinition, serializeFunnelDefinition, type FunnelDefinition } from "./funnel-definition.server";

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

type Definition = FunnelDefinition;

/** A funnel whose stored settings cannot be read: listed for the merchant with the problem, never offered. */
export type BrokenFunnel = { id: string; name: string; status: FunnelStatus; priority: number; problem: string };

/** The row as a funnel, or as a broken one (reported) when its definition does not validate. */
function readRow(shop: string, row: FunnelRow): StoredFunnel | BrokenFunnel {
  const parsed = parseFunnelDefinition(row.definition);
  if (parsed.ok) return toFunnel(row, parsed.definition);
  reportBrokenFunnel(shop, row.id, parsed.problem);
  return { id: row.id, name: row.name, status: row.status as FunnelStatus, priority: row.priority, problem: parsed.problem };
}

function reportBrokenFunnel(shop: string, funnelId: string, problem: string) {
  console.error(JSON.stringify({ at: new Date().toISOString(), source: "funnel", event: "unreadable_definition", shop, funnelId, problem }));
}

const isBroken = (funnel: StoredFunnel | BrokenFunnel): funnel is BrokenFunnel => "problem" in funnel;
const readableOnly = (shop: string, rows: FunnelRow[]) =>
  rows.map((row) => readRow(shop, row)).filter((funnel): funnel is StoredFunnel => !isBroken(funnel));

function toFunnel(row: FunnelRow, definition: Definition): StoredFunnel {
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

const definitionOf = serializeFunnelDefinition;

/**
 * Everything but archived funnels, highest priority first; optionally one
 * status. Funnels whose stored settings cannot be read are in `broken`, with
 * the problem, for the merchant to see.
 */
export async function listFunnelsAndBroken(
  shop: string,
  status?: FunnelStatus,
): Promise<{ funnels: StoredFunnel[]; broken: BrokenFunnel[] }> {
  const rows = await db.funnel.findMany({
    where: { shop, status: status ?? { not: "archived" } },
    orderBy: [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const read = rows.map((row) => readRow(shop, row));
  const funnels = await withExperiments(shop, read.filter((funnel): funnel is StoredFunnel => !isBroken(funnel)));
  return { funnels, broken: read.filter(isBroken) };
}

/** The funnels with their running experiments (core's Funnel.experiments), so every surface sees each purchase's arm. */
async function withExperiments(shop: string, funnels: StoredFunnel[]): Promise<StoredFunnel[]> {
  const running = await runningExperimentsByFunnel(
    shop,
    funnels.map((funnel) => funnel.id),
  );
  return funnels.map((funnel) => {
    const experiments = running.get(funnel.id);
    return experiments ? { ...funnel, experiments: experiments.map(({ id, slot, arms }) => ({ id, slot, arms })) } : funnel;
  });
}

/** As listFunnelsAndBroken, without the broken ones (reported, never offered). */
export async function listFunnels(shop: string, status?: FunnelStatus): Promise<StoredFunnel[]> {
  return (await listFunnelsAndBroken(shop, status)).funnels;
}

export async function activeFunnels(shop: string): Promise<StoredFunnel[]> {
  return listFunnels(shop, "active");
}

/** One funnel of this shop; another shop's id finds nothing, a broken one (reported) too. */
export async function findFunnel(shop: string, id: string): Promise<StoredFunnel | null> {
  const row = await db.funnel.findFirst({ where: { id, shop } });
  return row ? ((await withExperiments(shop, readableOnly(shop, [row])))[0] ?? null) : null;
}

export type FunnelDraft = Omit<Funnel, "id" | "createdAt">;

/**
 * Creates the funnel. With an idempotency key (one per editor session), a
 * create posted again, even concurrently, returns the funnel the first one
 * made: the unique (shop, idempotencyKey) decides, not this process.
 */
export async function createFunnel(shop: string, draft: FunnelDraft, idempotencyKey?: string): Promise<StoredFunnel> {
  const { row, created } = await createOrFind(
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
  if (created) return toFunnel(row, draft);
  // The first request's funnel, read as it was stored.
  const first = readableOnly(shop, [row])[0];
  if (!first) throw new Error(`Funnel ${row.id} was stored with settings that cannot be read.`);
  return first;
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
  return db.$transaction(async (tx) => {
    const { count } = await tx.funnel.deleteMany({ where: { id, shop } });
    // Its experiments end with it; their rows stay for the results.
    await tx.experiment.updateMany({ where: { shop, funnelId: id, running: 1 }, data: { running: null, endedAt: new Date() } });
    return count > 0;
  });
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
  return readableOnly(shop, rows);
}

/** Pauses a funnel Upstack can no longer publish, saying why. */
export async function pauseForAttention(shop: string, id: string, reason: string) {
  await db.funnel.updateMany({ where: { shop, id }, data: { status: "paused", attention: reason } });
}

export async function saveResolvedDefinition(shop: string, id: string, funnel: Definition) {
  await db.funnel.updateMany({ where: { shop, id }, data: { definition: definitionOf(funnel) } });
}
