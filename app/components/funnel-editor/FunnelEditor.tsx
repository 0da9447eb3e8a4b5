import { useSubmit } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { adviseFunnel, formatMoney, type AdvisorNote, type OfferProduct } from "@upstack/core";
import { useMemo, useState, type ReactNode } from "react";
import {
  fieldErrorsOf,
  formFieldOf,
  funnelFormSchema,
  POST_PURCHASE_ROLES,
  type FieldErrors,
  type FunnelFormInput,
  type PostPurchaseRole,
} from "../../forms/funnel-form";
import {
  blankBump,
  blankPostPurchase,
  fillCopy,
  formPayloadOf,
  offerProductFromPicker,
  provisionalFunnel,
  ROLE_HELP,
  ROLE_NAMES,
  type BumpState,
  type DiscountState,
  type EditorState,
  type PickerProduct,
  type PostPurchaseState,
  type TriggerState,
} from "./editor-state";
import { BumpPreview, PostPurchasePreview } from "./OfferPreview";

export const SAVE_BAR_ID = "funnel-save-bar";

type PickerVariant = { id: string; title?: string; price?: string; image?: { originalSrc?: string } | null; product?: PickerProduct };
type Picker = (options: Record<string, unknown>) => Promise<unknown[] | undefined>;
const resourcePicker: Picker = (options) =>
  (globalThis as unknown as { shopify: { resourcePicker: Picker } }).shopify.resourcePicker(options);

type Props = {
  initial: EditorState;
  currency: string;
  saving: boolean;
  /** Field errors the server answered with (422), keyed like the form's fields. */
  serverErrors: FieldErrors;
  onSave: (payload: FunnelFormInput) => void;
};

