import db from "~/db.server";
import { forgetShopJobs } from "~/jobs/jobs.server";
import { Prisma } from "~/db/generated/sqlite/client";

type Counter = { count(args: { where: { shop: string } }): Promise<number> };

/** Every table of the data model, by Prisma model name. */
export const MODEL_NAMES = Object.values(Prisma.ModelName);

export function modelHasShopColumn(model: string): boolean {
  const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
  return Boolean(fields && "shop" in fields);
}

/** How many rows each table holds for the shop: what shop/redact must bring to zero. */
export async function rowsForShop(shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of MODEL_NAMES) {
    const delegate = (db as unknown as Record<string, Counter>)[model.charAt(0).toLowerCase() + model.slice(1)];
    if (!delegate) throw new Error(`No Prisma delegate for model ${model}`);
    counts[model] = await delegate.count({ where: { shop } });
  }
  return counts;
}

type Deleter = { deleteMany(args: { where: { shop: string } }): Promise<unknown> };

/**
 * Removes every row of the shop from every table, so each test starts from
 * an empty store. Generic on purpose: it does not lean on the app's own
 * shop/redact code, which the webhook tests check against rowsForShop.
 */
export async function resetShop(...shops: string[]) {
  for (const shop of shops) {
    for (const model of MODEL_NAMES) {
      const delegate = (db as unknown as Record<string, Deleter>)[model.charAt(0).toLowerCase() + model.slice(1)];
      await delegate!.deleteMany({ where: { shop } });
    }
    // Jobs that live outside the data model (pg-boss's tables on PostgreSQL).
    await db.$transaction((tx) => forgetShopJobs(shop, tx));
  }
}
