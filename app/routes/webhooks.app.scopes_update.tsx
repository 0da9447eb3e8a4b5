import type { ActionFunctionArgs } from "@remix-run/node";
import { handleScopesUpdate, receiveWebhook } from "../services/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleScopesUpdate);
