import { BlockStack, Card, Checkbox, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import { type AdvisorNote, CHECKOUT_BUMP_UNAVAILABLE_REASON } from "@upstack/core";
import type { FieldErrors } from "../../forms/funnel-form";
import type { ResourcePicker } from "../../hooks/useResourcePicker";
import { AdvisorNotes } from "./AdvisorNotes";
import { blankBump, fillCopy, type BumpState } from "./editor-state";
import { OfferFields } from "./OfferFields";

/** The order bump: on or off, its product, price and the copy of its checkout card. */
export function BumpCard({
  bump,
  saved,
  checkoutAvailable,
  currency,
  errors,
  notes,
  picker,
  onToggle,
  onChange,
}: {
  bump: BumpState | null;
  /** The saved bump, restored when the merchant switches the bump off and on again. */
  saved: BumpState | null;
  /** False on a store that is not on Shopify Plus: the bump then shows in the cart only, and the merchant is told why. */
  checkoutAvailable: boolean;
  currency: string;
  errors: FieldErrors;
  notes: AdvisorNote[];
  picker: ResourcePicker;
  onToggle: (bump: BumpState | null) => void;
  onChange: (change: Partial<BumpState>) => void;
}) {
  const pick = async () => {
    const product = await picker.offerProduct();
    if (product && bump) onChange({ product, copy: fillCopy(bump.copy, product, bump.product) });
  };
  const setCopy = (change: Partial<BumpState["copy"]>) => bump && onChange({ copy: { ...bump.copy, ...change } });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Order bump
          </Text>
          <Checkbox
            label={checkoutAvailable ? "Offer a bump in checkout" : "Offer a bump in the cart"}
            checked={bump !== null}
            onChange={(on) => onToggle(on ? (saved ?? blankBump()) : null)}
          />
        </InlineStack>
        <Text as="p" tone="subdued">
          A small, related item next to the pay button, about 20-40% of the core price. It joins the same order and the
          same payment.
        </Text>
        {checkoutAvailable ? null : (
          <Text as="p" tone="caution">
            <span data-testid="checkout-bump-unavailable">{CHECKOUT_BUMP_UNAVAILABLE_REASON}</span>
          </Text>
        )}
        {errors.bump ? <InlineError message={errors.bump} fieldID="bump" /> : null}
        <AdvisorNotes notes={notes} />
        {bump ? (
          <OfferFields path="bump" offer={bump} currency={currency} errors={errors} onPick={pick} onChange={onChange}>
            <TextField
              label="Title"
              value={bump.copy.title}
              onChange={(title) => setCopy({ title })}
              error={errors["bump.copy.title"]}
              autoComplete="off"
            />
            <TextField
              label="Description"
              value={bump.copy.description}
              onChange={(description) => setCopy({ description })}
              error={errors["bump.copy.description"]}
              multiline={3}
              autoComplete="off"
              helpText="Two or three sentences: what it is and why it goes with the order."
            />
            <TextField
              label="Checkbox label"
              value={bump.copy.checkboxLabel}
              onChange={(checkboxLabel) => setCopy({ checkboxLabel })}
              error={errors["bump.copy.checkboxLabel"]}
              autoComplete="off"
            />
          </OfferFields>
        ) : null}
      </BlockStack>
    </Card>
  );
}
