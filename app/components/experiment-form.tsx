import { BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { ChallengerForm, ExperimentForm, OfferProduct } from "@upstack/core";
import { useState } from "react";
import { useResourcePicker } from "../hooks/useResourcePicker";
import { pickedProductText } from "./funnel-editor/ProductChoice";

/**
 * Starts an A/B test on one of the funnel's offers: the current offer against
 * one to three variants, each the current offer with its product, discount or
 * wording changed, and weights for the split (equal weights: an even split).
 * Field errors come back from the server (core's experimentDraftFromForm and
 * experimentFromDraft), keyed like these fields.
 */

export type TestableOffer = { slot: "bump" | "upsell" | "downsell"; label: string; headline: string };

type ChallengerState = ChallengerForm & { product: OfferProduct | null };

const emptyChallenger = (): ChallengerState => ({
  weight: "1",
  variantId: "",
  product: null,
  discount: { type: "percentage", percent: "" },
  headline: "",
});

export function ExperimentStartForm({
  offers,
  currency,
  errors,
  busy,
  onStart,
}: {
  /** The funnel's offers with no test running. */
  offers: TestableOffer[];
  currency: string;
  errors: Record<string, string>;
  busy: boolean;
  onStart: (form: ExperimentForm) => void;
}) {
  const picker = useResourcePicker(currency);
  const [open, setOpen] = useState(false);
  const [slot, setSlot] = useState(offers[0]?.slot ?? "bump");
  const [controlWeight, setControlWeight] = useState("1");
  const [challengers, setChallengers] = useState<ChallengerState[]>([emptyChallenger()]);
  if (offers.length === 0) return null;
  const current = offers.find((offer) => offer.slot === slot) ?? offers[0]!;
  const update = (index: number, change: Partial<ChallengerState>) =>
    setChallengers((list) => list.map((challenger, at) => (at === index ? { ...challenger, ...change } : challenger)));

  if (!open) {
    return (
      <Card>
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="100">
            <Text as="h3" variant="headingMd">
              A/B test an offer
            </Text>
            <Text as="p" tone="subdued">
              Test the product first, then the price or discount, then the wording. Each purchase always sees the same variant.
            </Text>
          </BlockStack>
          <Button onClick={() => setOpen(true)}>Start a test</Button>
        </InlineStack>
      </Card>
    );
  }

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h3" variant="headingMd">
          A/B test an offer
        </Text>
        {errors.form ? (
          <Text as="p" tone="critical">
            {errors.form}
          </Text>
        ) : null}
        <FormLayout>
          <Select
            label="Offer to test"
            options={offers.map((offer) => ({ label: `${offer.label}: ${offer.headline}`, value: offer.slot }))}
            value={current.slot}
            onChange={(value) => setSlot(value as TestableOffer["slot"])}
            error={errors.slot}
          />
          <TextField
            label="Weight of the current offer"
            type="number"
            autoComplete="off"
            value={String(controlWeight)}
            onChange={setControlWeight}
            helpText="Equal weights split purchases evenly."
            error={errors.controlWeight}
          />
        </FormLayout>
        {challengers.map((challenger, index) => {
          const path = `challengers.${index}`;
          const discount = challenger.discount;
          return (
            <BlockStack key={index} gap="200">
              <Text as="h4" variant="headingSm">
                Variant {String.fromCharCode(66 + index)}
              </Text>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span">{challenger.product ? pickedProductText(challenger.product) : "Same product as the current offer"}</Text>
                <Button
                  onClick={async () => {
                    const product = await picker.offerProduct();
                    if (product) update(index, { product, variantId: product.variantId });
                  }}
                >
                  Change product
                </Button>
                {challenger.product ? <Button variant="plain" onClick={() => update(index, { product: null, variantId: "" })}>Use the same product</Button> : null}
              </InlineStack>
              {errors[`${path}.variantId`] ? (
                <Text as="span" tone="critical">
                  {errors[`${path}.variantId`]}
                </Text>
              ) : null}
              <FormLayout>
                <FormLayout.Group>
                  <Select
                    label="Discount"
                    options={[
                      { label: "Percentage off", value: "percentage" },
                      { label: "Amount off", value: "fixed_amount" },
                      { label: "No discount", value: "none" },
                    ]}
                    value={discount.type}
                    onChange={(type) =>
                      update(index, {
                        discount: type === "percentage" ? { type, percent: "" } : type === "fixed_amount" ? { type, amount: "" } : { type: "none" },
                      })
                    }
                  />
                  {discount.type === "none" ? null : (
                    <TextField
                      label={discount.type === "percentage" ? "Percent off" : `Amount off (${currency})`}
                      autoComplete="off"
                      value={String(discount.type === "percentage" ? discount.percent : discount.amount)}
                      onChange={(value) =>
                        update(index, { discount: discount.type === "percentage" ? { type: "percentage", percent: value } : { type: "fixed_amount", amount: value } })
                      }
                      error={errors[`${path}.discount`]}
                    />
                  )}
                  <TextField
                    label="Weight"
                    type="number"
                    autoComplete="off"
                    value={String(challenger.weight)}
                    onChange={(weight) => update(index, { weight })}
                    error={errors[`${path}.weight`]}
                  />
                </FormLayout.Group>
                <TextField
                  label={current.slot === "bump" ? "Title" : "Headline"}
                  autoComplete="off"
                  value={challenger.headline}
                  placeholder={current.headline}
                  onChange={(headline) => update(index, { headline })}
                  helpText="Leave empty to keep the current wording."
                  error={errors[`${path}.offer`]}
                />
              </FormLayout>
              {challengers.length > 1 ? (
                <InlineStack>
                  <Button variant="plain" tone="critical" onClick={() => setChallengers((list) => list.filter((_, at) => at !== index))}>
                    Remove variant
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>
          );
        })}
        {errors.challengers ? (
          <Text as="p" tone="critical">
            {errors.challengers}
          </Text>
        ) : null}
        <InlineStack gap="200">
          {challengers.length < 3 ? <Button onClick={() => setChallengers((list) => [...list, emptyChallenger()])}>Add a variant</Button> : null}
          <Button
            variant="primary"
            loading={busy}
            onClick={() =>
              onStart({
                slot: current.slot,
                controlWeight,
                challengers: challengers.map(({ weight, variantId, discount, headline }) => ({ weight, variantId, discount, headline })),
              })
            }
          >
            Start the test
          </Button>
          <Button variant="plain" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
