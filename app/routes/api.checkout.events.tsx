import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveCheckoutEvents } from "../services/checkout-events.server";
import { authenticate } from "../shopify.server";

// The checkout bump reports impressions, accepts and removals here, after it has rendered.
export const action = ({ request }: ActionFunctionArgs) => receiveCheckoutEvents(request);

// Only POST carries events; authenticate answers CORS preflights (OPTIONS) itself.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { cors } = await authenticate.public.checkout(request);
  return cors(new Response("POST events here.", { status: 405, headers: { Allow: "POST, OPTIONS" } }));
};
