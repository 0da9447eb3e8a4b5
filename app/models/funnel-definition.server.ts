import { type Funnel, POST_PURCHASE_LABEL_PAIRS, nearestLabelPair } from "@upstack/core";
import { z } from "zod";

/**
 * The JSON a Funnel row keeps in `definition`: core's trigger, bump and
 * post-purchase sequence, with the version of this shape. Every read
 * validates the row; one that fails is reported with the reason, never cast.
 *
 * Versions: 1 (also rows written before the version existed) had free-text
 * accept/decline labels; 2 has a preset label pair (Shopify's review refuses
 * rewritable button wording). A version 1 row is read as version 2 with the
 * nearest pair, and is written back as version 2 on its next save.
 */
export type FunnelDefinition = Pick<Funnel, "trigger" | "bump" | "postPurchase">;

export const FUNNEL_DEFINITION_VERSION = 2;

// Objects keep keys this schema does not know, so a field added to core's
// model is not dropped by a read-and-save before this schema learns of it.
const money = z.looseObject({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) });
const product = z.looseObject({
  productId: z.string().min(1),
  variantId: z.string().min(1),
  title: z.string(),
  variantTitle: z.string().nullable(),
  imageUrl: z.string().nullable(),
  price: money,
});
const discount = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("none") }),
  z.looseObject({ type: z.literal("percentage"), percent: z.number() }),
  z.looseObject({ type: z.literal("fixed_amount"), amount: z.number().int() }),
]);
const quantity = z.number().int().positive();
const bump = z.looseObject({
  product,
  quantity,
  discount,
  copy: z.looseObject({ title: z.string(), description: z.string(), checkboxLabel: z.string() }),
});
const postPurchaseOfferWith = <C extends z.ZodType>(copy: C) => z.looseObject({ product, quantity, discount, copy, premium: z.boolean() });
const postPurchaseOffer = postPurchaseOfferWith(
  z.object({ headline: z.string(), body: z.string(), labels: z.enum(POST_PURCHASE_LABEL_PAIRS) }),
);
// Version 1's copy, turned into version 2's as it is read: the free-text labels become the nearest preset pair.
const postPurchaseOfferV1 = postPurchaseOfferWith(
  z
    .looseObject({ headline: z.string(), body: z.string(), acceptLabel: z.string(), declineLabel: z.string() })
    .transform(({ headline, body, acceptLabel }) => ({ headline, body, labels: nearestLabelPair(acceptLabel) })),
);
const match = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("any_order") }),
  z.looseObject({ type: z.literal("products"), products: z.array(product) }),
  z.looseObject({ type: z.literal("variants"), variants: z.array(product) }),
  z.looseObject({
    type: z.literal("collections"),
    collections: z.array(z.looseObject({ collectionId: z.string().min(1), title: z.string() })),
  }),
]);

const definitionSchemaWith = <O extends z.ZodType>(offer: O) =>
  z.object({
    trigger: z.looseObject({ match, minSubtotal: money.nullable(), maxSubtotal: money.nullable() }),
    bump: bump.nullable(),
    postPurchase: z.looseObject({ upsell: offer.nullable(), downsell: offer.nullable(), followUp: offer.nullable() }),
  });

const DEFINITION_SCHEMAS: Record<number, z.ZodType<FunnelDefinition, unknown>> = {
  1: definitionSchemaWith(postPurchaseOfferV1),
  [FUNNEL_DEFINITION_VERSION]: definitionSchemaWith(postPurchaseOffer),
};

/** The row's `definition` text for a funnel, at the current version. */
export function serializeFunnelDefinition(funnel: FunnelDefinition): string {
  return JSON.stringify({
    version: FUNNEL_DEFINITION_VERSION,
    trigger: funnel.trigger,
    bump: funnel.bump,
    postPurchase: funnel.postPurchase,
  });
}

export type ParsedFunnelDefinition = { ok: true; definition: FunnelDefinition } | { ok: false; problem: string };

/** A row's `definition` text, validated; the problem in words when it cannot be used. */
export function parseFunnelDefinition(text: string): ParsedFunnelDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: "its saved settings are not valid JSON" };
  }
  const version = typeof json === "object" && json !== null && "version" in json ? json.version : 1;
  const schema = typeof version === "number" ? DEFINITION_SCHEMAS[version] : undefined;
  if (!schema) {
    return { ok: false, problem: `its saved settings have version ${JSON.stringify(version)}, which this version of Upstack cannot read` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`);
    return { ok: false, problem: `its saved settings are invalid (${issues.slice(0, 3).join("; ")})` };
  }
  return { ok: true, definition: parsed.data };
}
