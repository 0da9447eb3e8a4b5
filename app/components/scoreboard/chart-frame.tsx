import { BlockStack, Box, Button, Collapsible, Text } from "@shopify/polaris";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { type ReactNode, type RefObject, useEffect, useId, useRef, useState } from "react";

/**
 * A chart with its numbers as a table. polaris-viz measures the window while
 * it renders, so it cannot render on the server: the server (and the first
 * client render, so hydration matches) draws an empty box of the chart's
 * height, and the chart replaces it once the page is live.
 *
 * The table is the text alternative, one click away for everyone. The chart
 * itself is a picture for the eye: hidden from screen readers and out of the
 * tab order (polaris-viz's own ARIA markup is incomplete, and its keyboard
 * tooltips would only repeat the table), with mouse tooltips left working.
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
  const chartRef = useRef<HTMLDivElement>(null);
  useEffect(() => setLive(true), []);
  useOutOfTabOrder(chartRef, live);
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
          <div
            role="img"
            aria-label={`Chart: ${title}. Its numbers are in the table below it.`}
            data-chart={title}
            // Axis labels are drawn just below the chart's box.
            style={{ paddingBlockEnd: 24 }}
          >
            <div ref={chartRef} aria-hidden="true" style={{ height }}>
              <PolarisVizProvider defaultTheme="Light">{chart()}</PolarisVizProvider>
            </div>
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

// Never matches what was already taken out: setting the same attribute again would wake the observer forever.
const FOCUSABLE = ['a[href]', "button", "[tabindex]"].map((selector) => `${selector}:not([tabindex="-1"])`).join(", ");

/** Keeps everything inside `ref` out of the tab order, also what the chart adds as it redraws. */
function useOutOfTabOrder(ref: RefObject<HTMLElement>, active: boolean) {
  useEffect(() => {
    const root = ref.current;
    if (!active || !root) return;
    const untab = () => root.querySelectorAll(FOCUSABLE).forEach((element) => element.setAttribute("tabindex", "-1"));
    untab();
    const observer = new MutationObserver(untab);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex", "href"] });
    return () => observer.disconnect();
  }, [ref, active]);
}
