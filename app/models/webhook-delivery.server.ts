import type { Database } from "../db.server";
import { isUniqueViolation } from "./unique-key.server";
import { isShopRedacted } from "./shop-redaction.server";

export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export type Delivery = { webhookId: string; shop: string; topic: string };

/**
 * Acts on a webhook delivery at most once. Shopify retries and may deliver
 * the same webhook twice (same X-Shopify-Webhook-Id): the ledger row and the
 * action commit together, so a redelivery finds the row and does nothing,
 * and a failed action leaves no row, so Shopify's retry acts again.
 * After shop/redact nothing is recorded for the shop, not even the ledger
 * row, until it installs the app again.
 */
export async function actOnce(
  db: Database,
  delivery: Delivery,
  action: (tx: Transaction) => Promise<void>,
): Promise<"acted" | "duplicate" | "redacted"> {
  try {
    return await db.$transaction(async (tx) => {
      if (await isShopRedacted(delivery.shop, tx)) return "redacted" as const;
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
