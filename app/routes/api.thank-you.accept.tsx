import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerThankYouAccept, answerThankYouPreflight } from "../services/thank-you.server";

// The buyer accepts: the answer is the new checkout to open.
export const action = ({ request }: ActionFunctionArgs) => answerThankYouAccept(request);

// OPTIONS (the CORS preflight) reaches the loader; a GET is answered 405.
export const loader = ({ request }: LoaderFunctionArgs) => answerThankYouPreflight(request);
