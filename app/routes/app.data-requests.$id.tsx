import type { LoaderFunctionArgs } from "@remix-run/node";
import { findDataRequestReport } from "../models/customer-data-request.server";
import { authenticate } from "../shopify.server";

// The report of what Upstack holds about one customer, as a JSON download.
// A request id from another shop is a 404, like one that never existed.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await findDataRequestReport(session.shop, params.id ?? "");
  if (!found) throw new Response("No such data request in this shop.", { status: 404 });
  return new Response(JSON.stringify(found.report, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="upstack-customer-data-${params.id}.json"`,
    },
  });
};
