import { Banner, BlockStack } from "@shopify/polaris";
import type { AdvisorNote } from "@upstack/core";

/** The advisor's notes about one part of the form ("bump", "postPurchase.0", "trigger"). */
export function notesFor(notes: AdvisorNote[], prefix: string) {
  return notes.filter((note) => note.field === prefix || note.field.startsWith(`${prefix}.`));
}

const TONE = { error: "critical", warning: "warning", info: "info" } as const;

export function AdvisorNotes({ notes }: { notes: AdvisorNote[] }) {
  if (notes.length === 0) return null;
  return (
    <BlockStack gap="200">
      {notes.map((note) => (
        <div key={`${note.rule}:${note.field}`} data-testid={`advisor-${note.rule}`}>
          <Banner tone={TONE[note.severity]}>
            <p>{note.message}</p>
          </Banner>
        </div>
      ))}
    </BlockStack>
  );
}
