import { createHash } from "node:crypto";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import {
  BUMP_DISCOUNT_TITLE,
  adviseFunnel,
  buildCheckoutConfig,
  buildDiscountConfig,
  ConfigTooLargeError,
  PUBLISHED_METAFIELDS,
  BUMP_DISCOUNT_FUNCTION_HANDLE,
  type Funnel,
  type OfferProduct,
} from "@upstack/core";
import db, { type Database } from "../db.server";
import { recordCollectionProducts } from "../models/collection-products.server";
import { activeFunnels, pauseForAttention, saveResolvedDefinition, type StoredFunnel } from "../models/funnel.server";
import { readHoldout } from "../models/shop-settings.server";
import { recordSoldOutVariants } from "../models/sold-out-variant.server";
import {
  collectionProductIds,
  resolveOfferVariants,
  resolveTriggerProducts,
  ShopifyRequestError,
} from "./catalog.server";

/**
 * Publishing: what checkout reads without a network call. The checkout UI
 * extension reads a JSON document from an app-owned shop metafield; the bump
 * discount Function reads its config from its automatic discount's
 * metafield. Publishing is idempotent (unchanged documents are not sent
 * again), and a failure leaves the merchant's funnels as saved and records
 * what failed. It runs as the publish-shop background job (app/jobs), which
 * retries a failure with backoff; nothing else calls Shopify to publish.
 */


const SHOP_QUERY = `#graphql
  query UpstackPublishShop {
    shop {
      id
      currencyCode
    }
  }
`;

const DISCOUNT_EXISTS_QUERY = `#graphql
  query UpstackBumpDiscountExists($id: ID!) {
    discountNode(id: $id) {
      id
    }
  }
`;

