import db from "../db.server";
import { Prisma } from "../db/generated/sqlite/client";

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

/**
 * Makes `variantIds` the shop's sold-out variants. Rows that stay keep their
 * `since`; nothing is written when nothing changed, so the version of the
 * shop's funnels (see models/post-purchase.server) only moves on a change.
 */
export async function recordSoldOutVariants(shop: string, variantIds: Iterable<string>) {
  const ids = [...new Set(variantIds)];
  await db.soldOutVariant.deleteMany({ where: { shop, variantId: { notIn: ids } } });
  const known = await soldOutVariants(shop);
  const added = ids.filter((id) => !known.has(id));
  if (added.length === 0) return;
  const now = new Date();
  // A racing publish may have added the same row: the key keeps one.
  await db.$executeRaw`
    INSERT INTO "SoldOutVariant" ("shop", "variantId", "since")
    VALUES ${Prisma.join(added.map((variantId) => Prisma.sql`(${shop}, ${variantId}, ${now})`))}
    ON CONFLICT ("shop", "variantId") DO NOTHING`;
}
