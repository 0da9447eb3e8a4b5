/**
 * The playbook as notes beside the editor's fields. Errors are things that
 * would break the funnel for buyers or the merchant (a free item, a step
 * nobody can reach) and block saving; publishing applies them again to the
 * prices it re-reads from Shopify and pauses a live funnel they now block.
 * Warnings and infos are advice from the playbook and never block.
 *
 * The core offer price is the CHEAPEST trigger product/variant's regular
 * price: the funnel fires for each of them, and the cheapest core is where a
 * bump or upsell looks greediest, so "too expensive" warnings hold for every
 * core the funnel covers. Triggers on any order or on collections have no
 * single core product, so the rules relative to the core are skipped (with an
 * info note saying so). The impulse-upsell rule uses that core price as "the
 * order": it is the order every buyer of the funnel has at least placed.
 *
 * Offer prices are offer totals (after discount, times quantity), from
 * offerPrice. Thresholds are compared on integers, so 40.0% is not "above
 * 40%" and exactly 2x/3x is inside the premium band.
 */
import { type Money, MoneyError } from "./money";
import { formatMoney as defaultFormatMoney } from "./money-format";
import type { Funnel, OfferDiscount, OfferProduct, PostPurchaseOffer } from "./funnel";
import { isFreeOffer, offerPrice } from "./offer-pricing";
import { MAX_POST_PURCHASE_OFFERS, POST_PURCHASE_STEPS, postPurchaseOfferCount } from "./post-purchase-sequence";

export const ADVISOR_RULES = [
  "invalid_quantity",
  "invalid_discount",
  "free_offer",
  "core_price_unknown",
  "bump_too_expensive",
  "bump_too_cheap",
  "bump_is_core_product",
  "impulse_upsell_too_expensive",
  "premium_upsell_out_of_range",
  "downsell_not_cheaper",
  "too_many_post_purchase_offers",
  "step_without_upsell",
  "no_downsell",
  "checkout_wording",
  "offer_already_in_purchase",
  "downsell_or_follow_up",
  "unenforced_urgency",
  "callout_missing_offer",
] as const;
export type AdvisorRule = (typeof ADVISOR_RULES)[number];

export type AdvisorSeverity = "error" | "warning" | "info";

export type AdvisorNote = {
  rule: AdvisorRule;
  severity: AdvisorSeverity;
  /** Dotted path into the Funnel the note concerns, e.g. "bump.discount". */
  field: string;
  /** Plain-language reason, with the numbers. */
  message: string;
};

export type AdvisorContext = {
  /** Products known to be in the purchase (e.g. a sample order in a preview), besides the trigger's. */
  purchaseProductIds?: readonly string[];
  /** Defaults to en-US formatting of ./money-format. */
  formatMoney?: (value: Money) => string;
};

export const BUMP_MAX_PERCENT_OF_CORE = 40;
export const BUMP_MIN_PERCENT_OF_CORE = 20;
export const IMPULSE_UPSELL_MAX_PERCENT_OF_ORDER = 25;
export const PREMIUM_UPSELL_MIN_MULTIPLE = 2;
export const PREMIUM_UPSELL_MAX_MULTIPLE = 3;

export function hasBlockingNotes(notes: readonly AdvisorNote[]): boolean {
  return notes.some((note) => note.severity === "error");
}

type Step = "upsell" | "downsell" | "followUp";
const STEP_NAMES: Record<Step, string> = { upsell: "upsell", downsell: "downsell", followUp: "follow-up" };
const SEVERITY_ORDER: Record<AdvisorSeverity, number> = { error: 0, warning: 1, info: 2 };

