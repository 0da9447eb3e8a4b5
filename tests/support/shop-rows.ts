import db from "~/db.server";
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
