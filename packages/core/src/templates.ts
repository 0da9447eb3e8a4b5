/**
 * The playbook's three example stacks as starting points. A merchant picks a
 * template, maps each role onto their own products, and gets a draft funnel
 * with the suggested discounts and ready-to-edit copy.
 *
 * Example prices are regular prices in USD; with the suggested discounts the
 * offer prices are the playbook's ($97 course, $27 workbook, ...). Bumps carry
 * a percentage discount so the checkout shows a strikethrough, and a
 * percentage keeps its meaning on the merchant's own prices. Copy may contain
 * "{product}", replaced by the title of the product the merchant picks.
 */
import { type Money, money } from "./money";
import { DEFAULT_POST_PURCHASE_LABEL_PAIR } from "./post-purchase-labels";
import type { BumpCopy, Funnel, OfferDiscount, OfferProduct, PostPurchaseCopy, PostPurchaseOffer } from "./funnel";

export type BusinessType = "course_creator" | "ecommerce" | "coaching";

export type TemplateRole = {
  /** What the merchant should pick, e.g. "Your course". */
  role: string;
  /** A product name for previews, e.g. "Online course". */
  exampleTitle: string;
  /** Regular price in USD. */
  examplePrice: Money;
};

export type TemplateBump = TemplateRole & { quantity: number; discount: OfferDiscount; copy: BumpCopy };

export type TemplatePostPurchase = TemplateRole & {
  quantity: number;
  discount: OfferDiscount;
  copy: PostPurchaseCopy;
  premium: boolean;
  /** "More of the same": the core product again; used when no other product is picked. */
  repeatsCore: boolean;
};

export type FunnelTemplate = {
  id: string;
  name: string;
  description: string;
  businessType: BusinessType;
  core: TemplateRole;
  bump: TemplateBump;
  upsell: TemplatePostPurchase;
  downsell: TemplatePostPurchase;
};

const usd = (dollars: number) => money(Math.round(dollars * 100), "USD");
const CHECKBOX = "Yes, add it to my order";

export const FUNNEL_TEMPLATES: FunnelTemplate[] = [
  {
    id: "course-creator",
    name: "Course creator",
    description:
      "A $97 course with a $27 workbook in checkout, a $197 coaching add-on after payment, and a $47 group Q&A pass for those who say no.",
    businessType: "course_creator",
    core: { role: "Your course", exampleTitle: "Online course", examplePrice: usd(97) },
    bump: {
      role: "A workbook or templates that go with the course",
      exampleTitle: "Course workbook + templates",
      examplePrice: usd(36),
      quantity: 1,
      discount: { type: "percentage", percent: 25 },
      copy: {
        title: "Add {product}",
        description:
          "Worksheets and ready-made templates that follow the course lesson by lesson. Use them to put each lesson into practice as you go.",
        checkboxLabel: CHECKBOX,
      },
    },
    upsell: {
      role: "A premium next step, like 1:1 coaching",
      exampleTitle: "Coaching add-on",
      examplePrice: usd(197),
      quantity: 1,
      discount: { type: "none" },
      premium: true,
      repeatsCore: false,
      copy: {
        headline: "Want personal help putting it into practice?",
        body: "Add {product} to your order and get feedback on your work from the instructor as you go through the course. One click adds it, charged separately to the payment method you just used; nothing to re-enter.",
        labels: DEFAULT_POST_PURCHASE_LABEL_PAIR,
      },
    },
    downsell: {
      role: "A lighter version of the upsell",
      exampleTitle: "Group Q&A pass",
      examplePrice: usd(47),
      quantity: 1,
      discount: { type: "none" },
      premium: false,
      repeatsCore: false,
      copy: {
        headline: "Prefer a lighter option?",
        body: "Get your questions answered live with {product}: join the group calls with the instructor and other students. One click adds it to your order.",
        labels: DEFAULT_POST_PURCHASE_LABEL_PAIR,
      },
    },
  },
  {
    id: "ecommerce",
    name: "Ecommerce",
    description:
      "A $60 skincare set with a $12 travel size in checkout, a second set at 25% off after payment, and a $19 single refill for those who say no.",
    businessType: "ecommerce",
    core: { role: "Your best-selling product", exampleTitle: "Skincare set", examplePrice: usd(60) },
    bump: {
      role: "A small add-on that goes with it",
      exampleTitle: "Travel-size set",
      examplePrice: usd(15),
      quantity: 1,
      discount: { type: "percentage", percent: 20 },
      copy: {
        title: "Add {product}",
        description:
          "The same routine in sizes that fit your carry-on, for trips and the gym bag. It ships in the same parcel as your order.",
        checkboxLabel: CHECKBOX,
      },
    },
    upsell: {
      role: "A second one of your product, at a discount",
      exampleTitle: "Skincare set",
      examplePrice: usd(60),
      quantity: 1,
      discount: { type: "percentage", percent: 25 },
      premium: false,
      repeatsCore: true,
      copy: {
        headline: "Get a second {product} for less",
        body: "Stock up or share one with a friend: add another {product} at a lower price. It ships with the order you just placed.",
        labels: DEFAULT_POST_PURCHASE_LABEL_PAIR,
      },
    },
    downsell: {
      role: "A single refill or smaller size",
      exampleTitle: "Single refill",
      examplePrice: usd(19),
      quantity: 1,
      discount: { type: "none" },
      premium: false,
      repeatsCore: false,
      copy: {
        headline: "Just want a refill?",
        body: "Add {product} to your order so you never run out. It ships with the order you just placed.",
        labels: DEFAULT_POST_PURCHASE_LABEL_PAIR,
      },
    },
  },
  {
    id: "coaching",
    name: "Coaching",
    description:
      "A $300 strategy session with a $49 prep assessment in checkout, a $900 3-session package after payment, and a $150 single follow-up for those who say no.",
    businessType: "coaching",
    core: { role: "Your first session", exampleTitle: "Strategy session", examplePrice: usd(300) },
    bump: {
      role: "A short tool that prepares for the session",
      exampleTitle: "Prep assessment",
      examplePrice: usd(70),
      quantity: 1,
      discount: { type: "percentage", percent: 30 },
      copy: {
        title: "Add {product}",
        description:
          "Answer a few questions before we meet and get a written snapshot of where you stand. We use it to start the session from your answers.",
        checkboxLabel: CHECKBOX,
      },
    },
    upsell: {
      role: "A package of sessions, the natural next step",
      exampleTitle: "3-session package",
      examplePrice: usd(900),
      quantity: 1,
      discount: { type: "none" },
      premium: true,
      repeatsCore: false,
      copy: {
        headline: "Continue after your first session",
        body: "With {product} we build your plan together and check in as you put it to work. One click adds it, charged separately to the payment method you just used; nothing to re-enter.",
        labels: DEFAULT_POST_PURCHASE_LABEL_PAIR,
      },
    },
    downsell: {
      role: "A single follow-up session",
      exampleTitle: "Follow-up session",
      examplePrice: usd(150),
      quantity: 1,
      discount: { type: "none" },
      premium: false,
      repeatsCore: false,
      copy: {
        headline: "Prefer one check-in for now?",
        body: "Book {product} a few weeks after your strategy session to review how the plan is going. One click adds it to your order.",
        labels: DEFAULT_POST_PURCHASE_LABEL_PAIR,
      },
    },
  },
];