export function adviseFunnel(funnel: Funnel, context: AdvisorContext = {}): AdvisorNote[] {
  const notes: AdvisorNote[] = [];
  const note = (rule: AdvisorRule, severity: AdvisorSeverity, field: string, message: string) =>
    notes.push({ rule, severity, field, message });
  const format = context.formatMoney ?? ((value: Money) => defaultFormatMoney(value));

  const core = coreOffer(funnel);
  const coreIds = new Set(core.products.map((product) => product.productId));
  const purchaseIds = new Set(context.purchaseProductIds ?? []);
  const coreName = core.products.length === 1 ? (core.products[0]?.title ?? "the core product") : "the cheapest core product";
  const sequence = funnel.postPurchase;

  // Price every offer first: invalid quantities or discounts are errors, and
  // the offer then takes no part in the price comparisons.
  const priceOf = (
    offer: { product: OfferProduct; quantity: number; discount: OfferDiscount },
    path: string,
  ): Money | null => {
    const { quantity, discount } = offer;
    if (!Number.isSafeInteger(quantity) || quantity < 1) {
      note("invalid_quantity", "error", `${path}.quantity`, `The quantity must be a whole number of at least 1; it is ${quantity}.`);
      return null;
    }
    const problem = discountProblem(discount);
    if (problem) {
      note("invalid_discount", "error", `${path}.discount`, problem);
      return null;
    }
    let price;
    try {
      price = offerPrice(offer);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      note("invalid_discount", "error", `${path}.discount`, `This discount cannot be applied: ${error.message}`);
      return null;
    }
    if (isFreeOffer(price)) {
      if (price.saved.amount > 0 || discount.type === "fixed_amount") {
        note(
          "free_offer",
          "error",
          `${path}.discount`,
          `This discount makes ${offer.product.title} free (${describeDiscount(discount, price.unitRegular, format)} off a ${format(price.unitRegular)} price). ` +
            `Shopify would give it away; lower the discount so the buyer pays something.`,
        );
      } else {
        note(
          "free_offer",
          "error",
          `${path}.product`,
          `${offer.product.title} costs ${format(price.unitRegular)} in Shopify, so buyers would get it for nothing and the order gains nothing. ` +
            `Give it a price in Shopify or offer another product.`,
        );
      }
      return null;
    }
    return price.offer;
  };

  const bump = funnel.bump;
  const bumpPrice = bump ? priceOf(bump, "bump") : null;
  const stepPrices: Record<Step, Money | null> = { upsell: null, downsell: null, followUp: null };
  for (const step of ["upsell", "downsell", "followUp"] as const) {
    const offer = sequence[step];
    if (offer) stepPrices[step] = priceOf(offer, `postPurchase.${step}`);
  }

  const corePrice = core.price;
  // The price an offer is compared with, or null when the comparison is meaningless.
  const baseFor = (price: Money | null): Money | null =>
    price !== null && corePrice !== null && corePrice.amount > 0 && price.currency === corePrice.currency ? corePrice : null;

  if (corePrice === null && (bump || sequence.upsell || sequence.followUp)) {
    note(
      "core_price_unknown",
      "info",
      "trigger.match",
      core.reason ??
        "Price checks against the core offer are skipped because the trigger products have prices in different currencies.",
    );
  }

  // The bump.
  if (bump) {
    if (coreIds.has(bump.product.productId)) {
      note(
        "bump_is_core_product",
        "warning",
        "bump.product",
        `The bump is ${bump.product.title}, the core product itself, which the buyer already has in the cart. ` +
          `A bump works when it complements the core offer, like a workbook with a course.`,
      );
    } else if (purchaseIds.has(bump.product.productId)) {
      note(
        "offer_already_in_purchase",
        "warning",
        "bump.product",
        `The buyer already has ${bump.product.title} in this order. Offer something that complements it instead.`,
      );
    }
    const base = baseFor(bumpPrice);
    if (bumpPrice && base) {
      const tooExpensive = bumpPrice.amount * 100 > base.amount * BUMP_MAX_PERCENT_OF_CORE;
      const share = percent(bumpPrice.amount, base.amount, tooExpensive ? Math.ceil : Math.floor);
      const ofCore = `${format(bumpPrice)} of ${format(base)}`;
      if (tooExpensive) {
        note(
          "bump_too_expensive",
          "warning",
          "bump.discount",
          `The bump costs ${share} of the core offer (${ofCore}). Above about ${BUMP_MAX_PERCENT_OF_CORE}% ` +
            `it becomes a second buying decision; aim for ${BUMP_MIN_PERCENT_OF_CORE}-${BUMP_MAX_PERCENT_OF_CORE}%.`,
        );
      } else if (bumpPrice.amount * 100 < base.amount * BUMP_MIN_PERCENT_OF_CORE) {
        note(
          "bump_too_cheap",
          "info",
          "bump.discount",
          `The bump costs ${share} of the core offer (${ofCore}). Below about ${BUMP_MIN_PERCENT_OF_CORE}% ` +
            `it may not be worth the space next to the pay button; an add-on at ${BUMP_MIN_PERCENT_OF_CORE}-${BUMP_MAX_PERCENT_OF_CORE}% usually adds more.`,
        );
      }
    }
    checkWording(bump.copy.checkboxLabel, "bump.copy.checkboxLabel", note);
    for (const key of ["title", "description", "checkboxLabel"] as const) checkUrgency(bump.copy[key], `bump.copy.${key}`, note);
  }

  // The post-purchase sequence.
  const count = postPurchaseOfferCount(sequence);
  if (count > POST_PURCHASE_STEPS.length) {
    note(
      "too_many_post_purchase_offers",
      "error",
      "postPurchase",
      `There are ${count} post-purchase offers; a funnel has at most ${POST_PURCHASE_STEPS.length} (upsell, downsell, follow-up). ` +
        `More offers after paying feel like a sales pitch and lower every take rate.`,
    );
  }
  if (sequence.upsell && sequence.downsell && sequence.followUp) {
    note(
      "downsell_or_follow_up",
      "info",
      "postPurchase",
      `Each buyer sees at most ${MAX_POST_PURCHASE_OFFERS} post-purchase offers: the upsell, then the downsell if they decline it ` +
        `or the follow-up if they accept it, never both.`,
    );
  }
  if (!sequence.upsell) {
    if (sequence.downsell) {
      note(
        "step_without_upsell",
        "error",
        "postPurchase.downsell",
        "The downsell is only shown when a buyer declines the upsell, and there is no upsell, so nobody would see it. Add an upsell or remove the downsell.",
      );
    }
    if (sequence.followUp) {
      note(
        "step_without_upsell",
        "error",
        "postPurchase.followUp",
        "The follow-up is only shown after a buyer accepts the upsell, and there is no upsell, so nobody would see it. Add an upsell or remove the follow-up.",
      );
    }
  } else if (!sequence.downsell) {
    note(
      "no_downsell",
      "info",
      "postPurchase.downsell",
      "There is no downsell, so buyers who decline the upsell leave with nothing more. A cheaper item or a smaller version costs nothing to have.",
    );
  }

  for (const step of ["upsell", "downsell", "followUp"] as const) {
    const offer = sequence[step];
    if (!offer) continue;
    const path = `postPurchase.${step}`;
    const name = STEP_NAMES[step];
    const price = stepPrices[step];
    // "More of the same": the core product again, at a discount (a second set
    // 25% off). The playbook's price bands are for new items, so they are skipped.
    const repeatsCore = coreIds.has(offer.product.productId);
    const moreOfTheSame = repeatsCore && offer.discount.type !== "none";
    if (moreOfTheSame) {
      note(
        "offer_already_in_purchase",
        "info",
        `${path}.product`,
        `The ${name} is ${offer.product.title} again, which the buyer just bought. That works as "more of the same" at a lower price: ` +
          `say so in the headline (for example "Get a second one at a lower price") so it doesn't look like a duplicate.`,
      );
    } else if (repeatsCore || purchaseIds.has(offer.product.productId)) {
      note(
        "offer_already_in_purchase",
        "warning",
        `${path}.product`,
        `The buyer already has ${offer.product.title} in this order. Offer the next step or a complement, ` +
          `or a discount on a second one if "more of the same" is the idea.`,
      );
    }
    const base = baseFor(price);
    if (step !== "downsell" && !moreOfTheSame && price && base) {
      checkUpsellBand(offer, price, base, path, name, coreName, note, format);
    }
    for (const key of ["headline", "body"] as const) checkUrgency(offer.copy[key], `${path}.copy.${key}`, note);
    checkCallout(offer, `${path}.copy.headline`, name, note);
  }

  const upsellPrice = stepPrices.upsell;
  const downsellPrice = stepPrices.downsell;
  if (upsellPrice && downsellPrice && upsellPrice.currency === downsellPrice.currency && downsellPrice.amount >= upsellPrice.amount) {
    note(
      "downsell_not_cheaper",
      "warning",
      "postPurchase.downsell.discount",
      `The downsell (${format(downsellPrice)}) is not cheaper than the upsell it replaces (${format(upsellPrice)}). ` +
        `A buyer who just said no needs a smaller yes: a cheaper item, a smaller version or a payment plan.`,
    );
  }

  // Errors first, then warnings, then infos; stable within a severity.
  return notes
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => SEVERITY_ORDER[a.entry.severity] - SEVERITY_ORDER[b.entry.severity] || a.index - b.index)
    .map(({ entry }) => entry);
}

