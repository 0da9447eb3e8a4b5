import type { ActionFunctionArgs } from "@remix-run/node";
import { handleComplianceWebhook, receiveWebhook } from "../services/webhooks.server";

// customers/data_request, customers/redact and shop/redact all arrive here (shopify.app.toml).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleComplianceWebhook);