const METAFIELDS_SET_MUTATION = `#graphql
  mutation UpstackPublishMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const CREATE_DISCOUNT_MUTATION = `#graphql
  mutation UpstackCreateBumpDiscount($discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $discount) {
      automaticAppDiscount {
        discountId
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type PublishOutcome = {
  state: "published" | "unchanged" | "failed";
  /** What went wrong, in the merchant's words (failed only). */
  error: string | null;
  /** Funnels paused because a product they need is gone from Shopify, or its new price breaks an advisor rule. */
  paused: { id: string; name: string; reason: string }[];
};

class PublishError extends Error {}

type UserError = { field: string[] | null; message: string; code: string | null };

async function call<T>(admin: AdminApiContext, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await admin.graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new ShopifyRequestError(body.errors?.map((e) => e.message).join("; ") || "no data");
  return body.data;
}

function failOn(userErrors: UserError[], what: string) {
  if (userErrors.length > 0) {
    throw new PublishError(`Shopify refused to ${what}: ${userErrors.map((e) => e.message).join("; ")}`);
  }
}

const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * Re-reads every product the active funnels show from Shopify, so titles,
 * images and prices are fresh; a funnel whose product is gone (or archived),
 * or whose fresh prices break one of the advisor's blocking rules (a price
 * fallen to its fixed discount would be given away), is paused with the
 * reason instead of being published. Records which offer variants are sold
 * out (see models/sold-out-variant.server).
 */
async function refreshProducts(admin: AdminApiContext, shop: string, funnels: StoredFunnel[]) {
  const offers = (funnel: Funnel) =>
    [funnel.bump, funnel.postPurchase.upsell, funnel.postPurchase.downsell, funnel.postPurchase.followUp].filter(
      (offer) => offer !== null,
    );
  const offerVariantIds = funnels.flatMap((funnel) => offers(funnel).map((offer) => offer.product.variantId));
  const variantIds = funnels.flatMap((funnel) => [
    ...offers(funnel).map((offer) => offer.product.variantId),
    ...(funnel.trigger.match.type === "variants" ? funnel.trigger.match.variants.map((v) => v.variantId) : []),
  ]);
  const productIds = funnels.flatMap((funnel) =>
    funnel.trigger.match.type === "products" ? funnel.trigger.match.products.map((p) => p.productId) : [],
  );
  const [variants, products] = await Promise.all([
    resolveOfferVariants(admin, variantIds),
    resolveTriggerProducts(admin, [...new Set(productIds)]),
  ]);
  // Out of stock is passing: the funnel stays published; checkout and the post-purchase page leave the offer out.
  const soldOut = new Set(offerVariantIds.filter((id) => variants.soldOut.has(id)));
  await recordSoldOutVariants(shop, soldOut);

  const fresh: StoredFunnel[] = [];
  const paused: PublishOutcome["paused"] = [];
  for (const funnel of funnels) {
    const problems: string[] = [];
    const refreshed = (product: OfferProduct, byProduct = false): OfferProduct => {
      const source = byProduct ? products : variants;
      const key = byProduct ? product.productId : product.variantId;
      const reason = source.unavailable.get(key);
      if (reason) problems.push(reason);
      return source.found.get(key) ?? product;
    };
    const refreshOffer = <O extends { product: OfferProduct } | null>(offer: O): O =>
      offer ? { ...offer, product: refreshed(offer.product) } : offer;
    const match = funnel.trigger.match;
    const next: StoredFunnel = {
      ...funnel,
      trigger: {
        ...funnel.trigger,
        match:
          match.type === "products"
            ? { type: "products", products: match.products.map((p) => refreshed(p, true)) }
            : match.type === "variants"
              ? { type: "variants", variants: match.variants.map((v) => refreshed(v)) }
              : match,
      },
      bump: refreshOffer(funnel.bump),
      postPurchase: {
        upsell: refreshOffer(funnel.postPurchase.upsell),
        downsell: refreshOffer(funnel.postPurchase.downsell),
        followUp: refreshOffer(funnel.postPurchase.followUp),
      },
    };
    const changed = JSON.stringify(next) !== JSON.stringify(funnel);
    // Saving blocks these errors; a price changed in Shopify since can bring one back.
    if (problems.length === 0) problems.push(...blockingProblems(next));
    if (problems.length > 0) {
      const reason = `Paused by Upstack: ${problems[0]}`;
      // The fresh prices are kept, so the editor shows the merchant what changed.
      if (changed) await saveResolvedDefinition(shop, funnel.id, next);
      await pauseForAttention(shop, funnel.id, reason);
      paused.push({ id: funnel.id, name: funnel.name, reason });
      continue;
    }
    if (changed) await saveResolvedDefinition(shop, funnel.id, next);
    fresh.push(next);
  }
  return { fresh, paused, soldOut };
}

/** The advisor's errors for a funnel, as sentences: what blocks saving also blocks publishing. */
function blockingProblems(funnel: Funnel): string[] {
  return adviseFunnel(funnel)
    .filter((note) => note.severity === "error")
    .map((note) => note.message);
}

/**
 * The products of every collection an active funnel is triggered by, read
 * from Shopify once and used by every surface: the checkout and discount
 * documents are built from it, and it is stored for the post-purchase server
 * (models/collection-products.server).
 */
async function collectionMap(admin: AdminApiContext, shop: string, funnels: Funnel[]) {
  const ids = new Set(
    funnels.flatMap((funnel) =>
      funnel.trigger.match.type === "collections" ? funnel.trigger.match.collections.map((c) => c.collectionId) : [],
    ),
  );
  const map = new Map<string, string[]>();
  for (const id of ids) map.set(id, await collectionProductIds(admin, id));
  await recordCollectionProducts(shop, map);
  return map;
}

/** Where the checkout bump reports impressions and accepts (app/routes/api.checkout.events.tsx). */
export function checkoutEventsUrl(): string | undefined {
  const appUrl = process.env.SHOPIFY_APP_URL;
  return appUrl ? new URL("/api/checkout/events", appUrl).toString() : undefined;
}

/** Marks the shop's published state stale, e.g. after a funnel changed. */
export async function markPublicationPending(shop: string, client: Pick<Database, "publication"> = db) {
  await client.publication.upsert({
    where: { shop },
    create: { shop, state: "pending" },
    update: { state: "pending" },
  });
}

/** Publishes the shop's active funnels to Shopify. Never throws for Shopify's or the network's failures. */
export async function publishShop(admin: AdminApiContext, shop: string): Promise<PublishOutcome> {
  const publication =
    (await db.publication.findUnique({ where: { shop } })) ??
    (await db.publication.create({ data: { shop, state: "pending" } }));
  let paused: PublishOutcome["paused"] = [];
  try {
    const refreshed = await refreshProducts(admin, shop, await activeFunnels(shop));
    paused = refreshed.paused;
    const { shop: shopInfo } = await call<{ shop: { id: string; currencyCode: string } }>(admin, SHOP_QUERY);
    const collections = await collectionMap(admin, shop, refreshed.fresh);
    const checkout = buildCheckoutConfig(refreshed.fresh, shopInfo.currencyCode, {
      collectionProducts: collections,
      eventsUrl: checkoutEventsUrl(),
      soldOut: refreshed.soldOut,
      holdoutPercent: (await readHoldout(shop)).percent,
    });
    const { config: discount } = buildDiscountConfig(refreshed.fresh, shopInfo.currencyCode, {
      collectionProducts: collections,
    });
    const checkoutHash = hashOf(checkout);
    const discountHash = hashOf(discount);

    let discountId = publication.discountId;
    if (discountId) {
      const { discountNode } = await call<{ discountNode: { id: string } | null }>(admin, DISCOUNT_EXISTS_QUERY, {
        id: discountId,
      });
      // The merchant deleted our discount in Shopify admin: make a new one.
      if (!discountNode) discountId = null;
    }
    // Hashes are recorded only after a complete publish, so equal hashes mean
    // Shopify already has exactly these documents.
    if (
      discountId &&
      publication.checkoutConfigHash === checkoutHash &&
      publication.discountConfigHash === discountHash
    ) {
      await db.publication.update({
        where: { shop },
        data: { state: "published", lastError: null, attempts: 0 },
      });
      return { state: "unchanged", error: null, paused };
    }

    const metafields: Record<string, unknown>[] = [
      {
        ownerId: shopInfo.id,
        namespace: PUBLISHED_METAFIELDS.checkout.namespace,
        key: PUBLISHED_METAFIELDS.checkout.key,
        type: "json",
        value: JSON.stringify(checkout),
      },
    ];
    if (discountId) {
      metafields.push({
        ownerId: discountId,
        namespace: PUBLISHED_METAFIELDS.discount.namespace,
        key: PUBLISHED_METAFIELDS.discount.key,
        type: "json",
        value: JSON.stringify(discount),
      });
    }
    const set = await call<{ metafieldsSet: { userErrors: UserError[] } }>(admin, METAFIELDS_SET_MUTATION, {
      metafields,
    });
    failOn(set.metafieldsSet.userErrors, "save the checkout settings");

    if (!discountId) {
      const created = await call<{
        discountAutomaticAppCreate: { automaticAppDiscount: { discountId: string } | null; userErrors: UserError[] };
      }>(admin, CREATE_DISCOUNT_MUTATION, {
        discount: {
          title: BUMP_DISCOUNT_TITLE,
          functionHandle: BUMP_DISCOUNT_FUNCTION_HANDLE,
          discountClasses: ["PRODUCT"],
          startsAt: new Date().toISOString(),
          combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
          metafields: [
            {
              namespace: PUBLISHED_METAFIELDS.discount.namespace,
              key: PUBLISHED_METAFIELDS.discount.key,
              type: "json",
              value: JSON.stringify(discount),
            },
          ],
        },
      });
      failOn(created.discountAutomaticAppCreate.userErrors, "create the bump discount");
      discountId = created.discountAutomaticAppCreate.automaticAppDiscount?.discountId ?? null;
      if (!discountId) throw new PublishError("Shopify did not return the new bump discount.");
    }

    await db.publication.update({
      where: { shop },
      data: {
        state: "published",
        discountId,
        checkoutConfigHash: checkoutHash,
        discountConfigHash: discountHash,
        lastError: null,
        attempts: 0,
        publishedAt: new Date(),
      },
    });
    return { state: "published", error: null, paused };
  } catch (error) {
    const message = describeFailure(error);
    // When it is tried again is the job queue's business (app/jobs).
    await db.publication.update({
      where: { shop },
      data: { state: "failed", lastError: message, attempts: publication.attempts + 1 },
    });
    return { state: "failed", error: message, paused };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof ConfigTooLargeError || error instanceof PublishError) return error.message;
  if (error instanceof ShopifyRequestError) return `Shopify could not be reached or refused the request: ${error.message}`;
  if (error instanceof Response) return `Shopify answered ${error.status} ${error.statusText}`.trim();
  const message = error instanceof Error ? error.message : String(error);
  return `Publishing to Shopify failed: ${message}`;
}

export async function publicationStatus(shop: string) {
  const publication = await db.publication.findUnique({ where: { shop } });
  return publication
    ? {
        state: publication.state as "pending" | "published" | "failed",
        lastError: publication.lastError,
        publishedAt: publication.publishedAt?.toISOString() ?? null,
      }
    : null;
}