type NoteFn = (rule: AdvisorRule, severity: AdvisorSeverity, field: string, message: string) => void;

function checkUpsellBand(
  offer: PostPurchaseOffer,
  price: Money,
  core: Money,
  path: string,
  name: string,
  coreName: string,
  note: NoteFn,
  format: (value: Money) => string,
): void {
  const vs = `${format(price)} vs ${format(core)} for ${coreName}`;
  if (offer.premium) {
    const low = price.amount < core.amount * PREMIUM_UPSELL_MIN_MULTIPLE;
    const high = price.amount > core.amount * PREMIUM_UPSELL_MAX_MULTIPLE;
    if (low || high) {
      note(
        "premium_upsell_out_of_range",
        "warning",
        `${path}.discount`,
        `The premium ${name} costs ${multiple(price.amount, core.amount, low ? Math.floor : Math.ceil)} the core offer (${vs}). ` +
          `A premium next step works best at ${PREMIUM_UPSELL_MIN_MULTIPLE}-${PREMIUM_UPSELL_MAX_MULTIPLE}x the first offer` +
          (low ? "; if it is a small add-on, untick premium and keep it to about 25% of the order." : "; above that it is a new sale, not a next step."),
      );
    }
  } else if (price.amount * 100 > core.amount * IMPULSE_UPSELL_MAX_PERCENT_OF_ORDER) {
    note(
      "impulse_upsell_too_expensive",
      "warning",
      `${path}.discount`,
      `The ${name} costs ${percent(price.amount, core.amount, Math.ceil)} of the order (${vs}). An impulse add-on works best at about ` +
        `${IMPULSE_UPSELL_MAX_PERCENT_OF_ORDER}% of the order or less; lower the price, or mark it premium if it is the next step (2-3x the first offer).`,
    );
  }
}

