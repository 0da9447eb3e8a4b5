import { BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";

/** The store's currency (what the headline numbers are in) and its customer data requests. */
export function StoreCard({ currencyCode, dataRequests }: { currencyCode: string; dataRequests: number }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Your store
        </Text>
        <InlineStack align="space-between">
          <Text as="span">Currency</Text>
          <Text as="span">{currencyCode}</Text>
        </InlineStack>
        <InlineStack align="space-between">
          <Text as="span">Customer data requests</Text>
          <Link url="/app/data-requests">{String(dataRequests)}</Link>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
