import { z } from "zod";
import db from "../db.server";
import {
  collectCustomerData,
  deleteCustomerData,
  deleteShopData,
  type CustomerRef,
} from "../models/shop-data.server";
import { actOnce, type Delivery, type Transaction } from "../models/webhook-delivery.server";
import { isTriggerCollection } from "../models/collection-products.server";
import { markShopRedacted } from "../models/shop-redaction.server";
import { funnelsMentioningProduct } from "../models/funnel.server";
import { requestPublish } from "../jobs/jobs.server";
import { saveOrder, saveRefund } from "../models/order.server";
import { OrderPayloadError, orderEditPayload, parseOrderPayload, parseRefundPayload } from "./order-webhook.server";
import { authenticate } from "../shopify.server";

export class WebhookPayloadError extends Error {}

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const customerSchema = z
  .object({ id: id.nullish(), email: z.string().nullish() })
  .transform((c): CustomerRef => ({ id: c.id ?? null, email: c.email ?? null }))
  .refine((c) => c.id !== null || c.email !== null, { message: "names no customer (no id, no email)" });

const payloads = {
  "SHOP_REDACT": z.object({ shop_domain: z.string().min(1) }),
  "CUSTOMERS_REDACT": z.object({ customer: customerSchema, orders_to_redact: z.array(id).default([]) }),
  "CUSTOMERS_DATA_REQUEST": z.object({
    customer: customerSchema,
    orders_requested: z.array(id).default([]),
    data_request: z.object({ id: id.nullish() }).nullish(),
  }),
  "SCOPES_UPDATE": z.object({ current: z.array(z.string()) }),
  // The shop, as Shopify sends it; only its presence matters.
  "APP_UNINSTALLED": z.object({ id }),
  "PRODUCT": z.object({ id }),
  "COLLECTION": z.object({ id }),
};

function parse<T extends keyof typeof payloads>(topic: T, payload: unknown): z.infer<(typeof payloads)[T]> {
  const result = payloads[topic].safeParse(payload);
  if (!result.success) {
    throw new WebhookPayloadError(
      `${topic} payload is malformed: ${result.error.issues.map((i) => `${i.path.join(".") || "payload"} ${i.message}`).join("; ")}`,
    );
  }
  return result.data as z.infer<(typeof payloads)[T]>;
}

/** app/uninstalled: the shop's sessions go; its funnels stay until shop/redact, in case it comes back. */
export function handleAppUninstalled(delivery: Delivery, payload: unknown) {
  parse("APP_UNINSTALLED", payload);
  return actOnce(db, delivery, async (tx) => {
    await tx.session.deleteMany({ where: { shop: delivery.shop } });
  });
}

/** app/scopes_update: every stored session of the shop records the scopes now granted. */
export function handleScopesUpdate(delivery: Delivery, payload: unknown) {
  const { current } = parse("SCOPES_UPDATE", payload);
  return actOnce(db, delivery, async (tx) => {
    await tx.session.updateMany({ where: { shop: delivery.shop }, data: { scope: current.join(",") } });
  });
}

/** The three mandatory compliance topics, each really acting on what we hold. */
export function handleComplianceWebhook(delivery: Delivery, payload: unknown) {
  switch (delivery.topic) {
    case "SHOP_REDACT": {
      parse("SHOP_REDACT", payload);
      return actOnce(db, delivery, async (tx) => {
        await deleteShopData(tx, delivery.shop);
        await markShopRedacted(tx, delivery.shop);
      });
    }
    case "CUSTOMERS_REDACT": {
      const { customer } = parse("CUSTOMERS_REDACT", payload);
      return actOnce(db, delivery, (tx) => deleteCustomerData(tx, delivery.shop, customer));
    }
    case "CUSTOMERS_DATA_REQUEST": {
      const request = parse("CUSTOMERS_DATA_REQUEST", payload);
      return actOnce(db, delivery, async (tx) => {
        const report = await collectCustomerData(tx, delivery.shop, request.customer);
        await tx.customerDataRequest.create({
          data: {
            shop: delivery.shop,
            customerId: request.customer.id,
            customerEmail: request.customer.email,
            shopifyRequestId: request.data_request?.id ?? null,
            ordersRequested: JSON.stringify(request.orders_requested),
            report: JSON.stringify(report),
          },
        });
      });
    }
    default:
      throw new WebhookPayloadError(`Topic ${delivery.topic} is not a compliance topic.`);
  }
}

