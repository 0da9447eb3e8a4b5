import type { stubAdminGraphql } from "./admin-graphql";

/**
 * A small Shopify store: products with one variant each, answered through
 * the stubbed Admin API for the app's catalog and publishing operations.
 * Answers are checked against the real schema by the stub. Used by the tests
 * and by the sandbox's stand-in for Shopify.
 */
export type CatalogProduct = {
  productId: number;
  variantId: number;
  title: string;
  price: string;
  status?: "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";
  /** false: out of stock and not sold when out of stock. Read at each answer, so a test can change it. */
  availableForSale?: boolean;
  variantTitle?: string;
  imageUrl?: string | null;
};

export type CatalogOptions = {
  shop: string;
  /** The shop's name, as Shopify's admin shows it. */
  shopName?: string;
  currency?: string;
  /** Our automatic discount, once created; null: Shopify has none (never created, or deleted). */
  discountId?: string | null;
  /** userErrors metafieldsSet answers with (a refusal). */
  metafieldErrors?: { field: string[] | null; message: string; code: string | null }[];
  /** The store's collections and the products in each. */
  collections?: CatalogCollection[];
  /** Told what the app published (the sandbox's storefront preview reads it): metafieldsSet's input, the created discount. */
  published?: {
    metafieldsSet(metafields: unknown): void;
    discountCreated(id: string, discount: { discountClasses?: unknown; metafields?: unknown } | undefined): void;
  };
};

export type CatalogCollection = { collectionId: number; title: string; productIds: number[] };

type Stub = ReturnType<typeof stubAdminGraphql>;

export const productGid = (id: number) => `gid://shopify/Product/${id}`;
export const collectionGid = (id: number) => `gid://shopify/Collection/${id}`;
export const variantGid = (id: number) => `gid://shopify/ProductVariant/${id}`;

const media = (url: string | null | undefined) =>
  url ? { __typename: "MediaImage", preview: { image: { url } } } : null;

export function answerCatalog(stub: Stub, products: CatalogProduct[], options: CatalogOptions) {
  const currency = options.currency ?? "USD";
  const byVariant = new Map(products.map((p) => [variantGid(p.variantId), p]));
  const byProduct = new Map(products.map((p) => [productGid(p.productId), p]));
  const ids = (variables: Record<string, unknown> | undefined) => (variables?.ids as string[] | undefined) ?? [];
  const soldOut = new Set<string>();
  const state = { discountId: options.discountId ?? null, metafieldErrors: options.metafieldErrors ?? [] };

  stub.answer("UpstackShopSummary", {
    data: { shop: { name: options.shopName ?? "Test Shop", currencyCode: currency, myshopifyDomain: options.shop, plan: { shopifyPlus: true, partnerDevelopment: false } } },
  });
  stub.answer("UpstackPublishShop", { data: { shop: { id: "gid://shopify/Shop/1", currencyCode: currency } } });
  stub.answer("UpstackOfferVariants", (variables) => ({
    data: {
      shop: { currencyCode: currency },
      nodes: ids(variables).map((id) => {
        const p = byVariant.get(id);
        if (!p) return null;
        return {
          __typename: "ProductVariant",
          id,
          title: p.variantTitle ?? "Default Title",
          price: p.price,
          availableForSale: soldOut.has(id) ? false : (p.availableForSale ?? true),
          media: { nodes: [] },
          product: {
            id: productGid(p.productId),
            title: p.title,
            status: p.status ?? "ACTIVE",
            featuredMedia: media(p.imageUrl),
          },
        };
      }),
    },
  }));
  stub.answer("UpstackTriggerProducts", (variables) => ({
    data: {
      shop: { currencyCode: currency },
      nodes: ids(variables).map((id) => {
        const p = byProduct.get(id);
        if (!p) return null;
        return {
          __typename: "Product",
          id,
          title: p.title,
          status: p.status ?? "ACTIVE",
          featuredMedia: media(p.imageUrl),
          variants: {
            nodes: [{ id: variantGid(p.variantId), title: p.variantTitle ?? "Default Title", price: p.price }],
          },
        };
      }),
    },
  }));
  const collections = new Map((options.collections ?? []).map((c) => [collectionGid(c.collectionId), { ...c }]));
  stub.answer("UpstackCollections", (variables) => ({
    data: {
      nodes: ids(variables).map((id) => {
        const c = collections.get(id);
        return c ? { __typename: "Collection", id, title: c.title } : null;
      }),
    },
  }));
  stub.answer("UpstackCollectionProducts", (variables) => {
    const c = collections.get(String(variables?.id));
    return {
      data: {
        collection: c
          ? {
              products: {
                nodes: c.productIds.map((id) => ({ id: productGid(id) })),
                pageInfo: { hasNextPage: false, endCursor: null },
              },
            }
          : null,
      },
    };
  });
  stub.answer("UpstackBumpDiscountExists", (variables) => ({
    data: { discountNode: variables?.id === state.discountId ? { id: state.discountId } : null },
  }));
  stub.answer("UpstackPublishMetafields", (variables) => {
    if (state.metafieldErrors.length) return { data: { metafieldsSet: { metafields: null, userErrors: state.metafieldErrors } } };
    // The app updates its discount's config through metafieldsSet too (ownerId: the discount).
    options.published?.metafieldsSet(variables?.metafields);
    return { data: { metafieldsSet: { metafields: [{ id: "gid://shopify/Metafield/1" }], userErrors: [] } } };
  });
  stub.answer("UpstackCreateBumpDiscount", (variables) => {
    state.discountId = "gid://shopify/DiscountAutomaticNode/77";
    options.published?.discountCreated(state.discountId, variables?.discount as { discountClasses?: unknown; metafields?: unknown } | undefined);
    return {
      data: {
        discountAutomaticAppCreate: { automaticAppDiscount: { discountId: state.discountId }, userErrors: [] },
      },
    };
  });

  return {
    /** Change the store between steps: remove a product, refuse metafields, delete our discount. */
    state,
    add(product: CatalogProduct) {
      products.push(product);
      byVariant.set(variantGid(product.variantId), product);
      byProduct.set(productGid(product.productId), product);
    },
    /** Stock runs out (or comes back) for a variant: Shopify's availableForSale. */
    setAvailableForSale(variantId: number, available: boolean) {
      if (available) soldOut.delete(variantGid(variantId));
      else soldOut.add(variantGid(variantId));
    },
    /** The merchant changes which products a collection holds. */
    setCollectionProducts(collectionId: number, productIds: number[]) {
      const c = collections.get(collectionGid(collectionId));
      if (c) c.productIds = productIds;
    },
    remove(productId: number) {
      const p = products.find((candidate) => candidate.productId === productId);
      if (p) {
        byVariant.delete(variantGid(p.variantId));
        byProduct.delete(productGid(p.productId));
      }
    },
  };
}
