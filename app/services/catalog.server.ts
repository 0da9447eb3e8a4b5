import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { parseMoney, type OfferProduct } from "@upstack/core";

/**
 * The product facts an offer shows (title, image, regular price) come from
 * Shopify at save and publish time, never from the browser.
 */

const OFFER_VARIANTS_QUERY = `#graphql
  query UpstackOfferVariants($ids: [ID!]!) {
    shop {
      currencyCode
    }
    nodes(ids: $ids) {
      __typename
      ... on ProductVariant {
        id
        title
        price
        availableForSale
        media(first: 1) {
          nodes {
            preview {
              image {
                url
              }
            }
          }
        }
        product {
          id
          title
          status
          featuredMedia {
            preview {
              image {
                url
              }
            }
          }
        }
      }
    }
  }
`;

const TRIGGER_PRODUCTS_QUERY = `#graphql
  query UpstackTriggerProducts($ids: [ID!]!) {
    shop {
      currencyCode
    }
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        status
        featuredMedia {
          preview {
            image {
              url
            }
          }
        }
        variants(first: 1) {
          nodes {
            id
            title
            price
          }
        }
      }
    }
  }
`;

const COLLECTIONS_QUERY = `#graphql
  query UpstackCollections($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Collection {
        id
        title
      }
    }
  }
`;

const COLLECTION_PRODUCTS_QUERY = `#graphql
  query UpstackCollectionProducts($id: ID!, $after: String) {
    collection(id: $id) {
      products(first: 250, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

type Image = { preview: { image: { url: string } | null } | null } | null;
type VariantNode = {
  __typename: "ProductVariant";
  id: string;
  title: string;
  price: string;
  availableForSale: boolean;
  media: { nodes: Image[] };
  product: { id: string; title: string; status: string; featuredMedia: Image };
};
type ProductNode = {
  __typename: "Product";
  id: string;
  title: string;
  status: string;
  featuredMedia: Image;
  variants: { nodes: { id: string; title: string; price: string }[] };
};

export class ShopifyRequestError extends Error {}

async function graphql<T>(admin: AdminApiContext, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await admin.graphql(query, { variables });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) {
    throw new ShopifyRequestError(body.errors?.map((e) => e.message).join("; ") || "Shopify returned no data.");
  }
  return body.data;
}

const imageOf = (...images: Image[]) => images.find((image) => image?.preview?.image?.url)?.preview?.image?.url ?? null;
const variantTitleOf = (title: string) => (title === "Default Title" ? null : title);

function statusProblem(title: string, status: string): string | null {
  if (status === "ACTIVE" || status === "UNLISTED") return null;
  return `“${title}” is ${status === "ARCHIVED" ? "archived" : "a draft"} in Shopify, so buyers can't get it. Pick an active product.`;
}

/**
 * Looks up offer variants; each id maps to its OfferProduct or to why it
 * can't be offered. `soldOut` holds the found ones Shopify cannot sell right
 * now (out of stock and not sold when out of stock): a passing state, so
 * they are still found, not unavailable.
 */
export async function resolveOfferVariants(admin: AdminApiContext, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = new Map<string, OfferProduct>();
  const unavailable = new Map<string, string>();
  const soldOut = new Set<string>();
  if (unique.length === 0) return { found, unavailable, soldOut, currency: null };
  const data = await graphql<{ shop: { currencyCode: string }; nodes: (VariantNode | { __typename: string } | null)[] }>(
    admin,
    OFFER_VARIANTS_QUERY,
    { ids: unique },
  );
  unique.forEach((id, index) => {
    const node = data.nodes[index];
    if (!node || node.__typename !== "ProductVariant") {
      unavailable.set(id, "This product no longer exists in Shopify. Pick another.");
      return;
    }
    const variant = node as VariantNode;
    const problem = statusProblem(variant.product.title, variant.product.status);
    if (problem) {
      unavailable.set(id, problem);
      return;
    }
    found.set(id, {
      productId: variant.product.id,
      variantId: variant.id,
      title: variant.product.title,
      variantTitle: variantTitleOf(variant.title),
      imageUrl: imageOf(...variant.media.nodes, variant.product.featuredMedia),
      price: parseMoney(variant.price, data.shop.currencyCode),
    });
    if (!variant.availableForSale) soldOut.add(id);
  });
  return { found, unavailable, soldOut, currency: data.shop.currencyCode };
}

/** Looks up trigger products (the core offer), priced at their first variant. */
export async function resolveTriggerProducts(admin: AdminApiContext, ids: string[]) {
  const found = new Map<string, OfferProduct>();
  const unavailable = new Map<string, string>();
  if (ids.length === 0) return { found, unavailable, currency: null };
  const data = await graphql<{ shop: { currencyCode: string }; nodes: (ProductNode | { __typename: string } | null)[] }>(
    admin,
    TRIGGER_PRODUCTS_QUERY,
    { ids },
  );
  ids.forEach((id, index) => {
    const node = data.nodes[index];
    const product = node?.__typename === "Product" ? (node as ProductNode) : null;
    const variant = product?.variants.nodes[0];
    if (!product || !variant) {
      unavailable.set(id, "This product no longer exists in Shopify. Pick another.");
      return;
    }
    const problem = statusProblem(product.title, product.status);
    if (problem) {
      unavailable.set(id, problem);
      return;
    }
    found.set(id, {
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      variantTitle: variantTitleOf(variant.title),
      imageUrl: imageOf(product.featuredMedia),
      price: parseMoney(variant.price, data.shop.currencyCode),
    });
  });
  return { found, unavailable, currency: data.shop.currencyCode };
}

/** What a lookup found, and why the rest cannot be used. */
export type Resolved = { found: Map<string, OfferProduct>; unavailable: Map<string, string>; currency: string | null };

export async function resolveCollections(admin: AdminApiContext, ids: string[]) {
  const found = new Map<string, { collectionId: string; title: string }>();
  const unavailable = new Map<string, string>();
  if (ids.length === 0) return { found, unavailable };
  const data = await graphql<{ nodes: ({ __typename: string; id?: string; title?: string } | null)[] }>(
    admin,
    COLLECTIONS_QUERY,
    { ids },
  );
  ids.forEach((id, index) => {
    const node = data.nodes[index];
    if (node?.__typename === "Collection" && node.title) found.set(id, { collectionId: id, title: node.title });
    else unavailable.set(id, "This collection no longer exists in Shopify. Pick another.");
  });
  return { found, unavailable };
}

/** Every product id in a collection, for publishing collection triggers (checkout cannot look them up). */
export async function collectionProductIds(admin: AdminApiContext, collectionId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const data: {
      collection: { products: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
    } = await graphql(admin, COLLECTION_PRODUCTS_QUERY, { id: collectionId, after });
    if (!data.collection) return ids;
    ids.push(...data.collection.products.nodes.map((node) => node.id));
    if (!data.collection.products.pageInfo.hasNextPage) return ids;
    after = data.collection.products.pageInfo.endCursor;
  }
  return ids;
}
