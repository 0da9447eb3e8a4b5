import { BlockStack, Box, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { type CoverageSummary, NO_OFFER_REASONS, SURFACE_NAMES } from "@upstack/core";

/**
 * Coverage per surface: how many of the period's orders each surface could
 * reach, how many it showed an offer to, and why the others saw none. Takes
 * the loader's CoverageSummary (app/models/offer-coverage.server.ts).
 */
export function OfferCoverage({ coverage }: { coverage: CoverageSummary }) {
  if (coverage.orders === 0) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Where offers could show
          </Text>
          <Text as="p" tone="subdued">
            No orders in this period yet. Once orders come in, this shows for each place an offer can appear how many orders it
            could reach, and why the others got no offer.
          </Text>
        </BlockStack>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Where offers could show
          </Text>
          <Text as="p" tone="subdued">
            Of {coverage.orders} {coverage.orders === 1 ? "order" : "orders"} in this period: which could see each offer, and why
            the rest saw none.
          </Text>
        </BlockStack>
        {coverage.surfaces.map((surface) => {
          const percent = surface.couldSeeShare === null ? 0 : Math.round(surface.couldSeeShare * 100);
          return (
            <section key={surface.surface} aria-label={SURFACE_NAMES[surface.surface]} data-surface={surface.surface}>
              <BlockStack gap="200">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h3" variant="headingSm">
                    {SURFACE_NAMES[surface.surface]}
                  </Text>
                  <span data-testid="could-see">
                    <Text as="span">{`could reach ${percent}% (${surface.couldSee} of ${surface.orders}), shown to ${surface.shown}`}</Text>
                  </span>
                </InlineStack>
                <ProgressBar progress={percent} size="small" />
                {surface.reasons.length > 0 ? (
                  <Box paddingInlineStart="300">
                    <BlockStack gap="100">
                      {surface.reasons.map((row) => (
                        <InlineStack key={row.reason} gap="200" wrap={false}>
                          <Text as="span" fontWeight="semibold">
                            {row.orders}
                          </Text>
                          <Text as="span" tone={NO_OFFER_REASONS[row.reason].closed ? "subdued" : undefined}>
                            {NO_OFFER_REASONS[row.reason].words}
                          </Text>
                        </InlineStack>
                      ))}
                    </BlockStack>
                  </Box>
                ) : null}
              </BlockStack>
            </section>
          );
        })}
      </BlockStack>
    </Card>
  );
}