export function FunnelEditor({ initial, currency, saving, serverErrors, onSave }: Props) {
  // The route remounts the editor (key) when the saved funnel changes, so the initial copy is the baseline.
  const baseline = initial;
  const [state, setState] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const dirty = useMemo(() => JSON.stringify(state) !== JSON.stringify(baseline), [state, baseline]);

  const payload = useMemo(() => formPayloadOf(state), [state]);
  const clientErrors = useMemo(() => {
    const parsed = funnelFormSchema.safeParse(payload);
    return parsed.success ? {} : fieldErrorsOf(parsed.error);
  }, [payload]);
  const funnel = useMemo(() => provisionalFunnel(state, currency), [state, currency]);
  const roles = state.postPurchase.map((offer) => offer.role);
  const notes = useMemo(
    () => adviseFunnel(funnel).map((note) => ({ ...note, field: formFieldOf(note.field, roles) })),
    // roles derive from state, which funnel already follows
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [funnel],
  );
  const errors: FieldErrors = { ...(attempted ? clientErrors : {}), ...serverErrors };

  const save = () => {
    setAttempted(true);
    if (Object.keys(clientErrors).length > 0) return;
    if (notes.some((note) => note.severity === "error")) return;
    onSave(payload);
  };
  const discard = () => {
    setState(baseline);
    setAttempted(false);
  };

  const update = (change: Partial<EditorState>) => setState((current) => ({ ...current, ...change }));
  const updateBump = (change: Partial<BumpState>) =>
    setState((current) => ({ ...current, bump: current.bump ? { ...current.bump, ...change } : current.bump }));
  const updateOffer = (index: number, change: Partial<PostPurchaseState>) =>
    setState((current) => ({
      ...current,
      postPurchase: current.postPurchase.map((offer, i) => (i === index ? { ...offer, ...change } : offer)),
    }));

  const pickOffer = async (): Promise<OfferProduct | null> => {
    const picked = await resourcePicker({ type: "product", action: "select", multiple: false, filter: { variants: true } });
    const product = picked?.[0] as PickerProduct | undefined;
    return product ? offerProductFromPicker(product, currency) : null;
  };

  const bump = funnel.bump;
  return (
    <>
      <SaveBar id={SAVE_BAR_ID} open={dirty}>
        <button variant="primary" onClick={save} disabled={saving}>
          Save
        </button>
        <button onClick={discard}>Discard</button>
      </SaveBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {attempted && Object.keys(errors).length > 0 ? (
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
            <Card>
              <FormLayout>
                <TextField
                  label="Funnel name"
                  value={state.name}
                  onChange={(name) => update({ name })}
                  error={errors.name}
                  autoComplete="off"
                  helpText="Only you see this."
                />
                <FormLayout.Group>
                  <Select
                    label="Status"
                    options={[
                      { label: "Draft", value: "draft" },
                      { label: "Active", value: "active" },
                      { label: "Paused", value: "paused" },
                    ]}
                    value={state.status}
                    onChange={(status) => update({ status: status as EditorState["status"] })}
                  />
                  <TextField
                    label="Priority"
                    type="number"
                    value={state.priority}
                    onChange={(priority) => update({ priority })}
                    error={errors.priority}
                    autoComplete="off"
                    helpText="When several active funnels fit one order, the highest priority wins."
                  />
                </FormLayout.Group>
              </FormLayout>
            </Card>

            <TriggerCard
              trigger={state.trigger}
              minSubtotal={state.minSubtotal}
              maxSubtotal={state.maxSubtotal}
              currency={currency}
              errors={errors}
              notes={notesFor(notes, "trigger")}
              onChange={update}
            />

            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Order bump
                  </Text>
                  <Checkbox
                    label="Offer a bump in checkout"
                    checked={state.bump !== null}
                    onChange={(on) => update({ bump: on ? (baseline.bump ?? blankBump()) : null })}
                  />
                </InlineStack>
                <Text as="p" tone="subdued">
                  A small, related item next to the pay button, about 20-40% of the core price. It joins the same
                  order and the same payment.
                </Text>
                {errors.bump ? <Banner tone="critical">{errors.bump}</Banner> : null}
                <Notes notes={notesFor(notes, "bump")} />
                {state.bump ? (
                  <OfferFields
                    path="bump"
                    offer={state.bump}
                    currency={currency}
                    errors={errors}
                    onPick={async () => {
                      const product = await pickOffer();
                      if (product && state.bump) updateBump({ product, copy: fillCopy(state.bump.copy, product, state.bump.product) });
                    }}
                    onChange={updateBump}
                  >
                    <TextField
                      label="Title"
                      value={state.bump.copy.title}
                      onChange={(title) => updateBump({ copy: { ...state.bump!.copy, title } })}
                      error={errors["bump.copy.title"]}
                      autoComplete="off"
                    />
                    <TextField
                      label="Description"
                      value={state.bump.copy.description}
                      onChange={(description) => updateBump({ copy: { ...state.bump!.copy, description } })}
                      error={errors["bump.copy.description"]}
                      multiline={3}
                      autoComplete="off"
                      helpText="Two or three sentences: what it is and why it goes with the order."
                    />
                    <TextField
                      label="Checkbox label"
                      value={state.bump.copy.checkboxLabel}
                      onChange={(checkboxLabel) => updateBump({ copy: { ...state.bump!.copy, checkboxLabel } })}
                      error={errors["bump.copy.checkboxLabel"]}
                      autoComplete="off"
                    />
                  </OfferFields>
                ) : null}
              </BlockStack>
            </Card>

            {errors.postPurchase ? <Banner tone="critical">{errors.postPurchase}</Banner> : null}
            {state.postPurchase.map((offer, index) => (
              <Card key={offer.role}>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      {ROLE_NAMES[offer.role]}
                    </Text>
                    <Button
                      variant="plain"
                      tone="critical"
                      onClick={() => update({ postPurchase: state.postPurchase.filter((_, i) => i !== index) })}
                    >
                      {`Remove ${ROLE_NAMES[offer.role].toLowerCase()}`}
                    </Button>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {ROLE_HELP[offer.role]}
                  </Text>
                  <Notes notes={notesFor(notes, `postPurchase.${index}`)} />
                  <OfferFields
                    path={`postPurchase.${index}`}
                    offer={offer}
                    currency={currency}
                    errors={errors}
                    onPick={async () => {
                      const product = await pickOffer();
                      if (product) updateOffer(index, { product, copy: fillCopy(offer.copy, product, offer.product) });
                    }}
                    onChange={(change) => updateOffer(index, change)}
                  >
                    {offer.role !== "downsell" ? (
                      <Checkbox
                        label="Premium next step"
                        helpText="A bigger step up (pro tier, coaching) rather than a small add-on: priced at 2-3x the core offer."
                        checked={offer.premium}
                        onChange={(premium) => updateOffer(index, { premium })}
                      />
                    ) : null}
                    <TextField
                      label="Headline"
                      value={offer.copy.headline}
                      onChange={(headline) => updateOffer(index, { copy: { ...offer.copy, headline } })}
                      error={errors[`postPurchase.${index}.copy.headline`]}
                      autoComplete="off"
                    />
                    <TextField
                      label="Description"
                      value={offer.copy.body}
                      onChange={(body) => updateOffer(index, { copy: { ...offer.copy, body } })}
                      error={errors[`postPurchase.${index}.copy.body`]}
                      multiline={3}
                      autoComplete="off"
                    />
                    <FormLayout.Group>
                      <TextField
                        label="Accept button"
                        value={offer.copy.acceptLabel}
                        onChange={(acceptLabel) => updateOffer(index, { copy: { ...offer.copy, acceptLabel } })}
                        error={errors[`postPurchase.${index}.copy.acceptLabel`]}
                        autoComplete="off"
                        helpText="“Add to my order” tends to beat “Buy now”."
                      />
                      <TextField
                        label="Decline link"
                        value={offer.copy.declineLabel}
                        onChange={(declineLabel) => updateOffer(index, { copy: { ...offer.copy, declineLabel } })}
                        error={errors[`postPurchase.${index}.copy.declineLabel`]}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  </OfferFields>
                </BlockStack>
              </Card>
            ))}
            <AddOfferButtons
              present={roles}
              onAdd={(role) =>
                update({
                  postPurchase: [...state.postPurchase, blankPostPurchase(role)].sort(
                    (a, b) => POST_PURCHASE_ROLES.indexOf(a.role) - POST_PURCHASE_ROLES.indexOf(b.role),
                  ),
                })
              }
            />
            <InlineStack align="end">
              <Button variant="primary" onClick={save} loading={saving} disabled={!dirty && !attempted}>
                Save funnel
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Checkout preview
                </Text>
                <BumpPreview bump={bump} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  After payment
                </Text>
                {funnel.postPurchase.upsell ? null : (
                  <Text as="p" tone="subdued">
                    Pick the upsell product to see the post-purchase page.
                  </Text>
                )}
                <PostPurchasePreview offer={funnel.postPurchase.upsell} step="Upsell" />
                <PostPurchasePreview offer={funnel.postPurchase.downsell} step="If declined: downsell" />
                <PostPurchasePreview offer={funnel.postPurchase.followUp} step="If accepted: follow-up" />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </>
  );
}

function notesFor(notes: AdvisorNote[], prefix: string) {
  return notes.filter((note) => note.field === prefix || note.field.startsWith(`${prefix}.`));
}

const TONE = { error: "critical", warning: "warning", info: "info" } as const;

function Notes({ notes }: { notes: AdvisorNote[] }) {
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

function OfferFields({
  path,
  offer,
  currency,
  errors,
  onPick,
  onChange,
  children,
}: {
  path: string;
  offer: { product: OfferProduct | null; hint: string | null; quantity: string; discount: DiscountState };
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
      <ProductChoice
        label="Product"
        product={offer.product}
        hint={offer.hint}
        error={errors[`${path}.variantId`]}
        onPick={onPick}
      />
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

function ProductChoice({
  label,
  product,
  hint,
  error,
  onPick,
}: {
  label: string;
  product: OfferProduct | null;
  hint: string | null;
  error?: string;
  onPick: () => void;
}) {
  return (
    <BlockStack gap="100">
      <Text as="span">{label}</Text>
      <InlineStack gap="300" blockAlign="center">
        {product ? (
          <Text as="span" fontWeight="semibold">
            {`${product.title}${product.variantTitle ? ` (${product.variantTitle})` : ""} · ${formatMoney(product.price)}`}
          </Text>
        ) : (
          <Text as="span" tone="subdued">
            {hint ? `Pick: ${hint}` : "No product picked"}
          </Text>
        )}
        <Button onClick={onPick}>{product ? "Change product" : "Pick product"}</Button>
      </InlineStack>
      {error ? (
        <Text as="span" tone="critical">
          {error}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function TriggerCard({
  trigger,
  minSubtotal,
  maxSubtotal,
  currency,
  errors,
  notes,
  onChange,
}: {
  trigger: TriggerState;
  minSubtotal: string;
  maxSubtotal: string;
  currency: string;
  errors: FieldErrors;
  notes: AdvisorNote[];
  onChange: (change: Partial<EditorState>) => void;
}) {
  const setTrigger = (change: Partial<TriggerState>) => onChange({ trigger: { ...trigger, ...change } });
  const pick = async () => {
    if (trigger.type === "collections") {
      const picked = (await resourcePicker({ type: "collection", multiple: true })) as
        | { id: string; title: string }[]
        | undefined;
      if (picked) setTrigger({ collections: picked.map((c) => ({ collectionId: c.id, title: c.title })) });
      return;
    }
    if (trigger.type === "variants") {
      const picked = (await resourcePicker({ type: "variant", multiple: true })) as PickerVariant[] | undefined;
      if (!picked) return;
      const products = picked
        .map((variant) =>
          offerProductFromPicker(
            { id: variant.product?.id ?? "", title: variant.product?.title ?? variant.title ?? "", variants: [variant] },
            currency,
          ),
        )
        .filter((p): p is OfferProduct => p !== null);
      setTrigger({ products });
      return;
    }
    const picked = (await resourcePicker({
      type: "product",
      multiple: true,
      filter: { variants: false },
      selectionIds: trigger.products.map((p) => ({ id: p.productId })),
    })) as PickerProduct[] | undefined;
    if (picked) {
      setTrigger({
        products: picked
          .map((product) => offerProductFromPicker(product, currency))
          .filter((p): p is OfferProduct => p !== null),
      });
    }
  };
  const chosen =
    trigger.type === "collections"
      ? trigger.collections.map((c) => c.title)
      : trigger.products.map((p) => `${p.title}${p.variantTitle ? ` (${p.variantTitle})` : ""} · ${formatMoney(p.price)}`);
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
        <Notes notes={notes} />
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
                <Button onClick={pick}>
                  {trigger.type === "collections"
                    ? "Pick collections"
                    : trigger.type === "variants"
                      ? "Pick variants"
                      : "Pick core products"}
                </Button>
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

function AddOfferButtons({ present, onAdd }: { present: PostPurchaseRole[]; onAdd: (role: PostPurchaseRole) => void }) {
  const missing = POST_PURCHASE_ROLES.filter((role) => !present.includes(role));
  if (missing.length === 0) return null;
  return (
    <ButtonGroup>
      {missing.map((role) => (
        <Button key={role} onClick={() => onAdd(role)}>
          {`Add ${ROLE_NAMES[role].toLowerCase()}`}
        </Button>
      ))}
    </ButtonGroup>
  );
}

/** The editor posts JSON: the same payload the shared schema validates on the server. */
export function useSubmitJson() {
  const submit = useSubmit();
  return (body: Record<string, unknown>) =>
    submit(body as Parameters<typeof submit>[0], { method: "post", encType: "application/json" });
}
