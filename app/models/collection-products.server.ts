import db, { type Database } from "../db.server";

/**
 * The products of the shop's trigger collections (CollectionProducts), as
 * publishing resolved them from Shopify. Publishing writes them with the
 * checkout and discount documents it builds from the same map; the
 * post-purchase server reads them, so every surface matches a collection
 * trigger against the same products.
 */

const isProductList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((id) => typeof id === "string");

function productIdsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (isProductList(value)) return value;
  } catch {
    // Reported below, like any other unreadable row.
  }
  // Only publishing writes these rows; a row that doesn't read back resolves
  // nothing (its trigger fails closed) until the next publish rewrites it.
  console.warn("Unreadable CollectionProducts row: its collection matches nothing until the next publish.");
  return [];
}

/** collectionId -> product ids, for each collection an active funnel of the shop is triggered by. */
export async function collectionProductsForShop(
  shop: string,
  client: Pick<Database, "collectionProducts"> = db,
): Promise<Map<string, string[]>> {
  const rows = await client.collectionProducts.findMany({ where: { shop }, select: { collectionId: true, productIds: true } });
  return new Map(rows.map((row) => [row.collectionId, productIdsOf(row.productIds)]));
}

/** Makes `collections` the shop's resolved trigger collections, dropping those no active funnel uses any more. */
export async function recordCollectionProducts(shop: string, collections: ReadonlyMap<string, readonly string[]>) {
  const entries = [...collections];
  const resolvedAt = new Date();
  await db.$transaction([
    db.collectionProducts.deleteMany({ where: { shop, collectionId: { notIn: entries.map(([id]) => id) } } }),
    ...entries.map(([collectionId, productIds]) => {
      const data = { productIds: JSON.stringify(productIds), resolvedAt };
      return db.collectionProducts.upsert({
        where: { shop_collectionId: { shop, collectionId } },
        create: { shop, collectionId, ...data },
        update: data,
      });
    }),
  ]);
}

/** Whether a change to this collection can change what the shop publishes. */
export async function isTriggerCollection(
  shop: string,
  collectionId: string,
  client: Pick<Database, "collectionProducts"> = db,
): Promise<boolean> {
  return (await client.collectionProducts.count({ where: { shop, collectionId } })) > 0;
}
