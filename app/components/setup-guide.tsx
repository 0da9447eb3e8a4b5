import { Badge, BlockStack, Button, Card, InlineStack, List, Text } from "@shopify/polaris";
import type { SurfaceStatus } from "@upstack/core";

const STATE_BADGE: Record<SurfaceStatus["state"], { tone?: "success" | "attention" | "info"; label: string }> = {
  ready: { tone: "success", label: "Live" },
  todo: { tone: "attention", label: "To do" },
  unavailable: { label: "Not on your plan" },
  unknown: { tone: "info", label: "Checking" },
};

/** Which surfaces this store can use, and what is left to switch on, each with a link into Shopify's admin. */
export function SetupGuide({ surfaces, checkedAt, checking }: { surfaces: SurfaceStatus[]; checkedAt: string | null; checking: boolean }) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Where your offers show
          </Text>
          <Text as="p" tone="subdued">
            {checking
              ? "Upstack is reading your plan and live theme; this page shows the result when you open it again."
              : checkedAt
                ? `Your plan and theme were last read ${new Date(checkedAt).toLocaleString()}.`
                : "Your plan and theme have not been read yet."}
          </Text>
        </BlockStack>
        {surfaces.map((surface) => (
          <BlockStack key={surface.surface} gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {surface.title}
              </Text>
              <Badge tone={STATE_BADGE[surface.state].tone}>{STATE_BADGE[surface.state].label}</Badge>
            </InlineStack>
            <Text as="p" tone="subdued">
              {surface.reason}
            </Text>
            {surface.state === "todo" || surface.state === "unknown" ? (
              <List>
                {surface.steps.map((step) => (
                  <List.Item key={step.label}>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span">
                        {step.label}
                        {step.done === true ? " (done)" : step.done === null ? " (not confirmed yet)" : ""}
                      </Text>
                      {step.done !== true ? (
                        <Button url={step.url} target="_top" variant="plain">
                          Open
                        </Button>
                      ) : null}
                    </InlineStack>
                  </List.Item>
                ))}
              </List>
            ) : null}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
