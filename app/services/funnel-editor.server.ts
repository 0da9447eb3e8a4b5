import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import {
  adviseFunnel,
  hasBlockingNotes,
  parseMoney,
  type AdvisorNote,
  type BumpOffer,
  type Money,
  type OfferDiscount,
  type OfferProduct,
  type PostPurchaseOffer,
  type PostPurchaseSequence,
  type TriggerMatch,
} from "@upstack/core";
import { requestPublish } from "../jobs/jobs.server";
import { formFieldOf, parseFunnelForm, type FieldErrors, type FunnelForm } from "../forms/funnel-form";
import { createFunnel, deleteFunnel, updateFunnel, type FunnelDraft, type StoredFunnel } from "../models/funnel.server";
import { resolveCollections, resolveOfferVariants, resolveTriggerProducts, type Resolved } from "./catalog.server";

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
  const funnel = funnelId ? await updateFunnel(shop, funnelId, built.draft) : await createFunnel(shop, built.draft);
  if (!funnel) return { ok: false, status: 404, fieldErrors: { form: "This funnel does not exist." }, notes: [] };
  return { ok: true, funnel, notes };
}

async function buildDraft(
  admin: AdminApiContext,
  form: FunnelForm,
): Promise<{ ok: true; draft: FunnelDraft } | { ok: false; fieldErrors: FieldErrors }> {
  const fieldErrors: FieldErrors = {};
  const offerIds = [form.bump?.variantId, ...form.postPurchase.map((offer) => offer.variantId)].filter(
    (id): id is string => Boolean(id),
  );
  const trigger = form.trigger;
  const [offers, triggerProducts, triggerVariants, collections] = await Promise.all([
    resolveOfferVariants(admin, offerIds),
    resolveTriggerProducts(admin, trigger.type === "products" ? trigger.productIds : []),
    resolveOfferVariants(admin, trigger.type === "variants" ? trigger.variantIds : []),
    resolveCollections(admin, trigger.type === "collections" ? trigger.collectionIds : []),
  ]);
  const currency = offers.currency ?? triggerVariants.currency ?? triggerProducts.currency;
  if (!currency) return { ok: false, fieldErrors: { bump: "Add a bump or an upsell: a funnel needs an offer." } };

  const pick = (id: string, field: string, from: Resolved = offers): OfferProduct | null => {
    const reason = from.unavailable.get(id);
    if (reason) fieldErrors[field] ??= reason;
    return from.found.get(id) ?? null;
  };
  const discountOf = (discount: FunnelForm["postPurchase"][number]["discount"], field: string): OfferDiscount => {
    if (discount.type !== "fixed_amount") return discount;
    try {
      return { type: "fixed_amount", amount: parseMoney(discount.amount, currency).amount };
    } catch (error) {
      fieldErrors[field] = (error as Error).message;
      return { type: "none" };
    }
  };
  const boundOf = (amount: string, field: string): Money | null => {
    if (!amount) return null;
    try {
      return parseMoney(amount, currency);
    } catch (error) {
      fieldErrors[field] = (error as Error).message;
      return null;
    }
  };

  let match: TriggerMatch = { type: "any_order" };
  if (trigger.type === "products") {
    const products = trigger.productIds.map((id) => pick(id, "trigger.productIds", triggerProducts));
    match = { type: "products", products: products.filter((p): p is OfferProduct => p !== null) };
  } else if (trigger.type === "variants") {
    const variants = trigger.variantIds.map((id) => pick(id, "trigger.variantIds", triggerVariants));
    match = { type: "variants", variants: variants.filter((p): p is OfferProduct => p !== null) };
  } else if (trigger.type === "collections") {
    trigger.collectionIds.forEach((id) => {
      const reason = collections.unavailable.get(id);
      if (reason) fieldErrors["trigger.collectionIds"] ??= reason;
    });
    match = { type: "collections", collections: [...collections.found.values()] };
  }

  let bump: BumpOffer | null = null;
  if (form.bump) {
    const product = pick(form.bump.variantId, "bump.variantId");
    const discount = discountOf(form.bump.discount, "bump.discount.amount");
    if (product) bump = { product, quantity: form.bump.quantity, discount, copy: form.bump.copy };
  }

  const postPurchase: PostPurchaseSequence = { upsell: null, downsell: null, followUp: null };
  form.postPurchase.forEach((offer, index) => {
    const product = pick(offer.variantId, `postPurchase.${index}.variantId`);
    const discount = discountOf(offer.discount, `postPurchase.${index}.discount.amount`);
    if (!product) return;
    const built: PostPurchaseOffer = {
      product,
      quantity: offer.quantity,
      discount,
      copy: offer.copy,
      premium: offer.premium,
    };
    postPurchase[offer.role] = built;
  });

  const minSubtotal = boundOf(form.minSubtotal, "minSubtotal");
  const maxSubtotal = boundOf(form.maxSubtotal, "maxSubtotal");
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  const draft: FunnelDraft = {
    name: form.name,
    status: form.status,
    priority: form.priority,
    trigger: { match, minSubtotal, maxSubtotal },
    bump,
    postPurchase,
  };
  return { ok: true, draft };
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
