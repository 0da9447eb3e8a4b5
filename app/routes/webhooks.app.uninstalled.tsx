import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAppUninstalled, receiveWebhook } from "../services/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, handleAppUninstalled);
