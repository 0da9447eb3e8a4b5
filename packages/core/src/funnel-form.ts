/**
 * The funnel editor's form as a funnel: one conversion for the live preview
 * (and the advisor) in the browser and for the save action on the server,
 * so what the merchant previews is what gets saved.
 *
 * The form names products by id only; the caller says what those ids are
 * (the products the merchant picked, in the browser; what Shopify answers,
 * on the server). Amounts stay decimal strings until here, because only the
 * shop's currency says how many decimals they may have.
 *
 * It is lenient on purpose: the form's own schema reports malformed numbers
 * (the preview must keep drawing while the merchant types), so a number that
 * does not parse yet falls back (quantity 1, priority 0, no discount). What
 * only this step can tell, an amount the currency cannot hold or a product
 * Shopify no longer sells, comes back as field errors keyed like the form's
 * fields ("bump.discount.amount", "postPurchase.0.variantId").
 */
import type {
  BumpCopy,
  BumpOffer,
  Funnel,
  FunnelStatus,
  OfferDiscount,
  OfferProduct,
  PostPurchaseCopy,
  PostPurchaseSequence,
  TriggerMatch,
} from "./funnel";
import { type Money, parseMoney } from "./money";
import type { PostPurchaseStep } from "./post-purchase-sequence";

/** Numbers arrive as typed (strings) in the browser and as numbers once the server's schema coerced them. */
type NumberInput = number | string;

export type DiscountFormValues =
  | { type: "none" }
  | { type: "percentage"; percent: NumberInput }
  | { type: "fixed_amount"; amount: string };

export type TriggerFormValues =
  | { type: "any_order" }
  | { type: "products"; productIds: string[] }
  | { type: "variants"; variantIds: string[] }
  | { type: "collections"; collectionIds: string[] };

export type BumpFormValues = {
  /** "" until a product is picked. */
  variantId: string;
  quantity: NumberInput;
  discount: DiscountFormValues;
  copy: BumpCopy;
};

export type PostPurchaseFormValues = {
  role: PostPurchaseStep;
  variantId: string;
  quantity: NumberInput;
  discount: DiscountFormValues;
  premium: boolean;
  copy: PostPurchaseCopy;
};

export type FunnelFormValues = {
  name: string;
  status: Exclude<FunnelStatus, "archived">;
  priority: NumberInput;
  trigger: TriggerFormValues;
  /** Decimal in the shop's currency; "" for no bound. */
  minSubtotal: string;
  maxSubtotal: string;
  bump: BumpFormValues | null;
  postPurchase: PostPurchaseFormValues[];
};

/** What the caller knows about some ids: the items found, and why others cannot be used. */
export type CatalogLookup<T> = {
  found: ReadonlyMap<string, T>;
  unavailable?: ReadonlyMap<string, string>;
};

export type FunnelFormCatalog = {
  /** Bump and post-purchase variants, by variant id. */
  offerVariants: CatalogLookup<OfferProduct>;
  /** Trigger products, by product id. */
  triggerProducts: CatalogLookup<OfferProduct>;
  /** Trigger variants, by variant id. */
  triggerVariants: CatalogLookup<OfferProduct>;
  collections: CatalogLookup<{ collectionId: string; title: string }>;
};

export type FunnelFormResult = {
  funnel: Omit<Funnel, "id" | "createdAt">;
  /** Field path -> message; empty when the draft is complete. */
  fieldErrors: Record<string, string>;
};

const GONE = "This product is no longer available. Pick another.";

function wholeNumber(value: NumberInput, min: number, fallback: number): number {
  const number = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= min ? number : fallback;
}

export function funnelFromForm(form: FunnelFormValues, catalog: FunnelFormCatalog, currency: string): FunnelFormResult {
  const fieldErrors: Record<string, string> = {};
  const fail = (field: string, message: string) => {
    fieldErrors[field] ??= message;
  };

  /** The item for an id; an id not picked yet ("") is left out quietly, one the catalog refuses is a field error. */
  function lookUp<T>(lookup: CatalogLookup<T>, id: string, field: string): T | null {
    if (!id) return null;
    const item = lookup.found.get(id);
    if (item) return item;
    fail(field, lookup.unavailable?.get(id) ?? GONE);
    return null;
  }

  function money(decimal: string, field: string): Money | null {
    const text = decimal.trim();
    if (!text) return null;
    try {
      return parseMoney(text, currency);
    } catch (error) {
      fail(field, (error as Error).message);
      return null;
    }
  }

  function discount(values: DiscountFormValues, path: string): OfferDiscount {
    if (values.type === "percentage") {
      const percent = typeof values.percent === "number" ? values.percent : Number(values.percent.trim() || NaN);
      return Number.isFinite(percent) && percent > 0 && percent <= 100 ? { type: "percentage", percent } : { type: "none" };
    }
    if (values.type === "fixed_amount") {
      const amount = money(values.amount, `${path}.discount.amount`);
      return amount ? { type: "fixed_amount", amount: amount.amount } : { type: "none" };
    }
    return { type: "none" };
  }

  const listed = <T>(lookup: CatalogLookup<T>, ids: string[], field: string) =>
    ids.map((id) => lookUp(lookup, id, field)).filter((item): item is NonNullable<T> => item != null);

  const trigger = form.trigger;
  let match: TriggerMatch;
  if (trigger.type === "products") {
    match = { type: "products", products: listed(catalog.triggerProducts, trigger.productIds, "trigger.productIds") };
  } else if (trigger.type === "variants") {
    match = { type: "variants", variants: listed(catalog.triggerVariants, trigger.variantIds, "trigger.variantIds") };
  } else if (trigger.type === "collections") {
    match = {
      type: "collections",
      collections: listed(catalog.collections, trigger.collectionIds, "trigger.collectionIds"),
    };
  } else {
    match = { type: "any_order" };
  }

  let bump: BumpOffer | null = null;
  if (form.bump) {
    const product = lookUp(catalog.offerVariants, form.bump.variantId, "bump.variantId");
    const bumpDiscount = discount(form.bump.discount, "bump");
    if (product) {
      bump = { product, quantity: wholeNumber(form.bump.quantity, 1, 1), discount: bumpDiscount, copy: form.bump.copy };
    }
  }

  const postPurchase: PostPurchaseSequence = { upsell: null, downsell: null, followUp: null };
  form.postPurchase.forEach((offer, index) => {
    const path = `postPurchase.${index}`;
    const product = lookUp(catalog.offerVariants, offer.variantId, `${path}.variantId`);
    const offerDiscount = discount(offer.discount, path);
    if (!product) return;
    postPurchase[offer.role] = {
      product,
      quantity: wholeNumber(offer.quantity, 1, 1),
      discount: offerDiscount,
      premium: offer.premium,
      copy: offer.copy,
    };
  });

  const funnel: FunnelFormResult["funnel"] = {
    name: form.name,
    status: form.status,
    priority: wholeNumber(form.priority, 0, 0),
    trigger: {
      match,
      minSubtotal: money(form.minSubtotal, "minSubtotal"),
      maxSubtotal: money(form.maxSubtotal, "maxSubtotal"),
    },
    bump,
    postPurchase,
  };
  return { funnel, fieldErrors };
}
