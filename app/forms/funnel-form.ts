import { z } from "zod";
import { FUNNEL_STATUSES, type FunnelFormValues, MAX_POST_PURCHASE_OFFERS, POST_PURCHASE_LABEL_PAIRS } from "@upstack/core";

/**
 * The one schema for the funnel editor: the form validates with it as the
 * merchant types, and the save action validates the same payload again on
 * the server. Products travel as GIDs only; titles and prices are looked up
 * in Shopify by the server, never taken from the form.
 */

const gid = (type: string) =>
  z
    .string({ error: "Pick a product." })
    .regex(new RegExp(`^gid://shopify/${type}/[1-9][0-9]*$`), { error: "Pick a product with the product picker." });

const decimal = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { error: "Enter an amount like 5 or 4.99, not negative." });

const discount = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({
    type: z.literal("percentage"),
    percent: z.coerce
      .number({ error: "Enter a percentage." })
      .positive({ error: "Enter a percentage above 0, or choose no discount." })
      .max(100, { error: "A discount can't be more than 100%." }),
  }),
  z.object({ type: z.literal("fixed_amount"), amount: decimal }),
]);

const quantity = z.coerce
  .number({ error: "Enter a quantity." })
  .int({ error: "Enter a whole number." })
  .min(1, { error: "Offer at least 1." })
  .max(10, { error: "Offer at most 10." });

const text = (max: number, what: string) =>
  z.string().trim().min(1, { error: `Enter ${what}.` }).max(max, { error: `Keep it under ${max} characters.` });

export const bumpFormSchema = z.object({
  variantId: gid("ProductVariant"),
  quantity,
  discount,
  copy: z.object({
    title: text(80, "a title"),
    description: text(400, "a short description"),
    checkboxLabel: text(80, "the checkbox label"),
  }),
});

export const POST_PURCHASE_ROLES = ["upsell", "downsell", "followUp"] as const;
export type PostPurchaseRole = (typeof POST_PURCHASE_ROLES)[number];

export const postPurchaseOfferFormSchema = z.object({
  role: z.enum(POST_PURCHASE_ROLES),
  variantId: gid("ProductVariant"),
  quantity,
  discount,
  premium: z.boolean().default(false),
  copy: z.object({
    // Shopify's review requires the banner at the top to say what is offered: neither may be empty.
    headline: text(100, "a headline that names the product and the discount"),
    body: text(600, "a short description"),
    // Preset pairs only: Shopify's review refuses accept/decline wording the merchant can rewrite.
    labels: z.enum(POST_PURCHASE_LABEL_PAIRS, { error: "Choose one of the button wordings." }),
  }),
});

const idList = (type: string, what: string) =>
  z.array(gid(type)).min(1, { error: `Pick at least one ${what}.` }).max(50, { error: `Pick at most 50 ${what}s.` });

export const triggerFormSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("any_order") }),
  z.object({ type: z.literal("products"), productIds: idList("Product", "product") }),
  z.object({ type: z.literal("variants"), variantIds: idList("ProductVariant", "variant") }),
  z.object({ type: z.literal("collections"), collectionIds: idList("Collection", "collection") }),
]);

const optionalAmount = z.union([z.literal(""), decimal]).default("");

export const funnelFormSchema = z
  .object({
    name: text(100, "a name"),
    status: z.enum(FUNNEL_STATUSES).exclude(["archived"]).default("draft"),
    priority: z.coerce.number().int({ error: "Enter a whole number." }).min(0).max(1000).default(0),
    trigger: triggerFormSchema,
    minSubtotal: optionalAmount,
    maxSubtotal: optionalAmount,
    bump: bumpFormSchema.nullable(),
    postPurchase: z
      .array(postPurchaseOfferFormSchema)
      .max(3, {
        error: `At most three post-purchase offers: an upsell, a downsell and a follow-up (a buyer sees at most ${MAX_POST_PURCHASE_OFFERS}).`,
      }),
    // One per editor session (the new-funnel page issues it): a create posted twice makes one funnel.
    idempotencyKey: z.uuid({ error: "This page is out of date. Reload it, then save again." }).optional(),
  })
  .superRefine((form, ctx) => {
    if (form.minSubtotal && form.maxSubtotal && Number(form.minSubtotal) > Number(form.maxSubtotal)) {
      ctx.addIssue({ code: "custom", path: ["maxSubtotal"], message: "The maximum must be above the minimum." });
    }
    const roles = form.postPurchase.map((offer) => offer.role);
    roles.forEach((role, index) => {
      if (roles.indexOf(role) !== index) {
        ctx.addIssue({ code: "custom", path: ["postPurchase", index, "role"], message: `There is already a ${role}.` });
      }
    });
    if (roles.length > 0 && !roles.includes("upsell")) {
      ctx.addIssue({
        code: "custom",
        path: ["postPurchase"],
        message: "Add an upsell first: the downsell and follow-up only show after it.",
      });
    }
    if (!form.bump && roles.length === 0) {
      ctx.addIssue({ code: "custom", path: ["bump"], message: "Add a bump or an upsell: a funnel needs an offer." });
    }
  });

export type FunnelForm = z.infer<typeof funnelFormSchema>;
export type FunnelFormInput = z.input<typeof funnelFormSchema>;
/** What the editor posts: the form's values as typed (core's shape, converted by funnelFromForm) and its session key. */
export type FunnelFormPayload = FunnelFormValues & Pick<FunnelForm, "idempotencyKey">;
export type FieldErrors = Record<string, string>;

/** Field path ("bump.discount.percent") to its first message. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseFunnelForm(input: unknown):
  | { ok: true; form: FunnelForm }
  | { ok: false; fieldErrors: FieldErrors } {
  const result = funnelFormSchema.safeParse(input);
  return result.success ? { ok: true, form: result.data } : { ok: false, fieldErrors: fieldErrorsOf(result.error) };
}

/**
 * The advisor names fields in the funnel's shape ("postPurchase.upsell.discount");
 * the form lists post-purchase offers in order ("postPurchase.0.discount").
 */
export function formFieldOf(field: string, roles: readonly PostPurchaseRole[]): string {
  return field.replace(/^postPurchase\.(upsell|downsell|followUp)/, (whole, role: PostPurchaseRole) => {
    const index = roles.indexOf(role);
    return index >= 0 ? `postPurchase.${index}` : whole;
  });
}
