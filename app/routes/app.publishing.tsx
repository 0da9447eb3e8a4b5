import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { publishingState, requestPublish } from "../jobs/jobs.server";
import { authenticate } from "../shopify.server";

// Publishing's state, polled by the banner while a publish waits or runs (no call to Shopify).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { publishing: await publishingState(session.shop) };
};

// "Try again now": publish without waiting for the next retry.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "publish") return data({ error: "Unknown action: expected publish." }, { status: 400 });
  await requestPublish(session.shop);
  return { publishing: await publishingState(session.shop) };
};
