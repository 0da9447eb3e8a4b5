import { BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { formatMoney, type OfferProduct } from "@upstack/core";

/** "Title (Variant) · $12.00": a picked product as the editor lists it. */
export const pickedProductText = (product: OfferProduct) =>
  `${product.title}${product.variantTitle ? ` (${product.variantTitle})` : ""} · ${formatMoney(product.price)}`;

/** The offer's product, or what to pick (a template's hint), with the button that opens the picker. */
export function ProductChoice({
  product,
  hint,
  error,
  onPick,
}: {
  product: OfferProduct | null;
  hint: string | null;
  error?: string;
  onPick: () => void;
}) {
  return (
    <BlockStack gap="100">
      <Text as="span">Product</Text>
      <InlineStack gap="300" blockAlign="center">
        {product ? (
          <Text as="span" fontWeight="semibold">
            {pickedProductText(product)}
          </Text>
        ) : (
          <Text as="span" tone="subdued">
            {hint ? `Pick: ${hint}` : "No product picked"}
          </Text>
        )}
        <Button onClick={onPick}>{product ? "Change product" : "Pick product"}</Button>
      </InlineStack>
      {error ? (
        <Text as="span" tone="critical">
          {error}
        </Text>
      ) : null}
    </BlockStack>
  );
}
