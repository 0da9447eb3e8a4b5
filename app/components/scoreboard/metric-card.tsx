import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** One headline number: what it is, the number, and a line of context. */
export function MetricCard({ title, value, children }: { title: string; value: string; children?: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        {children ? (
          <Text as="p" tone="subdued">
            {children}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
