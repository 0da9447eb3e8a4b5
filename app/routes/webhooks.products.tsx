import type { ActionFunctionArgs } from "@remix-run/node";
import { handleProductWebhook, receiveWebhook } from "../services/webhooks.server";

// products/update and products/delete (shopify.app.toml).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleProductWebhook);
