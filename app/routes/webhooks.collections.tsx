import type { ActionFunctionArgs } from "@remix-run/node";
import { handleCollectionWebhook, receiveWebhook } from "../services/webhooks.server";

// collections/update and collections/delete (shopify.app.toml).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleCollectionWebhook);
