import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import type { AdvisorNote } from "@upstack/core";
import type { FieldErrors } from "../../forms/funnel-form";
import type { ResourcePicker } from "../../hooks/useResourcePicker";
import { AdvisorNotes } from "./AdvisorNotes";
import { fillCopy, ROLE_HELP, ROLE_NAMES, type PostPurchaseState } from "./editor-state";
import { OfferFields } from "./OfferFields";

/** One step of the post-purchase sequence (upsell, downsell or follow-up): product, price, page copy. */
export function PostPurchaseOfferCard({
  offer,
  index,
  currency,
  errors,
  notes,
  picker,
  onChange,
  onRemove,
}: {
  offer: PostPurchaseState;
  /** Its place in the form's list: errors are keyed "postPurchase.<index>...". */
  index: number;
  currency: string;
  errors: FieldErrors;
  notes: AdvisorNote[];
  picker: ResourcePicker;
  onChange: (change: Partial<PostPurchaseState>) => void;
  onRemove: () => void;
}) {
  const path = `postPurchase.${index}`;
  const name = ROLE_NAMES[offer.role];
  const pick = async () => {
    const product = await picker.offerProduct();
    if (product) onChange({ product, copy: fillCopy(offer.copy, product, offer.product) });
  };
  const setCopy = (change: Partial<PostPurchaseState["copy"]>) => onChange({ copy: { ...offer.copy, ...change } });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {name}
          </Text>
          <Button variant="plain" tone="critical" onClick={onRemove}>
            {`Remove ${name.toLowerCase()}`}
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued">
          {ROLE_HELP[offer.role]}
        </Text>
        <AdvisorNotes notes={notes} />
        <OfferFields path={path} offer={offer} currency={currency} errors={errors} onPick={pick} onChange={onChange}>
          {offer.role !== "downsell" ? (
            <Checkbox
              label="Premium next step"
              helpText="A bigger step up (pro tier, coaching) rather than a small add-on: priced at 2-3x the core offer."
              checked={offer.premium}
              onChange={(premium) => onChange({ premium })}
            />
          ) : null}
          <TextField
            label="Headline"
            value={offer.copy.headline}
            onChange={(headline) => setCopy({ headline })}
            error={errors[`${path}.copy.headline`]}
            autoComplete="off"
          />
          <TextField
            label="Description"
            value={offer.copy.body}
            onChange={(body) => setCopy({ body })}
            error={errors[`${path}.copy.body`]}
            multiline={3}
            autoComplete="off"
          />
          <FormLayout.Group>
            <TextField
              label="Accept button"
              value={offer.copy.acceptLabel}
              onChange={(acceptLabel) => setCopy({ acceptLabel })}
              error={errors[`${path}.copy.acceptLabel`]}
              autoComplete="off"
              helpText="“Add to my order” tends to beat “Buy now”."
            />
            <TextField
              label="Decline link"
              value={offer.copy.declineLabel}
              onChange={(declineLabel) => setCopy({ declineLabel })}
              error={errors[`${path}.copy.declineLabel`]}
              autoComplete="off"
            />
          </FormLayout.Group>
        </OfferFields>
      </BlockStack>
    </Card>
  );
}
