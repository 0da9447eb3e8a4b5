import {
  type ExperimentArm,
  type ExperimentDraft,
  type ExperimentErrors,
  type ExperimentSlot,
  type OfferExperiment,
  experimentFromDraft,
  isExperimentSlot,
  promoteArm,
} from "@upstack/core";
import db from "../db.server";
import { parseFunnelDefinition, serializeFunnelDefinition } from "./funnel-definition.server";
import { isUniqueViolation } from "./unique-key.server";
import type { Transaction } from "./webhook-delivery.server";

/**
 * Experiments as stored (prisma Experiment): the rules of what may run, and
 * which arm a purchase sees, are core's (offer-experiment); this module keeps
 * them, scoped to the shop, and ends them. A row outlives its experiment so
 * the results stay readable.
 */

export type StoredExperiment = OfferExperiment & {
  funnelId: string;
  startedAt: Date;
  endedAt: Date | null;
  promoted: string | null;
};

type ExperimentRow = {
  id: string;
  funnelId: string;
  slot: string;
  arms: string;
  startedAt: Date;
  endedAt: Date | null;
  promoted: string | null;
};

function toExperiment(row: ExperimentRow): StoredExperiment | null {
  if (!isExperimentSlot(row.slot)) return null;
  let arms: ExperimentArm[];
  try {
    arms = JSON.parse(row.arms) as ExperimentArm[];
  } catch {
    return null;
  }
  if (!Array.isArray(arms) || arms.length < 2) return null;
  return { id: row.id, funnelId: row.funnelId, slot: row.slot, arms, startedAt: row.startedAt, endedAt: row.endedAt, promoted: row.promoted };
}

const readable = (rows: ExperimentRow[]) => rows.map(toExperiment).filter((row): row is StoredExperiment => row !== null);

/** The running experiments of these funnels of the shop, by funnel id. */
export async function runningExperimentsByFunnel(
  shop: string,
  funnelIds: readonly string[],
  client: Pick<Transaction, "experiment"> = db,
): Promise<Map<string, StoredExperiment[]>> {
  const byFunnel = new Map<string, StoredExperiment[]>();
  if (funnelIds.length === 0) return byFunnel;
  const rows = await client.experiment.findMany({ where: { shop, funnelId: { in: [...funnelIds] }, running: 1 }, orderBy: { startedAt: "asc" } });
  for (const experiment of readable(rows)) {
    const list = byFunnel.get(experiment.funnelId) ?? [];
    list.push(experiment);
    byFunnel.set(experiment.funnelId, list);
  }
  return byFunnel;
}

/** The experiments of the shop (of one funnel when given) that ran at some time in [from, to], newest first. */
export async function listExperiments(
  shop: string,
  options: { funnelId?: string; from?: Date; to?: Date } = {},
  client: Pick<Transaction, "experiment"> = db,
): Promise<StoredExperiment[]> {
  const rows = await client.experiment.findMany({
    where: {
      shop,
      ...(options.funnelId ? { funnelId: options.funnelId } : {}),
      ...(options.to ? { startedAt: { lte: options.to } } : {}),
      ...(options.from ? { OR: [{ endedAt: null }, { endedAt: { gte: options.from } }] } : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "asc" }],
  });
  return readable(rows);
}

/** One experiment of the shop; another shop's id finds nothing. */
export async function findExperiment(shop: string, id: string): Promise<StoredExperiment | null> {
  const row = await db.experiment.findFirst({ where: { shop, id } });
  return row ? toExperiment(row) : null;
}

/** The experiments of a funnel that were running at `at` (for attributing an order placed then). */
export async function experimentsRunningAt(tx: Pick<Transaction, "experiment">, shop: string, funnelId: string, at: Date) {
  const rows = await tx.experiment.findMany({
    where: { shop, funnelId, startedAt: { lte: at }, OR: [{ endedAt: null }, { endedAt: { gte: at } }] },
  });
  return readable(rows);
}

export type StartOutcome = { ok: true; experiment: StoredExperiment } | { ok: false; status: 400 | 404 | 409; errors: ExperimentErrors };

/**
 * Starts an experiment on one offer of the shop's funnel. Bad input comes back
 * as field errors (core's rules); a second running experiment on the offer is
 * refused by the database's unique index, also when two starts race.
 */
export async function startExperiment(shop: string, funnelId: string, draft: ExperimentDraft): Promise<StartOutcome> {
  const row = await db.funnel.findFirst({ where: { shop, id: funnelId }, select: { definition: true } });
  const parsed = row ? parseFunnelDefinition(row.definition) : null;
  if (!parsed?.ok) return { ok: false, status: 404, errors: { slot: "This funnel does not exist." } };
  const running = await runningExperimentsByFunnel(shop, [funnelId]);
  const id = `exp_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const result = experimentFromDraft({ ...parsed.definition, experiments: running.get(funnelId) ?? [] }, draft, id);
  if (!result.ok) return { ok: false, status: 400, errors: result.errors };
  try {
    const created = await db.experiment.create({
      data: { id, shop, funnelId, slot: result.experiment.slot, arms: JSON.stringify(result.experiment.arms) },
    });
    return { ok: true, experiment: toExperiment(created)! };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, status: 409, errors: { slot: `An experiment is already running on the ${draft.slot}. Stop it first.` } };
  }
}

export type EndOutcome = { ok: true; experiment: StoredExperiment } | { ok: false; status: 404 | 409; error: string };

/**
 * Ends a running experiment of the shop. With `promote`, that arm becomes the
 * funnel's offer in the same transaction (any arm: the merchant may promote
 * one the verdict did not pick). Ending twice, or racing, ends it once: the
 * update only takes a row that is still running.
 */
export async function endExperiment(shop: string, experimentId: string, promote: string | null): Promise<EndOutcome> {
  return db.$transaction(async (tx) => {
    const row = await tx.experiment.findFirst({ where: { shop, id: experimentId } });
    const experiment = row ? toExperiment(row) : null;
    if (!experiment) return { ok: false, status: 404, error: "This experiment does not exist." } as const;
    if (promote !== null && !experiment.arms.some((arm) => arm.key === promote)) {
      return { ok: false, status: 404, error: "This experiment has no such variant." } as const;
    }
    const endedAt = new Date();
    const { count } = await tx.experiment.updateMany({
      where: { shop, id: experimentId, running: 1 },
      data: { running: null, endedAt, promoted: promote },
    });
    if (count === 0) return { ok: false, status: 409, error: "This experiment has already ended." } as const;
    if (promote !== null) {
      const funnel = await tx.funnel.findFirst({ where: { shop, id: experiment.funnelId }, select: { definition: true } });
      const parsed = funnel ? parseFunnelDefinition(funnel.definition) : null;
      if (!parsed?.ok) throw new Error(`Funnel ${experiment.funnelId} cannot be read to promote a variant.`);
      const promoted = promoteArm(parsed.definition, experiment, promote);
      await tx.funnel.updateMany({
        where: { shop, id: experiment.funnelId },
        data: { definition: serializeFunnelDefinition(promoted) },
      });
    }
    return { ok: true, experiment: { ...experiment, endedAt, promoted: promote } } as const;
  });
}

export const slotLabel = (slot: ExperimentSlot) => (slot === "bump" ? "Order bump" : slot === "upsell" ? "Upsell" : "Downsell");
