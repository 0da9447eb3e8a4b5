import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerOfferRequest, answerPreflightOrMethodNotAllowed } from "../services/post-purchase.server";

// The post-purchase extension's ShouldRender asks here for this purchase's offers.
export const action = ({ request }: ActionFunctionArgs) => answerOfferRequest(request);

// OPTIONS (the CORS preflight) reaches the loader; a GET is answered 405.
export const loader = ({ request }: LoaderFunctionArgs) => answerPreflightOrMethodNotAllowed(request);
