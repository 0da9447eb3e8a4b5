import { BlockStack, Box, Icon, InlineStack, Text } from "@shopify/polaris";
import { AlertCircleIcon, AlertTriangleIcon, InfoIcon } from "@shopify/polaris-icons";
import type { AdvisorNote } from "@upstack/core";

/** The advisor's notes about one part of the form ("bump", "postPurchase.0", "trigger"). */
export function notesFor(notes: AdvisorNote[], prefix: string) {
  return notes.filter((note) => note.field === prefix || note.field.startsWith(`${prefix}.`));
}

const LOOK = {
  error: { icon: AlertCircleIcon, tone: "critical", label: "Error" },
  warning: { icon: AlertTriangleIcon, tone: "caution", label: "Warning" },
  info: { icon: InfoIcon, tone: "subdued", label: "Tip" },
} as const;

/**
 * Notes beside the fields, not banners: a page shows one banner at a time
 * (see ../one-banner), and the advisor's notes belong to their section.
 */
export function AdvisorNotes({ notes }: { notes: AdvisorNote[] }) {
  if (notes.length === 0) return null;
  return (
    <BlockStack gap="200">
      {notes.map((note) => {
        const look = LOOK[note.severity];
        return (
          <div key={`${note.rule}:${note.field}`} data-testid={`advisor-${note.rule}`}>
            <Box background={note.severity === "info" ? "bg-surface-secondary" : "bg-surface-warning"} padding="200" borderRadius="200">
              <InlineStack gap="200" wrap={false} blockAlign="start">
                <div>
                  <Icon source={look.icon} tone={look.tone === "subdued" ? "subdued" : look.tone} accessibilityLabel={look.label} />
                </div>
                <Text as="p" tone={look.tone === "subdued" ? undefined : look.tone}>
                  {note.message}
                </Text>
              </InlineStack>
            </Box>
          </div>
        );
      })}
    </BlockStack>
  );
}
