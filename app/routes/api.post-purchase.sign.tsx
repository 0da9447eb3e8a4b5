import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerPreflightOrMethodNotAllowed, answerSignRequest } from "../services/post-purchase.server";

// The post-purchase page asks here for the changeset token of the offer the buyer accepts.
export const action = ({ request }: ActionFunctionArgs) => answerSignRequest(request);

// OPTIONS (the CORS preflight) reaches the loader; a GET is answered 405.
export const loader = ({ request }: LoaderFunctionArgs) => answerPreflightOrMethodNotAllowed(request);
