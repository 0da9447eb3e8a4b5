import { BlockStack, Button, Card, Checkbox, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { type AdvisorNote, POST_PURCHASE_LABEL_PAIRS, POST_PURCHASE_LABELS, isPostPurchaseLabelPair } from "@upstack/core";
import type { FieldErrors } from "../../forms/funnel-form";
import type { ResourcePicker } from "../../hooks/useResourcePicker";
import { AdvisorNotes } from "./AdvisorNotes";
import { fillCopy, ROLE_HELP, ROLE_NAMES, type PostPurchaseState } from "./editor-state";
import { OfferFields } from "./OfferFields";

const LABEL_OPTIONS = POST_PURCHASE_LABEL_PAIRS.map((pair) => ({
  value: pair,
  label: `“${POST_PURCHASE_LABELS[pair].accept}” / “${POST_PURCHASE_LABELS[pair].decline}”`,
}));

/** Said on every post-purchase card: the merchant must know how the buyer pays for what they accept. */
export const SEPARATE_CHARGE_NOTE =
  "An accepted offer is a separate charge on the payment method the buyer just used. Before they accept, the page shows the item, " +
  "its discount, shipping, taxes and the new total; they never re-enter payment details.";

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
        <Text as="p" tone="subdued">
          {SEPARATE_CHARGE_NOTE}
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
            helpText="Shown in the banner at the top of the page: name the product and the discount, e.g. “Add the coaching add-on for 20% less”."
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
          <Select
            label="Buttons"
            options={LABEL_OPTIONS}
            value={offer.copy.labels}
            onChange={(labels) => isPostPurchaseLabelPair(labels) && setCopy({ labels })}
            error={errors[`${path}.copy.labels`]}
            helpText="Shopify asks for preset wording, shown in the buyer's language. “Add to my order” tends to be accepted most often."
          />
        </OfferFields>
      </BlockStack>
    </Card>
  );
}
