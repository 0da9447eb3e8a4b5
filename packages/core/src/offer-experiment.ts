/**
 * Experiments on an offer: the one rule for what an experiment may be, and
 * which variant of an offer a purchase sees. Every surface (the checkout
 * bump, the discount Function's config, the post-purchase server, the
 * server recording events and attributing orders) asks this module, so they
 * all show and count the same variant for a purchase.
 *
 * - An experiment runs on one offer slot of a funnel (the bump, the upsell or
 *   the downsell); at most one runs per slot (the database enforces it).
 * - Its variants ("arms") are the control, which is the funnel's own offer
 *   as it stands, and one to three challengers. A challenger is a whole
 *   offer: a different product, price/discount or copy. Each has a whole
 *   weight (an even split by default).
 * - Which arm a purchase sees is assignVariant(experiment id, purchase key):
 *   deterministic and sticky per purchase (the checkout token; the
 *   post-purchase reference id, which is the same token), so nothing needs
 *   to be stored and a reload never changes it.
 * - The arms are fixed once the experiment starts (a new arrangement is a new
 *   experiment): changing weights would reshuffle purchases mid-test.
 */
import { assignVariant } from "./experiment-assignment";
import type { BumpOffer, Funnel, OfferDiscount, OfferProduct, PostPurchaseOffer } from "./funnel";
import type { DiscountFormValues } from "./funnel-form";
import { parseMoney } from "./money";

export const EXPERIMENT_SLOTS = ["bump", "upsell", "downsell"] as const;
export type ExperimentSlot = (typeof EXPERIMENT_SLOTS)[number];

/** The control arm's key: the funnel's own offer. */
export const CONTROL_ARM = "control";
export const MAX_CHALLENGERS = 3;
export const MAX_ARM_WEIGHT = 100;

export type SlotOffer = BumpOffer | PostPurchaseOffer;

export type ExperimentArm = {
  /** "control", or "b", "c", "d" for the challengers. */
  readonly key: string;
  readonly weight: number;
  /**
   * The challenger's offer. For the control, the funnel's offer when the
   * experiment started (a record for the results); the control shown is the
   * funnel's offer as it stands.
   */
  readonly offer: SlotOffer;
};

export type OfferExperiment = {
  readonly id: string;
  readonly slot: ExperimentSlot;
  readonly arms: readonly ExperimentArm[];
};

/** Which experiment and arm a purchase saw on one offer. */
export type ArmAssignment = { readonly experimentId: string; readonly arm: string };

export const isExperimentSlot = (value: unknown): value is ExperimentSlot =>
  typeof value === "string" && (EXPERIMENT_SLOTS as readonly string[]).includes(value);

/** The funnel's own offer in a slot. */
export function slotOffer(funnel: Pick<Funnel, "bump" | "postPurchase">, slot: ExperimentSlot): SlotOffer | null {
  return slot === "bump" ? funnel.bump : funnel.postPurchase[slot];
}

/** The running experiment on a slot of the funnel, if any (the funnel's `experiments`). */
export function runningExperiment(funnel: Pick<Funnel, "experiments">, slot: ExperimentSlot): OfferExperiment | null {
  return funnel.experiments?.find((experiment) => experiment.slot === slot) ?? null;
}

/** The arm a purchase sees: sticky per purchase key. */
export function experimentArm(
  experiment: { readonly id: string; readonly arms: readonly { readonly key: string; readonly weight: number }[] },
  purchaseKey: string,
): string {
  return assignVariant(experiment.id, purchaseKey, experiment.arms);
}

/** An arm's offer as shown now: the control is the funnel's own offer. */
export function armOffer(
  funnel: Pick<Funnel, "bump" | "postPurchase">,
  experiment: OfferExperiment,
  arm: string,
): SlotOffer | null {
  if (arm === CONTROL_ARM) return slotOffer(funnel, experiment.slot);
  return experiment.arms.find((candidate) => candidate.key === arm)?.offer ?? null;
}

/** Every offer buyers may see in the slot: the funnel's, then each challenger's (for the discount Function's allowed prices). */
export function slotOffers(funnel: Pick<Funnel, "bump" | "postPurchase" | "experiments">, slot: ExperimentSlot) {
  const own = slotOffer(funnel, slot);
  if (!own) return [];
  const experiment = runningExperiment(funnel, slot);
  const offers: { arm: string; offer: SlotOffer }[] = [{ arm: CONTROL_ARM, offer: own }];
  for (const arm of experiment?.arms ?? []) if (arm.key !== CONTROL_ARM) offers.push({ arm: arm.key, offer: arm.offer });
  return offers;
}

/**
 * The funnel as one purchase sees it: each slot with a running experiment
 * holds the purchase's arm's offer, and `assignments` says which arms those
 * were (for events and attribution). Without a purchase key (none known yet)
 * the purchase sees the control.
 */
