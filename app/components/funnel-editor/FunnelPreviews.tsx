import { BlockStack, Card, Text } from "@shopify/polaris";
import type { Funnel } from "@upstack/core";
import { useEffect, useRef } from "react";
import { BumpPreview, PostPurchasePreview } from "./OfferPreview";

// Beside the form on a wide screen the column follows the scroll (sticky) and scrolls itself, so the
// preview of the section being edited stays in view next to it.
const COLUMN_STYLE = {
  position: "sticky",
  top: "var(--p-space-400)",
  alignSelf: "start",
  maxHeight: "calc(100vh - 2 * var(--p-space-400))",
  overflowY: "auto",
} as const;

/**
 * The live preview column: the checkout card and the post-purchase pages, as
 * buyers will see them. `editing` names the section the merchant is in
 * ("bump", "upsell", "downsell", "followUp"): its preview is scrolled into the column's view.
 */
export function FunnelPreviews({
  funnel,
  editing = null,
  checkoutBumpAvailable = true,
}: {
  funnel: Funnel;
  editing?: string | null;
  /** Without checkout's steps (not Plus) the bump shows in the cart: the preview says where. */
  checkoutBumpAvailable?: boolean;
}) {
  const { upsell, downsell, followUp } = funnel.postPurchase;
  const column = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = column.current;
    const target = editing ? container?.querySelector<HTMLElement>(`[data-preview="${editing}"]`) : null;
    if (!container || !target) return;
    // Scrolls the column only, never the page the merchant is typing in.
    const top = target.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
    container.scrollTo({ top: Math.max(0, top - 8) });
  }, [editing]);
  return (
    <div ref={column} data-testid="preview-column" style={COLUMN_STYLE}>
      <BlockStack gap="400">
        <div data-preview="bump">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {checkoutBumpAvailable ? "Checkout preview" : "Cart preview"}
              </Text>
              <BumpPreview bump={funnel.bump} />
            </BlockStack>
          </Card>
        </div>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              After payment
            </Text>
            {upsell ? (
              <Text as="p" tone="subdued">
                A buyer sees at most two of these pages: the upsell, then the downsell if they decline it or the follow-up if
                they accept it.
              </Text>
            ) : (
              <Text as="p" tone="subdued">
                Pick the upsell product to see the post-purchase page.
              </Text>
            )}
            <div data-preview="upsell">
              <PostPurchasePreview offer={upsell} step="Upsell" />
            </div>
            <div data-preview="downsell">
              <PostPurchasePreview offer={downsell} step="If declined: downsell" />
            </div>
            <div data-preview="followUp">
              <PostPurchasePreview offer={followUp} step="If accepted: follow-up" />
            </div>
          </BlockStack>
        </Card>
      </BlockStack>
    </div>
  );
}
