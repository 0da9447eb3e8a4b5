import { BlockStack, Card, Text } from "@shopify/polaris";
import type { Funnel } from "@upstack/core";
import { BumpPreview, PostPurchasePreview } from "./OfferPreview";

/** The live preview column: the checkout card and the post-purchase pages, as buyers will see them. */
export function FunnelPreviews({ funnel }: { funnel: Funnel }) {
  const { upsell, downsell, followUp } = funnel.postPurchase;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Checkout preview
          </Text>
          <BumpPreview bump={funnel.bump} />
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            After payment
          </Text>
          {upsell ? null : (
            <Text as="p" tone="subdued">
              Pick the upsell product to see the post-purchase page.
            </Text>
          )}
          <PostPurchasePreview offer={upsell} step="Upsell" />
          <PostPurchasePreview offer={downsell} step="If declined: downsell" />
          <PostPurchasePreview offer={followUp} step="If accepted: follow-up" />
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