// Words that sound like starting a new purchase, on a page where the buyer
// has already paid. Matched as whole lower-case words (English labels only);
// "Add to my order" and "Yes, upgrade me" pass, "Buy now" and "Pay $197" don't.
// Deadlines and scarcity: Upstack shows an offer's price for as long as the funnel is active and never counts down,
// so copy like this would be a false claim (App Store requirement: no misleading urgency).
const URGENCY_WORDS = [
  "today",
  "tonight",
  "only now",
  "right now",
  "now only",
  "limited time",
  "last chance",
  "hurry",
  "countdown",
  "expires",
  "ends soon",
  "one time only",
  "never again",
  "before it s gone",
  "while it lasts",
  "while supplies last",
];

function checkUrgency(text: string, field: string, note: NoteFn): void {
  const words = ` ${text.toLowerCase().split(/[^a-z]+/).filter(Boolean).join(" ")} `;
  const word = URGENCY_WORDS.find((candidate) => words.includes(` ${candidate} `));
  if (word) {
    note(
      "unenforced_urgency",
      "warning",
      field,
      `"${word}" promises a deadline or scarcity that Upstack does not enforce: the offer stays the same for as long as the funnel is active. ` +
        `Shopify's review refuses urgency that is not true; describe the item instead.`,
    );
  }
}

// Words that tell a buyer the price is reduced, for the callout check below.
const DISCOUNT_WORDS = ["off", "less", "save", "saving", "discount", "discounted", "lower", "reduced", "cheaper"];

/**
 * The page's one banner at the top (the merchant's headline and body) must
 * say what is offered: the product, and the discount when there is one
 * (Shopify's post-purchase UX rules). Blank copy is the form's to refuse;
 * this catches copy that names neither.
 */
