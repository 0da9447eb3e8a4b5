import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerEventRequest, answerPreflightOrMethodNotAllowed } from "../services/post-purchase.server";

// The post-purchase page reports impressions, accepts and declines here.
export const action = ({ request }: ActionFunctionArgs) => answerEventRequest(request);

// OPTIONS (the CORS preflight) reaches the loader; a GET is answered 405.
export const loader = ({ request }: LoaderFunctionArgs) => answerPreflightOrMethodNotAllowed(request);
