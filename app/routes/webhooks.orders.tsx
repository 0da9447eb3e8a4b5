import type { ActionFunctionArgs } from "@remix-run/node";
import { handleOrderWebhook, receiveWebhook } from "../services/webhooks.server";

// orders/create, orders/updated and orders/edited (shopify.app.toml).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleOrderWebhook);