function checkCallout(offer: PostPurchaseOffer, field: string, name: string, note: NoteFn): void {
  const text = `${offer.copy.headline} ${offer.copy.body}`.toLowerCase();
  if (!text.trim()) return;
  const words = new Set(text.split(/[^a-z0-9%]+/).filter(Boolean));
  const namesProduct = text.includes(offer.product.title.toLowerCase());
  const discounted = offer.discount.type !== "none";
  const namesDiscount = /\d\s*%/.test(text) || DISCOUNT_WORDS.some((word) => words.has(word));
  const missing = [namesProduct ? null : `the product (${offer.product.title})`, discounted && !namesDiscount ? "the discount" : null].filter(Boolean);
  if (missing.length > 0) {
    note(
      "callout_missing_offer",
      "warning",
      field,
      `The ${name}'s headline and description are the banner at the top of the page: name ${missing.join(" and ")} there, ` +
        `so the buyer knows what is offered before reading further.`,
    );
  }
}

const CHECKOUT_WORDS = ["buy", "purchase", "pay", "checkout", "check out", "place order", "place my order", "complete order", "submit"];

function checkWording(label: string, field: string, note: NoteFn): void {
  const text = ` ${label.toLowerCase().split(/[^a-z]+/).filter(Boolean).join(" ")} `;
  const word = CHECKOUT_WORDS.find((candidate) => text.includes(` ${candidate} `));
  if (word) {
    note(
      "checkout_wording",
      "warning",
      field,
      `"${label.trim()}" sounds like starting a new purchase ("${word}"). The buyer is adding to an order they already placed; ` +
        `wording like "Add to my order" tends to be accepted more often.`,
    );
  }
}

/** Why a discount is unusable, in the merchant's words; null when it is fine. */
function discountProblem(discount: OfferDiscount): string | null {
  switch (discount.type) {
    case "none":
      return null;
    case "percentage":
      return typeof discount.percent === "number" && Number.isFinite(discount.percent) && discount.percent >= 0 && discount.percent <= 100
        ? null
        : `A percentage discount must be between 0 and 100; it is ${discount.percent}.`;
    case "fixed_amount":
      if (!Number.isSafeInteger(discount.amount)) {
        return `A fixed amount off must be a whole number of the currency's smallest unit (cents); it is ${discount.amount}.`;
      }
      return discount.amount < 0 ? "A fixed amount off cannot be negative." : null;
    default:
      return "Unknown discount type.";
  }
}

type CoreOffer = { products: OfferProduct[]; price: Money | null; reason: string | null };

function coreOffer(funnel: Funnel): CoreOffer {
  const match = funnel.trigger.match;
  if (match.type === "any_order" || match.type === "collections") {
    const what = match.type === "any_order" ? "any order" : "collections";
    return {
      products: [],
      price: null,
      reason: `This funnel is triggered by ${what}, so there is no single core product to compare prices with; the bump and upsell price checks are skipped. Trigger on specific products to get them.`,
    };
  }
  const products = match.type === "products" ? match.products : match.variants;
  let cheapest: Money | null = null;
  for (const { price } of products) {
    if (!price || !Number.isSafeInteger(price.amount) || price.amount < 0) continue;
    if (cheapest && price.currency !== cheapest.currency) return { products, price: null, reason: null };
    if (!cheapest || price.amount < cheapest.amount) cheapest = price;
  }
  return {
    products,
    price: cheapest,
    reason: cheapest ? null : "Choose a core product with a price to get the bump and upsell price checks.",
  };
}

function describeDiscount(discount: OfferDiscount, price: Money, format: (value: Money) => string): string {
  return discount.type === "percentage"
    ? `${discount.percent}%`
    : format({ amount: discount.type === "fixed_amount" ? discount.amount : 0, currency: price.currency });
}

// Shown to one decimal, rounded away from the limit it crossed, so a price
// just over 40% never reads "40%" next to "above about 40%".
type Round = (value: number) => number;

/** percent(2700, 9700, floor) -> "27.8%"; 60 -> "60%". */
function percent(part: number, whole: number, round: Round): string {
  return `${round((part * 1000) / whole) / 10}%`;
}

/** multiple(15000, 9700, floor) -> "1.5x". */
function multiple(part: number, whole: number, round: Round): string {
  return `${round((part * 10) / whole) / 10}x`;
}
