import type { Database } from "../db.server";

export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export type Delivery = { webhookId: string; shop: string; topic: string };

/**
 * Acts on a webhook delivery at most once. Shopify retries and may deliver
 * the same webhook twice (same X-Shopify-Webhook-Id): the ledger row and the
 * action commit together, so a redelivery finds the row and does nothing,
 * and a failed action leaves no row, so Shopify's retry acts again.
 */
export async function actOnce(
  db: Database,
  delivery: Delivery,
  action: (tx: Transaction) => Promise<void>,
): Promise<"acted" | "duplicate"> {
  try {
    return await db.$transaction(async (tx) => {
      const seen = await tx.webhookDelivery.findUnique({ where: { webhookId: delivery.webhookId } });
      if (seen) return "duplicate" as const;
      await tx.webhookDelivery.create({ data: delivery });
      await action(tx);
      return "acted" as const;
    });
  } catch (error) {
    // Two copies racing: the loser hits the ledger's primary key.
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

/** A write refused by a unique key (Prisma's P2002, on either database). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
