import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerThankYouOffer, answerThankYouPreflight } from "../services/thank-you.server";

// The thank-you extension asks here for the order's offer.
export const action = ({ request }: ActionFunctionArgs) => answerThankYouOffer(request);

// OPTIONS (the CORS preflight) reaches the loader; a GET is answered 405.
export const loader = ({ request }: LoaderFunctionArgs) => answerThankYouPreflight(request);
