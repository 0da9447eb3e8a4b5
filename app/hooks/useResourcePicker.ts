import { useAppBridge } from "@shopify/app-bridge-react";
import type { OfferProduct } from "@upstack/core";
import { useMemo } from "react";
import { offerProductFromPicker } from "../components/funnel-editor/editor-state";

export type PickedCollection = { collectionId: string; title: string };

/**
 * Shopify's resource picker (App Bridge), answering in the editor's terms:
 * offer products in the shop's currency, collections by id and title.
 * Every pick resolves to null when the merchant cancels.
 */
export function useResourcePicker(currency: string) {
  const shopify = useAppBridge();
  return useMemo(
    () => ({
      /** One variant for an offer: the product as picked, with its chosen variant. */
      async offerProduct(): Promise<OfferProduct | null> {
        const picked = await shopify.resourcePicker({
          type: "product",
          action: "select",
          multiple: false,
          filter: { variants: true },
        });
        const product = picked?.[0];
        return product ? offerProductFromPicker(product, currency) : null;
      },

      /** The core products, the current ones preselected. */
      async coreProducts(current: OfferProduct[]): Promise<OfferProduct[] | null> {
        const picked = await shopify.resourcePicker({
          type: "product",
          multiple: true,
          filter: { variants: false },
          selectionIds: current.map((product) => ({ id: product.productId })),
        });
        return picked ? picked.map((product) => offerProductFromPicker(product, currency)).filter(isProduct) : null;
      },

      async coreVariants(): Promise<OfferProduct[] | null> {
        const picked = await shopify.resourcePicker({ type: "variant", multiple: true });
        if (!picked) return null;
        return picked
          .map((variant) =>
            offerProductFromPicker(
              { id: variant.product?.id ?? "", title: variant.product?.title ?? variant.title ?? "", variants: [variant] },
              currency,
            ),
          )
          .filter(isProduct);
      },

      async collections(): Promise<PickedCollection[] | null> {
        const picked = await shopify.resourcePicker({ type: "collection", multiple: true });
        return picked ? picked.map((collection) => ({ collectionId: collection.id, title: collection.title })) : null;
      },
    }),
    [shopify, currency],
  );
}

const isProduct = (product: OfferProduct | null): product is OfferProduct => product !== null;

export type ResourcePicker = ReturnType<typeof useResourcePicker>;
