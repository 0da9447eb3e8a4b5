import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { handleExperimentAction } from "../services/experiment-actions.server";
import { RequestBodyError, readJsonBody } from "../services/request-body.server";
import { authenticate } from "../shopify.server";

// Stop an experiment or promote one of its variants from any page that shows
// ExperimentVerdicts (the dashboard): POST JSON { intent: "stopExperiment" | "promoteArm", experimentId, arm? }.
// Starting one needs its funnel: that is the funnel page's action.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Stop or promote is a few ids: the buyer-facing body limit is plenty.
  const body: unknown = await readJsonBody(request).catch((error: unknown) => {
    if (error instanceof RequestBodyError) return null;
    throw error;
  });
  const intent = (body as { intent?: unknown } | null)?.intent;
  if (intent !== "stopExperiment" && intent !== "promoteArm") {
    return data({ experiment: { ok: false, status: 400, errors: { form: "Expected stopExperiment or promoteArm." } } }, { status: 400 });
  }
  const outcome = await handleExperimentAction(admin, session.shop, "", body);
  return data({ experiment: outcome }, { status: outcome.ok ? 200 : outcome.status });
};
