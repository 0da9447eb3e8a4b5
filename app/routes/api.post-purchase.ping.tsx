import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerPing } from "../services/post-purchase.server";

// Verifies the post-purchase token and answers {"ok":true}, nothing else: a
// cheap health check of the token path, and the baseline that
// `npm run bench:post-purchase` measures the offer endpoint against.
export const action = ({ request }: ActionFunctionArgs) => answerPing(request);
export const loader = ({ request }: LoaderFunctionArgs) => answerPing(request);