/**
 * The shared shape of every webhook route: verify the HMAC (a forged request
 * gets 401 from authenticate.webhook and reaches nothing), act once, answer
 * fast. A genuine but malformed payload (not JSON, or not the topic's shape)
 * is a 400 with the reason, and records nothing.
 */
export async function receiveWebhook(
  request: Request,
  handle: (delivery: Delivery, payload: unknown) => Promise<"acted" | "duplicate" | "redacted">,
) {
  let webhook: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    webhook = await authenticate.webhook(request);
  } catch (error) {
    // authenticate.webhook parses the body only after the HMAC matched: this is Shopify's request.
    if (error instanceof SyntaxError) return new Response("The webhook body is not JSON.", { status: 400 });
    throw error;
  }
  const { shop, topic, webhookId, payload } = webhook;
  try {
    const outcome = await handle({ webhookId, shop, topic }, payload);
    return new Response(null, { status: 200, headers: { "X-Upstack-Webhook": outcome } });
  } catch (error) {
    if (error instanceof WebhookPayloadError) return new Response(error.message, { status: 400 });
    throw error;
  }
}

/**
 * products/update and products/delete: when a funnel shows or is triggered
 * by the product, publish again, which re-reads it from Shopify (a deleted
 * product pauses its funnels, so checkout never offers it). The publish runs
 * as a background job: the ledger row and the job commit together, and the
 * answer goes back to Shopify without waiting for Shopify.
 */
export async function handleProductWebhook(delivery: Delivery, payload: unknown) {
  const { id } = parse("PRODUCT", payload);
  const productId = `gid://shopify/Product/${id}`;
  return republishIf(delivery, async (tx) => (await funnelsMentioningProduct(delivery.shop, productId, tx)).length > 0);
}

/**
 * collections/update and collections/delete: when an active funnel is
 * triggered by the collection, publish again, which resolves its products
 * afresh for the checkout, the discount Function and the post-purchase page.
 */
export async function handleCollectionWebhook(delivery: Delivery, payload: unknown) {
  const { id } = parse("COLLECTION", payload);
  const collectionId = `gid://shopify/Collection/${id}`;
  return republishIf(delivery, (tx) => isTriggerCollection(delivery.shop, collectionId, tx));
}

/**
 * Acts once on a webhook whose change may concern what the shop publishes:
 * when `affects` says it does, a publish job is queued in the same
 * transaction as the ledger row, and runs in the background (no call to
 * Shopify inside the webhook request).
 */
function republishIf(delivery: Delivery, affects: (tx: Transaction) => Promise<boolean>) {
  return actOnce(db, delivery, async (tx) => {
    if (await affects(tx)) await requestPublish(delivery.shop, tx);
  });
}

function readOrderPayload<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof OrderPayloadError) throw new WebhookPayloadError(error.message);
    throw error;
  }
}

/**
 * orders/create, orders/updated and orders/edited. The order is stored when
 * it is newer than the version held, so redelivered, duplicated and
 * out-of-order deliveries count it once, as its latest version.
 * orders/edited carries an edit summary, not the order: Shopify follows an
 * edit with orders/updated, which carries the edited order, so the summary
 * is checked and acknowledged only.
 */
export function handleOrderWebhook(delivery: Delivery, payload: unknown) {
  if (delivery.topic === "ORDERS_EDITED") {
    readOrderPayload(() => {
      if (!orderEditPayload.safeParse(payload).success) throw new OrderPayloadError("orders/edited payload is malformed: it has no order_edit.");
    });
    return actOnce(db, delivery, async () => {});
  }
  const order = readOrderPayload(() => parseOrderPayload(payload));
  return actOnce(db, delivery, async (tx) => {
    await saveOrder(tx, delivery.shop, order);
  });
}

/** refunds/create: counted once by refund id (it comes again inside the next orders/updated). */
export function handleRefundWebhook(delivery: Delivery, payload: unknown) {
  const refund = readOrderPayload(() => parseRefundPayload(payload));
  return actOnce(db, delivery, async (tx) => {
    await saveRefund(tx, delivery.shop, refund);
  });
}