/** Replaces "{product}" in template copy with a product title. */
export function fillTemplateCopy(text: string, productTitle: string): string {
  return text.split("{product}").join(productTitle);
}

export type TemplatePicks = {
  core: OfferProduct;
  bump?: OfferProduct;
  upsell?: OfferProduct;
  downsell?: OfferProduct;
};

/**
 * A draft funnel triggered by the picked core product, with the template's
 * discounts and copy on the picked products. A role left unpicked stays
 * empty, except an upsell that repeats the core, which defaults to it.
 */
export function funnelFromTemplate(
  template: FunnelTemplate,
  picks: TemplatePicks,
  options: { id: string; createdAt: string; name?: string; priority?: number },
): Funnel {
  const upsellProduct = picks.upsell ?? (template.upsell.repeatsCore ? picks.core : undefined);
  const fill = <C extends Record<string, string>>(copy: C, title: string): C =>
    Object.fromEntries(Object.entries(copy).map(([key, text]) => [key, fillTemplateCopy(text, title)])) as C;
  const postPurchase = (role: TemplatePostPurchase, product: OfferProduct | undefined): PostPurchaseOffer | null =>
    product
      ? { product, quantity: role.quantity, discount: { ...role.discount }, premium: role.premium, copy: fill(role.copy, product.title) }
      : null;

  return {
    id: options.id,
    name: options.name ?? `${template.name}: ${picks.core.title}`,
    status: "draft",
    priority: options.priority ?? 0,
    createdAt: options.createdAt,
    trigger: { match: { type: "products", products: [picks.core] }, minSubtotal: null, maxSubtotal: null },
    bump: picks.bump
      ? {
          product: picks.bump,
          quantity: template.bump.quantity,
          discount: { ...template.bump.discount },
          copy: fill(template.bump.copy, picks.bump.title),
        }
      : null,
    postPurchase: {
      upsell: postPurchase(template.upsell, upsellProduct),
      downsell: postPurchase(template.downsell, picks.downsell),
      followUp: null,
    },
  };
}
