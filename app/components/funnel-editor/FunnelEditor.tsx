import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, InlineError, InlineGrid, InlineStack } from "@shopify/polaris";
import { useState, type FocusEvent } from "react";
import { type BannerCandidate, OneBanner } from "../one-banner";
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
  /** Whether the store can show the bump in checkout (Shopify Plus); otherwise it shows in the cart only. */
  checkoutBumpAvailable: boolean;
  saving: boolean;
  /** Field errors the server answered with (422), keyed like the form's fields. */
  serverErrors: FieldErrors;
  /** For a new funnel: the page's key, so a create posted twice makes one funnel. */
  idempotencyKey?: string;
  onSave: (payload: FunnelFormPayload) => void;
  /** The page's own banners (a warning about the funnel, publishing news), most important first; one banner shows at a time. */
  notices?: readonly BannerCandidate[];
};

/** The section of the form the merchant is in (from its data-section), so the preview can show that part. */
const sectionOf = (event: FocusEvent<HTMLElement>) =>
  (event.target as HTMLElement).closest<HTMLElement>("[data-section]")?.dataset.section ?? null;

/** The funnel editor: the form's sections on the left, the live preview on the right, App Bridge's save bar. */
export function FunnelEditor({ initial, currency, checkoutBumpAvailable, saving, serverErrors, idempotencyKey, onSave, notices = [] }: Props) {
  const form = useFunnelForm({ initial, currency, serverErrors, idempotencyKey, onSave });
  const picker = useResourcePicker(currency);
  const { state, errors, notes } = form;
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <SaveBar id={SAVE_BAR_ID} open={form.dirty}>
        <button variant="primary" onClick={form.save} disabled={saving}>
          Save
        </button>
        <button onClick={form.discard}>Discard</button>
      </SaveBar>
      {/* A grid rather than Layout: its cells stretch to the row, so the preview column can stay in view (sticky). */}
      <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="400">
        <div onFocus={(event) => setEditing(sectionOf(event) ?? editing)}>
          <BlockStack gap="400">
            <OneBanner
              banners={[
                form.attempted && Object.keys(errors).length > 0 ? (
                  <Banner tone="critical" title="Some fields need attention">
                    <p>Nothing was saved yet. Fix the fields marked below, then save again.</p>
                  </Banner>
                ) : null,
                ...notices,
                state.status !== "active" ? (
                  <Banner tone="info">
                    <p>
                      {state.status === "draft" ? "This funnel is a draft" : "This funnel is paused"}: buyers don't see
                      it. Set its status to Active to show its offers in checkout and after payment.
                    </p>
                  </Banner>
                ) : null,
              ]}
            />
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
            <div data-section="bump">
              <BumpCard
                bump={state.bump}
                saved={form.baseline.bump}
                checkoutAvailable={checkoutBumpAvailable}
                currency={currency}
                errors={errors}
                notes={notesFor(notes, "bump")}
                picker={picker}
                onToggle={(bump) => form.update({ bump })}
                onChange={form.updateBump}
              />
            </div>
            {errors.postPurchase ? <InlineError message={errors.postPurchase} fieldID="postPurchase" /> : null}
            {state.postPurchase.map((offer, index) => (
              <div data-section={offer.role} key={offer.role}>
                <PostPurchaseOfferCard
                  offer={offer}
                  index={index}
                  currency={currency}
                  errors={errors}
                  notes={notesFor(notes, `postPurchase.${index}`)}
                  picker={picker}
                  onChange={(change) => form.updateOffer(index, change)}
                  onRemove={() => form.removeOffer(index)}
                />
              </div>
            ))}
            <AddOfferButtons present={state.postPurchase.map((offer) => offer.role)} onAdd={form.addOffer} />
            <InlineStack align="end">
              <Button variant="primary" onClick={form.save} loading={saving} disabled={!form.dirty && !form.attempted}>
                Save funnel
              </Button>
            </InlineStack>
          </BlockStack>
        </div>
        <FunnelPreviews funnel={form.funnel} editing={editing} checkoutBumpAvailable={checkoutBumpAvailable} />
      </InlineGrid>
    </>
  );
}
