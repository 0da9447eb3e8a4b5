/** @jsxImportSource react */
// (React, as everywhere in app/: stated here because the checkout card's parity test, a Preact project, type-checks this file too.)
import { BlockStack, Box, Button, Checkbox, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import {
  DEFAULT_POST_PURCHASE_LABEL_PAIR,
  POST_PURCHASE_LABELS,
  formatMoney,
  offerItemName,
  strikethrough,
  type BumpOffer,
  type PostPurchaseOffer,
} from "@upstack/core";

/**
 * What the buyer will see, drawn from the same pricing rule the checkout,
 * the discount Function and the post-purchase page use (core's offerPrice).
 */

function Price({
  offer,
  showQuantity = false,
}: {
  offer: Pick<BumpOffer, "product" | "quantity" | "discount">;
  /** The checkout card says how many the price is for ("3 items"). */
  showQuantity?: boolean;
}) {
  const price = strikethrough(offer);
  return (
    <InlineStack gap="150" blockAlign="center">
      {price.regular ? (
        <Text as="span" tone="subdued" textDecorationLine="line-through">
          <span data-testid="regular-price">{formatMoney(price.regular)}</span>
        </Text>
      ) : null}
      <Text as="span" fontWeight="semibold">
        <span data-testid="offer-price">{formatMoney(price.offer)}</span>
      </Text>
      {showQuantity && offer.quantity > 1 ? (
        <Text as="span" tone="subdued">
          <span data-testid="quantity">{`${offer.quantity} items`}</span>
        </Text>
      ) : null}
    </InlineStack>
  );
}

const productName = (offer: { product: { title: string; variantTitle: string | null }; quantity: number }) =>
  `${offer.quantity > 1 ? `${offer.quantity} × ` : ""}${offerItemName(offer.product)}`;

export function BumpPreview({ bump }: { bump: BumpOffer | null }) {
  if (!bump) {
    return (
      <Text as="p" tone="subdued">
        Pick the bump product to see the checkout card.
      </Text>
    );
  }
  return (
    <div data-testid="bump-preview">
      <Box borderWidth="025" borderColor="border" borderRadius="200" padding="300" background="bg-surface-secondary">
        <InlineStack gap="300" wrap={false} blockAlign="start">
          <Thumbnail source={bump.product.imageUrl ?? ImageIcon} alt={bump.product.title} size="small" />
          <BlockStack gap="100">
            {/* The store's name for the item first; the merchant's copy is a secondary line (as in checkout). */}
            <Text as="h3" variant="headingSm">
              {offerItemName(bump.product)}
            </Text>
            {bump.copy.title ? (
              <Text as="p">
                <span data-testid="bump-title">{bump.copy.title}</span>
              </Text>
            ) : null}
            <Text as="p" variant="bodySm" tone="subdued">
              <span data-testid="bump-description">{bump.copy.description}</span>
            </Text>
            <Price offer={bump} showQuantity />
            <Checkbox label={bump.copy.checkboxLabel || "Add to my order"} checked={false} onChange={() => {}} />
          </BlockStack>
        </InlineStack>
      </Box>
    </div>
  );
}

/**
 * The post-purchase page as the buyer meets it: the callout with the
 * merchant's headline and description on top, the item as the store names it,
 * Shopify's totals (only known on the real page), then the preset buttons.
 */
export function PostPurchasePreview({ offer, step }: { offer: PostPurchaseOffer | null; step: string }) {
  if (!offer) return null;
  const labels = POST_PURCHASE_LABELS[offer.copy.labels] ?? POST_PURCHASE_LABELS[DEFAULT_POST_PURCHASE_LABEL_PAIR];
  return (
    <div data-testid={`post-purchase-preview-${step}`}>
      <Box borderWidth="025" borderColor="border" borderRadius="200" padding="400">
        <BlockStack gap="300" inlineAlign="center">
          <Text as="p" variant="bodySm" tone="subdued">
            {step}
          </Text>
          <Box background="bg-surface-secondary" padding="300" borderRadius="200" width="100%">
            <BlockStack gap="100">
              <Text as="h3" variant="headingMd">
                {offer.copy.headline || "Add a headline that names the product and the discount"}
              </Text>
              <Text as="p">{offer.copy.body}</Text>
            </BlockStack>
          </Box>
          <Thumbnail source={offer.product.imageUrl ?? ImageIcon} alt={offer.product.title} size="large" />
          <Text as="p" fontWeight="semibold">
            {productName(offer)}
          </Text>
          <Price offer={offer} />
          <Text as="p" variant="bodySm" tone="subdued" alignment="center">
            Shipping, taxes and the new total show here before the buyer can accept. Charged separately to the payment method they
            just used.
          </Text>
          <Button variant="primary" fullWidth>
            {labels.accept}
          </Button>
          <Button variant="plain">{labels.decline}</Button>
        </BlockStack>
      </Box>
    </div>
  );
}
