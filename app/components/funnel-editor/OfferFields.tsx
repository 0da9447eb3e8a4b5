import { FormLayout, Select, TextField } from "@shopify/polaris";
import type { OfferProduct } from "@upstack/core";
import type { ReactNode } from "react";
import type { FieldErrors } from "../../forms/funnel-form";
import type { DiscountState } from "./editor-state";
import { ProductChoice } from "./ProductChoice";

type OfferBasics = { product: OfferProduct | null; hint: string | null; quantity: string; discount: DiscountState };

/** What every offer has (product, quantity, discount), then the offer's own fields (its copy). */
export function OfferFields({
  path,
  offer,
  currency,
  errors,
  onPick,
  onChange,
  children,
}: {
  /** The offer's place in the form: "bump", "postPurchase.0". */
  path: string;
  offer: OfferBasics;
  currency: string;
  errors: FieldErrors;
  onPick: () => void;
  onChange: (change: { quantity?: string; discount?: DiscountState }) => void;
  children: ReactNode;
}) {
  const discountError =
    errors[`${path}.discount.percent`] ?? errors[`${path}.discount.amount`] ?? errors[`${path}.discount`];
  return (
    <FormLayout>
      <ProductChoice product={offer.product} hint={offer.hint} error={errors[`${path}.variantId`]} onPick={onPick} />
      <FormLayout.Group condensed>
        <TextField
          label="Quantity"
          type="number"
          value={offer.quantity}
          onChange={(quantity) => onChange({ quantity })}
          error={errors[`${path}.quantity`]}
          autoComplete="off"
        />
        <Select
          label="Discount"
          options={[
            { label: "No discount", value: "none" },
            { label: "Percentage off", value: "percentage" },
            { label: `Amount off (${currency})`, value: "fixed_amount" },
          ]}
          value={offer.discount.type}
          onChange={(type) => onChange({ discount: { type: type as DiscountState["type"], value: offer.discount.value } })}
        />
        {offer.discount.type !== "none" ? (
          <TextField
            label={offer.discount.type === "percentage" ? "Percent off" : "Amount off"}
            value={offer.discount.value}
            onChange={(value) => onChange({ discount: { ...offer.discount, value } })}
            suffix={offer.discount.type === "percentage" ? "%" : currency}
            error={discountError}
            autoComplete="off"
          />
        ) : null}
      </FormLayout.Group>
      {children}
    </FormLayout>
  );
}
