import type { ActionFunctionArgs } from "@remix-run/node";
import { handleRefundWebhook, receiveWebhook } from "../services/webhooks.server";

// refunds/create (shopify.app.toml).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleRefundWebhook);
