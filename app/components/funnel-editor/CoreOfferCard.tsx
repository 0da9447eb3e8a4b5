import { BlockStack, Box, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { AdvisorNote } from "@upstack/core";
import type { FieldErrors } from "../../forms/funnel-form";
import type { ResourcePicker } from "../../hooks/useResourcePicker";
import { AdvisorNotes } from "./AdvisorNotes";
import type { EditorState, TriggerState } from "./editor-state";
import { pickedProductText } from "./ProductChoice";

const PICK_LABEL: Record<Exclude<TriggerState["type"], "any_order">, string> = {
  products: "Pick core products",
  variants: "Pick variants",
  collections: "Pick collections",
};

/** The trigger: which orders the funnel is built around, and the subtotal bounds. */
export function CoreOfferCard({
  trigger,
  minSubtotal,
  maxSubtotal,
  currency,
  errors,
  notes,
  picker,
  onChange,
}: {
  trigger: TriggerState;
  minSubtotal: string;
  maxSubtotal: string;
  currency: string;
  errors: FieldErrors;
  notes: AdvisorNote[];
  picker: ResourcePicker;
  onChange: (change: Partial<EditorState>) => void;
}) {
  const setTrigger = (change: Partial<TriggerState>) => onChange({ trigger: { ...trigger, ...change } });
  const pick = async () => {
    if (trigger.type === "collections") {
      const collections = await picker.collections();
      if (collections) setTrigger({ collections });
    } else if (trigger.type === "variants") {
      const products = await picker.coreVariants();
      if (products) setTrigger({ products });
    } else {
      const products = await picker.coreProducts(trigger.products);
      if (products) setTrigger({ products });
    }
  };
  const chosen =
    trigger.type === "collections" ? trigger.collections.map((c) => c.title) : trigger.products.map(pickedProductText);
  const listError = errors["trigger.productIds"] ?? errors["trigger.variantIds"] ?? errors["trigger.collectionIds"];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Core offer
        </Text>
        <Text as="p" tone="subdued">
          The purchase this funnel is built around. The bump, upsell and downsell take their cue from it.
        </Text>
        <AdvisorNotes notes={notes} />
        <FormLayout>
          <Select
            label="Show these offers for"
            options={[
              { label: "Orders with specific products", value: "products" },
              { label: "Orders with specific variants", value: "variants" },
              { label: "Orders with products from collections", value: "collections" },
              { label: "Any order", value: "any_order" },
            ]}
            value={trigger.type}
            onChange={(type) => setTrigger({ type: type as TriggerState["type"], products: [], collections: [] })}
          />
          {trigger.type !== "any_order" ? (
            <BlockStack gap="200">
              {chosen.length > 0 ? (
                <Box>
                  {chosen.map((text) => (
                    <Text as="p" key={text} fontWeight="semibold">
                      {text}
                    </Text>
                  ))}
                </Box>
              ) : (
                <Text as="p" tone="subdued">
                  {trigger.hint ? `Pick: ${trigger.hint}` : "Nothing picked yet"}
                </Text>
              )}
              <InlineStack>
                <Button onClick={pick}>{PICK_LABEL[trigger.type]}</Button>
              </InlineStack>
              {listError ? (
                <Text as="span" tone="critical">
                  {listError}
                </Text>
              ) : null}
            </BlockStack>
          ) : null}
          <FormLayout.Group condensed>
            <TextField
              label="Minimum subtotal"
              value={minSubtotal}
              onChange={(value) => onChange({ minSubtotal: value })}
              suffix={currency}
              error={errors.minSubtotal}
              autoComplete="off"
              placeholder="None"
            />
            <TextField
              label="Maximum subtotal"
              value={maxSubtotal}
              onChange={(value) => onChange({ maxSubtotal: value })}
              suffix={currency}
              error={errors.maxSubtotal}
              autoComplete="off"
              placeholder="None"
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