export function funnelForPurchase<F extends Pick<Funnel, "bump" | "postPurchase" | "experiments">>(
  funnel: F,
  purchaseKey: string | null,
): { funnel: F; assignments: Partial<Record<ExperimentSlot, ArmAssignment>> } {
  const assignments: Partial<Record<ExperimentSlot, ArmAssignment>> = {};
  if (!funnel.experiments?.length) return { funnel, assignments };
  let bump = funnel.bump;
  const postPurchase = { ...funnel.postPurchase };
  for (const experiment of funnel.experiments) {
    const own = slotOffer(funnel, experiment.slot);
    if (!own) continue;
    const arm = purchaseKey ? experimentArm(experiment, purchaseKey) : CONTROL_ARM;
    const offer = armOffer(funnel, experiment, arm) ?? own;
    assignments[experiment.slot] = { experimentId: experiment.id, arm };
    if (experiment.slot === "bump") bump = offer as BumpOffer;
    else postPurchase[experiment.slot] = offer as PostPurchaseOffer;
  }
  return { funnel: { ...funnel, bump, postPurchase }, assignments };
}

/** The arm a purchase saw on a slot of the funnel, or null when no experiment runs there. */
export function assignmentFor(
  funnel: Pick<Funnel, "bump" | "postPurchase" | "experiments">,
  slot: string,
  purchaseKey: string | null,
): ArmAssignment | null {
  if (!isExperimentSlot(slot)) return null;
  return funnelForPurchase(funnel, purchaseKey).assignments[slot] ?? null;
}

function sameDiscount(a: OfferDiscount, b: OfferDiscount): boolean {
  if (a.type !== b.type) return false;
  if (a.type === "percentage" && b.type === "percentage") return a.percent === b.percent;
  if (a.type === "fixed_amount" && b.type === "fixed_amount") return a.amount === b.amount;
  return true;
}

/** Whether two offers show a buyer the same thing: same product variant, quantity, discount and copy. */
export function sameOffer(a: SlotOffer, b: SlotOffer): boolean {
  return (
    a.product.variantId === b.product.variantId &&
    a.quantity === b.quantity &&
    sameDiscount(a.discount, b.discount) &&
    JSON.stringify(a.copy) === JSON.stringify(b.copy)
  );
}

export type ExperimentDraft = {
  readonly slot: ExperimentSlot;
  readonly controlWeight: number;
  /** The challengers' offers and weights, in order; keys are given ("b", "c", "d"). */
  readonly challengers: readonly { readonly weight: number; readonly offer: SlotOffer }[];
};

/** Field path -> message, keyed like the editor's experiment form ("controlWeight", "challengers.0.weight", "challengers.0.offer"). */
export type ExperimentErrors = Record<string, string>;

const CHALLENGER_KEYS = ["b", "c", "d"] as const;

function weightError(weight: number): string | null {
  return Number.isSafeInteger(weight) && weight >= 1 && weight <= MAX_ARM_WEIGHT
    ? null
    : `Enter a whole weight from 1 to ${MAX_ARM_WEIGHT} (equal weights split purchases evenly).`;
}

/**
 * The experiment a draft would start on the funnel, or the field errors that
 * stop it: the slot must hold an offer, with no experiment already running
 * there; one to three challengers; whole weights from 1 to 100; a
 * challenger must differ from the control and from the other challengers
 * (otherwise the test compares a thing with itself).
 */
export function experimentFromDraft(
  funnel: Pick<Funnel, "bump" | "postPurchase" | "experiments">,
  draft: ExperimentDraft,
  id: string,
): { ok: true; experiment: OfferExperiment } | { ok: false; errors: ExperimentErrors } {
  const errors: ExperimentErrors = {};
  const control = slotOffer(funnel, draft.slot);
  if (!control) errors.slot = `This funnel has no ${draft.slot} offer to test. Add one first.`;
  else if (runningExperiment(funnel, draft.slot)) errors.slot = `An experiment is already running on the ${draft.slot}. Stop it first.`;
  const controlWeight = weightError(draft.controlWeight);
  if (controlWeight) errors.controlWeight = controlWeight;
  if (draft.challengers.length < 1) errors.challengers = "Add a variant to test against the current offer.";
  if (draft.challengers.length > MAX_CHALLENGERS) errors.challengers = `Test at most ${MAX_CHALLENGERS} variants at once.`;
  draft.challengers.slice(0, MAX_CHALLENGERS).forEach((challenger, index) => {
    const weight = weightError(challenger.weight);
    if (weight) errors[`challengers.${index}.weight`] = weight;
    if (!Number.isSafeInteger(challenger.offer.quantity) || challenger.offer.quantity < 1) {
      errors[`challengers.${index}.offer`] = "The quantity must be a whole number of at least 1.";
    } else if (control && sameOffer(challenger.offer, control)) {
      errors[`challengers.${index}.offer`] = "This variant is identical to the current offer. Change the product, discount or copy.";
    } else if (draft.challengers.slice(0, index).some((earlier) => sameOffer(earlier.offer, challenger.offer))) {
      errors[`challengers.${index}.offer`] = "This variant is identical to another one. Change the product, discount or copy.";
    }
  });
  if (Object.keys(errors).length > 0 || !control) return { ok: false, errors };
  return {
    ok: true,
    experiment: {
      id,
      slot: draft.slot,
      arms: [
        { key: CONTROL_ARM, weight: draft.controlWeight, offer: control },
        ...draft.challengers.map((challenger, index) => ({
          key: CHALLENGER_KEYS[index] as string,
          weight: challenger.weight,
          offer: challenger.offer,
        })),
      ],
    },
  };
}

