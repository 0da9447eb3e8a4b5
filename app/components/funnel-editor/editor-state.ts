import {
  DEFAULT_POST_PURCHASE_LABEL_PAIR,
  fillTemplateCopy,
  funnelFromForm,
  parseMoney,
  type BumpCopy,
  type DiscountFormValues,
  type Funnel,
  type FunnelFormCatalog,
  type FunnelFormValues,
  type FunnelStatus,
  type FunnelTemplate,
  type OfferDiscount,
  type OfferProduct,
  type PostPurchaseCopy,
  type Money,
  toDecimalString,
} from "@upstack/core";
import type { PostPurchaseRole } from "../../forms/funnel-form";

/**
 * The editor's working copy of a funnel: what the merchant typed, as typed
 * (amounts stay strings until saved), plus the products they picked with
 * what the picker told us about them, for the preview and the advisor.
 * The server re-reads every product from Shopify when saving.
 */

export type DiscountState = { type: OfferDiscount["type"]; value: string };

export type BumpState = {
  product: OfferProduct | null;
  /** What the merchant should pick here, from a template ("A workbook..."). */
  hint: string | null;
  quantity: string;
  discount: DiscountState;
  copy: BumpCopy;
};

export type PostPurchaseState = {
  role: PostPurchaseRole;
  product: OfferProduct | null;
  hint: string | null;
  quantity: string;
  discount: DiscountState;
  premium: boolean;
  copy: PostPurchaseCopy;
};

export type TriggerState = {
  type: "any_order" | "products" | "variants" | "collections";
  products: OfferProduct[];
  collections: { collectionId: string; title: string }[];
  hint: string | null;
};

export type EditorState = {
  name: string;
  status: Exclude<FunnelStatus, "archived">;
  priority: string;
  trigger: TriggerState;
  minSubtotal: string;
  maxSubtotal: string;
  bump: BumpState | null;
  postPurchase: PostPurchaseState[];
};

export const ROLE_NAMES: Record<PostPurchaseRole, string> = {
  upsell: "Upsell",
  downsell: "Downsell",
  followUp: "Follow-up upsell",
};

export const ROLE_HELP: Record<PostPurchaseRole, string> = {
  upsell: "Shown right after payment. One offer, added with one click.",
  downsell: "Shown only when the buyer declines the upsell: something cheaper. It is the buyer's last offer.",
  followUp:
    "Shown only when the buyer accepts the upsell, never after the downsell: a buyer sees at most two offers after paying.",
};

const amountText = (value: Money | null) => (value ? toDecimalString(value) : "");

function discountState(discount: OfferDiscount, currency: string): DiscountState {
  if (discount.type === "percentage") return { type: "percentage", value: String(discount.percent) };
  if (discount.type === "fixed_amount") {
    return { type: "fixed_amount", value: toDecimalString({ amount: discount.amount, currency }) };
  }
  return { type: "none", value: "" };
}

export function blankBump(): BumpState {
  return {
    product: null,
    hint: null,
    quantity: "1",
    discount: { type: "percentage", value: "20" },
    copy: { title: "", description: "", checkboxLabel: "Yes, add it to my order" },
  };
}

export function blankPostPurchase(role: PostPurchaseRole): PostPurchaseState {
  return {
    role,
    product: null,
    hint: null,
    quantity: "1",
    discount: { type: role === "downsell" ? "percentage" : "none", value: role === "downsell" ? "20" : "" },
    premium: false,
    copy: { headline: "", body: "", labels: DEFAULT_POST_PURCHASE_LABEL_PAIR },
  };
}

export function blankState(): EditorState {
  return {
    name: "",
    status: "draft",
    priority: "0",
    trigger: { type: "products", products: [], collections: [], hint: null },
    minSubtotal: "",
    maxSubtotal: "",
    bump: blankBump(),
    postPurchase: [blankPostPurchase("upsell"), blankPostPurchase("downsell")],
  };
}

export function stateFromTemplate(template: FunnelTemplate): EditorState {
  const currency = template.core.examplePrice.currency;
  const postPurchase = (role: PostPurchaseRole, from: FunnelTemplate["upsell"]): PostPurchaseState => ({
    role,
    product: null,
    hint: from.role,
    quantity: String(from.quantity),
    discount: discountState(from.discount, currency),
    premium: from.premium,
    copy: { ...from.copy },
  });
  return {
    name: template.name,
    status: "draft",
    priority: "0",
    trigger: { type: "products", products: [], collections: [], hint: template.core.role },
    minSubtotal: "",
    maxSubtotal: "",
    bump: {
      product: null,
      hint: template.bump.role,
      quantity: String(template.bump.quantity),
      discount: discountState(template.bump.discount, currency),
      copy: { ...template.bump.copy },
    },
    postPurchase: [postPurchase("upsell", template.upsell), postPurchase("downsell", template.downsell)],
  };
}

