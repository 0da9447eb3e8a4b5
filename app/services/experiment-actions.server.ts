import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { type ExperimentErrors, type ExperimentForm, experimentDraftFromForm } from "@upstack/core";
import { z } from "zod";
import { requestPublish } from "../jobs/jobs.server";
import { endExperiment, startExperiment } from "../models/experiment.server";
import { findFunnel } from "../models/funnel.server";
import { resolveOfferVariants } from "./catalog.server";

/**
 * The funnel page's experiment actions: start one on an offer, stop it, or
 * promote an arm (the verdict's winner or any arm the merchant picks) into
 * the funnel, which ends it. Every one is scoped to the merchant's shop:
 * another shop's funnel or experiment id finds nothing (404). Stop and
 * promote name the experiment, so the dashboard can post them too. Each
 * change is published like a funnel save.
 */

export type ExperimentActionResult =
  | { ok: true; intent: "startExperiment" | "stopExperiment" | "promoteArm"; experimentId: string }
  | { ok: false; status: 400 | 404 | 409 | 422; errors: ExperimentErrors };

export const EXPERIMENT_INTENTS = ["startExperiment", "stopExperiment", "promoteArm"] as const;

const text = z.string().max(500);
const discount = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("percentage"), percent: z.union([text, z.number()]) }),
  z.object({ type: z.literal("fixed_amount"), amount: text }),
]);
const startBody = z.object({
  intent: z.literal("startExperiment"),
  experiment: z.object({
    slot: text,
    controlWeight: z.union([text, z.number()]),
    challengers: z
      .array(z.object({ weight: z.union([text, z.number()]), variantId: text, discount, headline: text }))
      .max(3, "Test at most 3 variants at once."),
  }),
});
const endBody = z.object({
  intent: z.enum(["stopExperiment", "promoteArm"]),
  experimentId: z.string().min(1).max(100),
  arm: z.string().min(1).max(20).optional(),
});

export async function handleExperimentAction(
  admin: AdminApiContext,
  shop: string,
  funnelId: string,
  body: unknown,
): Promise<ExperimentActionResult> {
  const intent = (body as { intent?: unknown } | null)?.intent;
  if (intent === "startExperiment") {
    const parsed = startBody.safeParse(body);
    if (!parsed.success) return { ok: false, status: 400, errors: { form: parsed.error.issues[0]?.message ?? "Invalid experiment." } };
    return start(admin, shop, funnelId, parsed.data.experiment);
  }
  const parsed = endBody.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, errors: { form: "Unknown experiment action." } };
  const { experimentId, arm } = parsed.data;
  if (parsed.data.intent === "promoteArm" && !arm) return { ok: false, status: 400, errors: { form: "Say which variant to make the offer." } };
  const ended = await endExperiment(shop, experimentId, parsed.data.intent === "promoteArm" ? arm! : null);
  if (!ended.ok) return { ok: false, status: ended.status, errors: { form: ended.error } };
  await requestPublish(shop);
  return { ok: true, intent: parsed.data.intent, experimentId };
}

async function start(admin: AdminApiContext, shop: string, funnelId: string, form: ExperimentForm): Promise<ExperimentActionResult> {
  const funnel = await findFunnel(shop, funnelId);
  if (!funnel) return { ok: false, status: 404, errors: { form: "This funnel does not exist." } };
  const ids = form.challengers.map((challenger) => challenger.variantId).filter((id) => id !== "");
  const products = await resolveOfferVariants(admin, ids);
  const currency = products.currency ?? funnel.bump?.product.price.currency ?? funnel.postPurchase.upsell?.product.price.currency ?? "USD";
  const { draft, errors } = experimentDraftFromForm(funnel, form, products.found, currency);
  for (const [index, challenger] of form.challengers.entries()) {
    const reason = challenger.variantId ? products.unavailable.get(challenger.variantId) : undefined;
    if (reason) errors[`challengers.${index}.variantId`] = reason;
  }
  if (!draft || Object.keys(errors).length > 0) return { ok: false, status: 422, errors };
  const started = await startExperiment(shop, funnelId, draft);
  if (!started.ok) return { ok: false, status: started.status === 400 ? 422 : started.status, errors: started.errors };
  await requestPublish(shop);
  return { ok: true, intent: "startExperiment", experimentId: started.experiment.id };
}
