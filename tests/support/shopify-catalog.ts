import type { stubAdminGraphql } from "./admin-graphql-stub";

/**
 * A small Shopify store for tests: products with one variant each, answered
 * through the stubbed Admin API for the app's catalog and publishing
 * operations. Answers are checked against the real schema by the stub.
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
  currency?: string;
  /** Our automatic discount, once created; null: Shopify has none (never created, or deleted). */
  discountId?: string | null;
  /** userErrors metafieldsSet answers with (a refusal). */
  metafieldErrors?: { field: string[] | null; message: string; code: string | null }[];
  /** The store's collections and the products in each. */
  collections?: CatalogCollection[];
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
    data: { shop: { name: "Test Shop", currencyCode: currency, myshopifyDomain: options.shop, plan: { shopifyPlus: true, partnerDevelopment: false } } },
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
  stub.answer("UpstackPublishMetafields", () => ({
    data: {
      metafieldsSet: state.metafieldErrors.length
        ? { metafields: null, userErrors: state.metafieldErrors }
        : { metafields: [{ id: "gid://shopify/Metafield/1" }], userErrors: [] },
    },
  }));
  stub.answer("UpstackCreateBumpDiscount", () => {
    state.discountId = "gid://shopify/DiscountAutomaticNode/77";
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

/** The course-creator stack of the playbook, as a store's catalog. */
export const COURSE_STORE: Record<"course" | "workbook" | "coaching" | "qa" | "archived", CatalogProduct> = {
  course: { productId: 1001, variantId: 2001, title: "Launch Your Course", price: "97.00" },
  workbook: { productId: 1002, variantId: 2002, title: "Course Workbook", price: "36.00" },
  coaching: { productId: 1003, variantId: 2003, title: "1:1 Coaching Add-on", price: "197.00" },
  qa: { productId: 1004, variantId: 2004, title: "Group Q&A Pass", price: "47.00" },
  archived: { productId: 1005, variantId: 2005, title: "Old Bonus Pack", price: "20.00", status: "ARCHIVED" },
};