export function stateFromFunnel(funnel: Funnel): EditorState {
  const match = funnel.trigger.match;
  const currencyOf = (product: OfferProduct) => product.price.currency;
  const postPurchase: PostPurchaseState[] = (["upsell", "downsell", "followUp"] as const).flatMap((role) => {
    const offer = funnel.postPurchase[role];
    return offer
      ? [
          {
            role,
            product: offer.product,
            hint: null,
            quantity: String(offer.quantity),
            discount: discountState(offer.discount, currencyOf(offer.product)),
            premium: offer.premium,
            copy: { ...offer.copy },
          },
        ]
      : [];
  });
  return {
    name: funnel.name,
    status: funnel.status === "archived" ? "paused" : funnel.status,
    priority: String(funnel.priority),
    trigger: {
      type: match.type,
      products: match.type === "products" ? match.products : match.type === "variants" ? match.variants : [],
      collections: match.type === "collections" ? match.collections : [],
      hint: null,
    },
    minSubtotal: amountText(funnel.trigger.minSubtotal),
    maxSubtotal: amountText(funnel.trigger.maxSubtotal),
    bump: funnel.bump
      ? {
          product: funnel.bump.product,
          hint: null,
          quantity: String(funnel.bump.quantity),
          discount: discountState(funnel.bump.discount, currencyOf(funnel.bump.product)),
          copy: { ...funnel.bump.copy },
        }
      : null,
    postPurchase,
  };
}

/**
 * Template copy says "{product}"; once a product is picked, its title takes
 * that place. When the merchant picks another product instead, the new title
 * replaces the previous product's title too, so the copy never names a
 * product the offer no longer is.
 */
export function fillCopy<C extends Record<string, string>>(
  copy: C,
  product: OfferProduct,
  previous: OfferProduct | null = null,
): C {
  const fill = (text: string) => {
    const filled = fillTemplateCopy(text, product.title);
    return previous?.title && previous.title !== product.title ? filled.split(previous.title).join(product.title) : filled;
  };
  // The button pair is an id, not words: never rewritten.
  return Object.fromEntries(Object.entries(copy).map(([key, text]) => [key, key === "labels" ? text : fill(text)])) as C;
}

function discountValues(discount: DiscountState): DiscountFormValues {
  if (discount.type === "percentage") return { type: "percentage", percent: discount.value };
  if (discount.type === "fixed_amount") return { type: "fixed_amount", amount: discount.value };
  return { type: "none" };
}

/** What the form posts: ids, numbers as typed, copy. Validated by funnelFormSchema on both sides. */
export function formValuesOf(state: EditorState): FunnelFormValues {
  const trigger = state.trigger;
  return {
    name: state.name,
    status: state.status,
    priority: state.priority,
    trigger:
      trigger.type === "any_order"
        ? { type: "any_order" }
        : trigger.type === "collections"
          ? { type: "collections", collectionIds: trigger.collections.map((c) => c.collectionId) }
          : trigger.type === "variants"
            ? { type: "variants", variantIds: trigger.products.map((p) => p.variantId) }
            : { type: "products", productIds: trigger.products.map((p) => p.productId) },
    minSubtotal: state.minSubtotal,
    maxSubtotal: state.maxSubtotal,
    bump: state.bump
      ? {
          variantId: state.bump.product?.variantId ?? "",
          quantity: state.bump.quantity,
          discount: discountValues(state.bump.discount),
          copy: state.bump.copy,
        }
      : null,
    postPurchase: state.postPurchase.map((offer) => ({
      role: offer.role,
      variantId: offer.product?.variantId ?? "",
      quantity: offer.quantity,
      discount: discountValues(offer.discount),
      premium: offer.premium,
      copy: offer.copy,
    })),
  };
}

/** The products the merchant picked, as the catalog the form's ids are looked up in. */
function pickedCatalog(state: EditorState): FunnelFormCatalog {
  const offers = [state.bump?.product, ...state.postPurchase.map((offer) => offer.product)].filter(
    (product): product is OfferProduct => Boolean(product),
  );
  return {
    offerVariants: { found: new Map(offers.map((p) => [p.variantId, p])) },
    triggerProducts: { found: new Map(state.trigger.products.map((p) => [p.productId, p])) },
    triggerVariants: { found: new Map(state.trigger.products.map((p) => [p.variantId, p])) },
    collections: { found: new Map(state.trigger.collections.map((c) => [c.collectionId, c])) },
  };
}

/**
 * The funnel as the editor currently describes it, for the live preview and
 * the advisor: the same conversion the save action makes (core's
 * funnelFromForm), over the products the merchant picked.
 */
export function provisionalFunnel(state: EditorState, currency: string, id = "draft"): Funnel {
  const { funnel } = funnelFromForm(formValuesOf(state), pickedCatalog(state), currency);
  return { ...funnel, id, createdAt: new Date(0).toISOString() };
}

type PickerImage = { originalSrc?: string; url?: string } | null | undefined;
type PickerVariant = { id?: string; title?: string; price?: string; image?: PickerImage };
export type PickerProduct = {
  id: string;
  title: string;
  images?: PickerImage[];
  variants?: PickerVariant[];
};

const imageUrl = (...images: PickerImage[]) =>
  images.map((image) => image?.originalSrc ?? image?.url).find((url): url is string => Boolean(url)) ?? null;

/** The resource picker's product (with its chosen variant first) as an offer product in the shop's currency. */
export function offerProductFromPicker(product: PickerProduct, currency: string): OfferProduct | null {
  const variant = product.variants?.[0];
  if (!variant?.id) return null;
  let price: Money;
  try {
    price = parseMoney(String(variant.price ?? "0"), currency);
  } catch {
    price = { amount: 0, currency };
  }
  return {
    productId: product.id,
    variantId: variant.id,
    title: product.title,
    variantTitle: variant.title && variant.title !== "Default Title" ? variant.title : null,
    imageUrl: imageUrl(variant.image, ...(product.images ?? [])),
    price,
  };
}
