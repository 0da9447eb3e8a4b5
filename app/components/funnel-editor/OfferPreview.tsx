/** @jsxImportSource react */
// (React, as everywhere in app/: stated here because the checkout card's parity test, a Preact project, type-checks this file too.)
import { BlockStack, Box, Button, Checkbox, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { formatMoney, strikethrough, type BumpOffer, type PostPurchaseOffer } from "@upstack/core";

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
  `${offer.quantity > 1 ? `${offer.quantity} × ` : ""}${offer.product.title}${
    offer.product.variantTitle ? ` (${offer.product.variantTitle})` : ""
  }`;

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
            <Text as="h3" variant="headingSm">
              {bump.copy.title || productName(bump)}
            </Text>
            <Price offer={bump} showQuantity />
            <Text as="p" variant="bodySm">
              {bump.copy.description}
            </Text>
            <Checkbox label={bump.copy.checkboxLabel || "Add to my order"} checked={false} onChange={() => {}} />
          </BlockStack>
        </InlineStack>
      </Box>
    </div>
  );
}

export function PostPurchasePreview({ offer, step }: { offer: PostPurchaseOffer | null; step: string }) {
  if (!offer) return null;
  return (
    <div data-testid={`post-purchase-preview-${step}`}>
      <Box borderWidth="025" borderColor="border" borderRadius="200" padding="400">
        <BlockStack gap="300" inlineAlign="center">
          <Text as="p" variant="bodySm" tone="subdued">
            {step}
          </Text>
          <Text as="h3" variant="headingLg" alignment="center">
            {offer.copy.headline || productName(offer)}
          </Text>
          <Thumbnail source={offer.product.imageUrl ?? ImageIcon} alt={offer.product.title} size="large" />
          <Text as="p">{productName(offer)}</Text>
          <Price offer={offer} />
          <Text as="p" alignment="center">
            {offer.copy.body}
          </Text>
          <Button variant="primary" fullWidth>
            {offer.copy.acceptLabel || "Add to my order"}
          </Button>
          <Button variant="plain">{offer.copy.declineLabel || "No thanks"}</Button>
        </BlockStack>
      </Box>
    </div>
  );
}
