import db from "../db.server";
import { createOnce } from "./unique-key.server";

/**
 * The shop's offer variants that Shopify cannot sell now (SoldOutVariant),
 * written at each publish and read by the post-purchase endpoint, which
 * leaves their offers out.
 */

/** The shop's sold-out variant ids (GIDs). */
export async function soldOutVariants(shop: string): Promise<Set<string>> {
  const rows = await db.soldOutVariant.findMany({ where: { shop }, select: { variantId: true } });
  return new Set(rows.map((row) => row.variantId));
}

/** Makes `variantIds` the shop's sold-out variants. Rows that stay keep their `since`. */
export async function recordSoldOutVariants(shop: string, variantIds: Iterable<string>) {
  const ids = [...new Set(variantIds)];
  await db.soldOutVariant.deleteMany({ where: { shop, variantId: { notIn: ids } } });
  const known = await soldOutVariants(shop);
  // A racing publish may add the same row: the key keeps one.
  for (const variantId of ids.filter((id) => !known.has(id))) {
    await createOnce(() => db.soldOutVariant.create({ data: { shop, variantId } }));
  }
}
