import { BlockStack, Box, Button, Collapsible, Text } from "@shopify/polaris";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { type ReactNode, useEffect, useId, useState } from "react";

/**
 * A chart with its numbers as a table. polaris-viz measures the window while
 * it renders, so it cannot render on the server: the server (and the first
 * client render, so hydration matches) draws an empty box of the chart's
 * height, and the chart replaces it once the page is live. The table is the
 * text alternative, one click away for everyone and for screen readers.
 */
export function ChartFrame({
  title,
  description,
  height = 260,
  chart,
  table,
}: {
  title: string;
  description: string;
  height?: number;
  /** Called only in the browser. */
  chart: () => ReactNode;
  table: ReactNode;
}) {
  const [live, setLive] = useState(false);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  useEffect(() => setLive(true), []);
  return (
    <BlockStack gap="300">
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {description}
        </Text>
      </BlockStack>
      <Box minHeight={`${height}px`}>
        {live ? (
          <div style={{ height }} data-chart={title}>
            <PolarisVizProvider defaultTheme="Light">{chart()}</PolarisVizProvider>
          </div>
        ) : (
          <div style={{ height }} aria-hidden="true" />
        )}
      </Box>
      <div>
        <Button variant="plain" onClick={() => setShowTable((shown) => !shown)} ariaExpanded={showTable} ariaControls={tableId}>
          {showTable ? "Hide the numbers" : "Show the numbers as a table"}
        </Button>
      </div>
      <Collapsible id={tableId} open={showTable}>
        {table}
      </Collapsible>
    </BlockStack>
  );
}
