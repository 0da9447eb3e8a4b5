import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, InlineStack, Layout } from "@shopify/polaris";
import type { FieldErrors, FunnelFormPayload } from "../../forms/funnel-form";
import { useFunnelForm } from "../../hooks/useFunnelForm";
import { useResourcePicker } from "../../hooks/useResourcePicker";
import { AddOfferButtons } from "./AddOfferButtons";
import { notesFor } from "./AdvisorNotes";
import { BumpCard } from "./BumpCard";
import { CoreOfferCard } from "./CoreOfferCard";
import type { EditorState } from "./editor-state";
import { FunnelDetailsCard } from "./FunnelDetailsCard";
import { FunnelPreviews } from "./FunnelPreviews";
import { PostPurchaseOfferCard } from "./PostPurchaseOfferCard";

export const SAVE_BAR_ID = "funnel-save-bar";

type Props = {
  initial: EditorState;
  currency: string;
  saving: boolean;
  /** Field errors the server answered with (422), keyed like the form's fields. */
  serverErrors: FieldErrors;
  /** For a new funnel: the page's key, so a create posted twice makes one funnel. */
  idempotencyKey?: string;
  onSave: (payload: FunnelFormPayload) => void;
};

/** The funnel editor: the form's sections on the left, the live preview on the right, App Bridge's save bar. */
export function FunnelEditor({ initial, currency, saving, serverErrors, idempotencyKey, onSave }: Props) {
  const form = useFunnelForm({ initial, currency, serverErrors, idempotencyKey, onSave });
  const picker = useResourcePicker(currency);
  const { state, errors, notes } = form;
  return (
    <>
      <SaveBar id={SAVE_BAR_ID} open={form.dirty}>
        <button variant="primary" onClick={form.save} disabled={saving}>
          Save
        </button>
        <button onClick={form.discard}>Discard</button>
      </SaveBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {form.attempted && Object.keys(errors).length > 0 ? (
              <Banner tone="critical" title="Some fields need attention">
                <p>Nothing was saved yet. Fix the fields marked below, then save again.</p>
              </Banner>
            ) : null}
            {state.status !== "active" ? (
              <Banner tone="info">
                <p>
                  {state.status === "draft" ? "This funnel is a draft" : "This funnel is paused"}: buyers don't see
                  it. Set its status to Active to show its offers in checkout and after payment.
                </p>
              </Banner>
            ) : null}
            <FunnelDetailsCard state={state} errors={errors} onChange={form.update} />
            <CoreOfferCard
              trigger={state.trigger}
              minSubtotal={state.minSubtotal}
              maxSubtotal={state.maxSubtotal}
              currency={currency}
              errors={errors}
              notes={notesFor(notes, "trigger")}
              picker={picker}
              onChange={form.update}
            />
            <BumpCard
              bump={state.bump}
              saved={form.baseline.bump}
              currency={currency}
              errors={errors}
              notes={notesFor(notes, "bump")}
              picker={picker}
              onToggle={(bump) => form.update({ bump })}
              onChange={form.updateBump}
            />
            {errors.postPurchase ? <Banner tone="critical">{errors.postPurchase}</Banner> : null}
            {state.postPurchase.map((offer, index) => (
              <PostPurchaseOfferCard
                key={offer.role}
                offer={offer}
                index={index}
                currency={currency}
                errors={errors}
                notes={notesFor(notes, `postPurchase.${index}`)}
                picker={picker}
                onChange={(change) => form.updateOffer(index, change)}
                onRemove={() => form.removeOffer(index)}
              />
            ))}
            <AddOfferButtons present={state.postPurchase.map((offer) => offer.role)} onAdd={form.addOffer} />
            <InlineStack align="end">
              <Button variant="primary" onClick={form.save} loading={saving} disabled={!form.dirty && !form.attempted}>
                Save funnel
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <FunnelPreviews funnel={form.funnel} />
        </Layout.Section>
      </Layout>
    </>
  );
}
