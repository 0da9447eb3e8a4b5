import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { adviseFunnel, funnelFromForm, hasBlockingNotes, type AdvisorNote } from "@upstack/core";
import { requestPublish } from "../jobs/jobs.server";
import { formFieldOf, parseFunnelForm, type FieldErrors, type FunnelForm } from "../forms/funnel-form";
import { createFunnel, deleteFunnel, updateFunnel, type FunnelDraft, type StoredFunnel } from "../models/funnel.server";
import { resolveCollections, resolveOfferVariants, resolveTriggerProducts } from "./catalog.server";

export type SaveResult =
  | { ok: true; funnel: StoredFunnel; notes: AdvisorNote[] }
  | { ok: false; status: 404 | 422; fieldErrors: FieldErrors; notes: AdvisorNote[] };

/**
 * The save path of the editor: validate the form, look every product up in
 * Shopify (a deleted, archived or draft product is a field error), build the
 * funnel, let the advisor speak (its errors block, warnings don't), and save.
 */
export async function saveFunnel(
  admin: AdminApiContext,
  shop: string,
  funnelId: string | null,
  input: unknown,
): Promise<SaveResult> {
  const parsed = parseFunnelForm(input);
  if (!parsed.ok) return { ok: false, status: 422, fieldErrors: parsed.fieldErrors, notes: [] };
  const form = parsed.form;

  const built = await buildDraft(admin, form);
  if (!built.ok) return { ok: false, status: 422, fieldErrors: built.fieldErrors, notes: [] };

  const notes = adviseFunnel({ ...built.draft, id: funnelId ?? "new", createdAt: new Date().toISOString() });
  if (hasBlockingNotes(notes)) {
    return { ok: false, status: 422, fieldErrors: advisorErrorsByField(notes, form), notes };
  }
  const funnel = funnelId
    ? await updateFunnel(shop, funnelId, built.draft)
    : await createFunnel(shop, built.draft, form.idempotencyKey);
  if (!funnel) return { ok: false, status: 404, fieldErrors: { form: "This funnel does not exist." }, notes: [] };
  return { ok: true, funnel, notes };
}

/** The form as a funnel, with every product as Shopify describes it now (core's funnelFromForm, as the preview). */
async function buildDraft(
  admin: AdminApiContext,
  form: FunnelForm,
): Promise<{ ok: true; draft: FunnelDraft } | { ok: false; fieldErrors: FieldErrors }> {
  const offerIds = [form.bump?.variantId, ...form.postPurchase.map((offer) => offer.variantId)].filter(
    (id): id is string => Boolean(id),
  );
  const trigger = form.trigger;
  const [offerVariants, triggerProducts, triggerVariants, collections] = await Promise.all([
    resolveOfferVariants(admin, offerIds),
    resolveTriggerProducts(admin, trigger.type === "products" ? trigger.productIds : []),
    resolveOfferVariants(admin, trigger.type === "variants" ? trigger.variantIds : []),
    resolveCollections(admin, trigger.type === "collections" ? trigger.collectionIds : []),
  ]);
  const currency = offerVariants.currency ?? triggerVariants.currency ?? triggerProducts.currency;
  if (!currency) return { ok: false, fieldErrors: { bump: "Add a bump or an upsell: a funnel needs an offer." } };

  const { funnel, fieldErrors } = funnelFromForm(
    form,
    { offerVariants, triggerProducts, triggerVariants, collections },
    currency,
  );
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, draft: funnel };
}

function advisorErrorsByField(notes: AdvisorNote[], form: FunnelForm): FieldErrors {
  const roles = form.postPurchase.map((offer) => offer.role);
  const errors: FieldErrors = {};
  for (const note of notes) {
    if (note.severity === "error") errors[formFieldOf(note.field, roles)] ??= note.message;
  }
  return errors;
}

export type EditorActionResult =
  | { ok: true; funnelId: string; deleted?: false; notes: AdvisorNote[]; publish: "queued" }
  | { ok: true; deleted: true; publish: "queued" }
  | { ok: false; status: 400 | 404 | 422; fieldErrors: FieldErrors; notes: AdvisorNote[] };

/**
 * The editor's actions, shared by the new and the edit routes: save (with
 * validation, lookups and the advisor) or delete, then ask for a publish.
 * Publishing runs as a background job; the pages show how it went, and a
 * failure never undoes the save.
 */
export async function handleEditorAction(
  admin: AdminApiContext,
  shop: string,
  funnelId: string | null,
  body: unknown,
): Promise<EditorActionResult> {
  const intent = (body as { intent?: unknown } | null)?.intent;
  if (intent === "delete" && funnelId) {
    if (!(await deleteFunnel(shop, funnelId))) {
      return { ok: false, status: 404, fieldErrors: { form: "This funnel does not exist." }, notes: [] };
    }
    await requestPublish(shop);
    return { ok: true, deleted: true, publish: "queued" };
  }
  if (intent !== "save") {
    return { ok: false, status: 400, fieldErrors: { form: "Unknown action: expected save or delete." }, notes: [] };
  }
  const saved = await saveFunnel(admin, shop, funnelId, (body as { funnel?: unknown }).funnel);
  if (!saved.ok) return saved;
  await requestPublish(shop);
  return { ok: true, funnelId: saved.funnel.id, notes: saved.notes, publish: "queued" };
}
