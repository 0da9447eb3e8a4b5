import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerThankYouImpression, answerThankYouPreflight } from "../services/thank-you.server";

// The thank-you extension reports that the buyer saw the offer.
export const action = ({ request }: ActionFunctionArgs) => answerThankYouImpression(request);

// OPTIONS (the CORS preflight) reaches the loader; a GET is answered 405.
export const loader = ({ request }: LoaderFunctionArgs) => answerThankYouPreflight(request);
