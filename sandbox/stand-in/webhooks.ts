import { createHmac, randomUUID } from "node:crypto";

/** The API version of the app's webhook subscriptions (shopify.app.toml). */
export const WEBHOOK_API_VERSION = "2026-07";

/**
 * The headers Shopify sends with a webhook: the base64 HMAC-SHA256 of the raw
 * body with the app's API secret, topic, shop and ids. Used by the sandbox's
 * deliveries and by the tests' webhook requests alike.
 */
export function webhookHeaders(options: {
  body: string;
  topic: string;
  shop: string;
  secret: string;
  webhookId?: string;
}): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": createHmac("sha256", options.secret).update(options.body).digest("base64"),
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": WEBHOOK_API_VERSION,
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Event-Id": randomUUID(),
  };
}

/** Where each topic the sandbox sends is subscribed (shopify.app.toml). */
const WEBHOOK_PATHS: Record<string, string> = {
  "orders/create": "/webhooks/orders",
  "orders/updated": "/webhooks/orders",
  "orders/edited": "/webhooks/orders",
  "refunds/create": "/webhooks/refunds",
  "products/update": "/webhooks/products",
  "app/uninstalled": "/webhooks/app/uninstalled",
};

/** One webhook delivery; orderId: the order an orders/* webhook was about. */
export type Delivery = { topic: string; status: number; at: string; orderId?: string };

/** POSTs one webhook to the app, signed. Resolves with the app's status; never throws (a failed delivery is logged). */
export async function deliverWebhook(options: {
  appOrigin: string;
  topic: string;
  shop: string;
  secret: string;
  payload: unknown;
}): Promise<Delivery> {
  const path = WEBHOOK_PATHS[options.topic];
  if (!path) throw new Error(`The sandbox does not deliver ${options.topic}`);
  const body = JSON.stringify(options.payload);
  const at = new Date().toISOString();
  try {
    const response = await fetch(new URL(path, options.appOrigin), {
      method: "POST",
      body,
      headers: webhookHeaders({ body, topic: options.topic, shop: options.shop, secret: options.secret }),
    });
    await response.arrayBuffer();
    if (!response.ok) console.error(`sandbox: ${options.topic} webhook answered ${response.status}`);
    return { topic: options.topic, status: response.status, at };
  } catch (error) {
    console.error(`sandbox: ${options.topic} webhook not delivered: ${(error as Error).message}`);
    return { topic: options.topic, status: 0, at };
  }
}