/** The funnel after promoting an arm: the slot holds that arm's offer (the control keeps the funnel's own). */
export function promoteArm<F extends Pick<Funnel, "bump" | "postPurchase" | "experiments">>(
  funnel: F,
  experiment: OfferExperiment,
  arm: string,
): F {
  const offer = armOffer(funnel, experiment, arm);
  if (!offer) throw new RangeError(`The experiment has no variant ${arm}.`);
  const experiments = funnel.experiments?.filter((running) => running.id !== experiment.id);
  if (experiment.slot === "bump") return { ...funnel, bump: offer as BumpOffer, experiments };
  return { ...funnel, postPurchase: { ...funnel.postPurchase, [experiment.slot]: offer as PostPurchaseOffer }, experiments };
}

/** A plain name for an arm, for the merchant: "Current offer", "Variant B". */
export function armName(arm: string): string {
  return arm === CONTROL_ARM ? "Current offer" : `Variant ${arm.toUpperCase()}`;
}

/** A challenger as the editor's experiment form sends it: text as typed. */
export type ChallengerForm = {
  readonly weight: string | number;
  /** "" keeps the current offer's product. */
  readonly variantId: string;
  readonly discount: DiscountFormValues;
  /** "" keeps the current offer's wording; else the bump's title or the post-purchase headline. */
  readonly headline: string;
};

export type ExperimentForm = {
  readonly slot: string;
  readonly controlWeight: string | number;
  readonly challengers: readonly ChallengerForm[];
};

const wholeOrNaN = (value: string | number) =>
  typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;

/**
 * The editor's experiment form as a draft for experimentFromDraft, with the
 * field errors only this step can tell (a product the caller could not find,
 * a discount that does not parse). `products` are the challengers' products
 * as the caller looked them up, by variant id.
 */
export function experimentDraftFromForm(
  funnel: Pick<Funnel, "bump" | "postPurchase">,
  form: ExperimentForm,
  products: ReadonlyMap<string, OfferProduct>,
  currency: string,
): { draft: ExperimentDraft | null; errors: ExperimentErrors } {
  const errors: ExperimentErrors = {};
  if (!isExperimentSlot(form.slot)) return { draft: null, errors: { slot: "Pick the offer to test." } };
  const control = slotOffer(funnel, form.slot);
  if (!control) return { draft: null, errors: { slot: `This funnel has no ${form.slot} offer to test. Add one first.` } };
  const challengers = form.challengers.map((challenger, index) => {
    const path = `challengers.${index}`;
    let product = control.product;
    if (challenger.variantId && challenger.variantId !== control.product.variantId) {
      const found = products.get(challenger.variantId);
      if (found) product = found;
      else errors[`${path}.variantId`] = "This product is not available. Pick another.";
    }
    let discount: OfferDiscount = { type: "none" };
    const values = challenger.discount;
    if (values.type === "percentage") {
      const percent = typeof values.percent === "number" ? values.percent : Number(String(values.percent).trim() || Number.NaN);
      if (Number.isFinite(percent) && percent > 0 && percent <= 100) discount = { type: "percentage", percent };
      else errors[`${path}.discount`] = "Enter a percentage above 0 and at most 100.";
    } else if (values.type === "fixed_amount") {
      try {
        const amount = parseMoney(values.amount.trim(), currency);
        if (amount.amount > 0) discount = { type: "fixed_amount", amount: amount.amount };
        else errors[`${path}.discount`] = "Enter an amount above 0.";
      } catch (error) {
        errors[`${path}.discount`] = (error as Error).message;
      }
    }
    const headline = challenger.headline.trim();
    const copy =
      form.slot === "bump"
        ? { ...(control as BumpOffer).copy, ...(headline ? { title: headline } : {}) }
        : { ...(control as PostPurchaseOffer).copy, ...(headline ? { headline } : {}) };
    const offer = { ...control, product, discount, copy } as SlotOffer;
    return { weight: wholeOrNaN(challenger.weight), offer };
  });
  return { draft: { slot: form.slot, controlWeight: wholeOrNaN(form.controlWeight), challengers }, errors };
}
