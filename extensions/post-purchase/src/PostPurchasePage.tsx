/**
 * Checkout::PostPurchase::Render: one offer per page (the rule of one),
 * walked through core's sequence: upsell, then the downsell after a "no" or
 * the follow-up after a "yes" (at most two pages), then the thank-you page
 * (done()).
 *
 * Shopify's review rules this page follows (docs/decisions/0009-app-store-review.md):
 * one callout at the top with the merchant's headline; the item as the store
 * names it; accept only once Shopify's itemized totals are on the page (when
 * they cannot be calculated, the buyer can only continue to the order
 * confirmation); preset, translated accept/decline wording.
 */
import {
  Banner,
  BlockStack,
  Button,
  CalloutBanner,
  Heading,
  Image,
  InlineStack,
  Layout,
  type PostPurchaseRenderApi,
  Separator,
  Spinner,
  Text,
  TextBlock,
  TextContainer,
  Tiles,
  View,
} from "@shopify/post-purchase-ui-extensions-react";
import { type PostPurchaseAnswer, offerItemName, subtract } from "@upstack/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { type MessageKey, type Translate, moneyFormatter, translator } from "./messages";
import { type Offer, currentOffer, readStoredOffers } from "./offers";
import { type AppClient, createAppClient } from "./app-client";
import { type NewTotals, canCalculate, changesetFor, newTotals } from "./totals";

type ApplyResult = Awaited<ReturnType<PostPurchaseRenderApi["applyChangeset"]>>;
type ErrorCode = ApplyResult["errors"][number]["code"];

/** calculateChangeset is Shopify's; if it hangs, the buyer still gets the buttons. */
export const CALCULATE_TIMEOUT_MS = 5_000;

const ERROR_MESSAGES: Partial<Record<ErrorCode, MessageKey>> = {
  payment_required: "errors.paymentRequired",
  insufficient_inventory: "errors.insufficientInventory",
  unsupported_payment_method: "errors.unsupportedPaymentMethod",
  order_released_error: "errors.orderReleased",
};

type Outcome = { added: true; remaining: number } | { added: false; message: MessageKey };

export function outcomeOf(result: ApplyResult): Outcome {
  const codes = result.errors.map((error) => error.code);
  // Already applied means the buyer already has the item (a retry, a reload): success, never a second charge.
  if (result.status === "processed" || codes.includes("changeset_already_applied")) {
    return { added: true, remaining: result.changesetApplicationsRemaining };
  }
  const known = codes.map((code) => ERROR_MESSAGES[code]).find(Boolean);
  return { added: false, message: known ?? "errors.generic" };
}

export function PostPurchasePage({ api }: { api: PostPurchaseRenderApi }) {
  const { inputData, storage, done } = api;
  const stored = useMemo(() => readStoredOffers(storage.initialData, inputData), [storage.initialData, inputData]);
  const appClient = useMemo(
    () => stored && createAppClient(stored.origin, inputData.token, inputData.initialPurchase.referenceId),
    [stored, inputData],
  );
  const t = useMemo(() => translator(inputData.locale), [inputData.locale]);
  const [answers, setAnswers] = useState<PostPurchaseAnswer[]>([]);
  const [finished, setFinished] = useState(false);
  const offer = stored && !finished ? currentOffer(stored.offers, answers) : null;
  const over = !offer || !appClient;

  useEffect(() => {
    // The sequence is over (or storage was unreadable): on to the thank-you page.
    if (over) done().catch(() => {});
  }, [over, done]);

  if (over) {
    return (
      <BlockStack alignment="center">
        <Spinner>{t("loading")}</Spinner>
      </BlockStack>
    );
  }
  return (
    <OfferCard
      // A fresh card per step: its busy flag, totals and errors belong to one offer.
      key={offer.id}
      offer={offer}
      api={api}
      appClient={appClient}
      t={t}
      onAnswer={(answer) => setAnswers((previous) => [...previous, answer])}
      onFinish={() => setFinished(true)}
    />
  );
}

type TotalsState = { state: "loading" } | { state: "ready"; totals: NewTotals } | { state: "unavailable" };
type Phase = { kind: "idle" } | { kind: "accepting" } | { kind: "failed"; message: MessageKey };

function OfferCard(props: {
  offer: Offer;
  api: PostPurchaseRenderApi;
  appClient: AppClient;
  t: Translate;
  onAnswer(answer: PostPurchaseAnswer): void;
  onFinish(): void;
}) {
  const { offer, appClient, t, onAnswer, onFinish } = props;
  const { calculateChangeset, applyChangeset, inputData } = props.api;
  const money = useMemo(() => moneyFormatter(inputData.locale), [inputData.locale]);
  const [totals, setTotals] = useState<TotalsState>(() => ({ state: canCalculate(offer) ? "loading" : "unavailable" }));
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  // A ref, not state: a second press in the same tick must see it before React re-renders.
  const answered = useRef(false);

  useEffect(() => {
    appClient.record(offer.id, "impression");
  }, [appClient, offer.id]);

  useEffect(() => {
    if (!canCalculate(offer)) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), CALCULATE_TIMEOUT_MS);
    });
    Promise.race([calculateChangeset(changesetFor(offer)).then((result) => newTotals(result, offer)), deadline]).then(
      (result) => live && setTotals(result ? { state: "ready", totals: result } : { state: "unavailable" }),
      () => live && setTotals({ state: "unavailable" }),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [calculateChangeset, offer]);

  async function accept() {
    if (answered.current) return;
    answered.current = true;
    setPhase({ kind: "accepting" });
    let outcome: Outcome;
    try {
      outcome = outcomeOf(await applyChangeset(await appClient.sign(offer.id)));
    } catch {
      // Sign refused, network down, host error: nothing was applied.
      outcome = { added: false, message: "errors.generic" };
    }
    if (!outcome.added) return setPhase({ kind: "failed", message: outcome.message });
    appClient.record(offer.id, "accept");
    // Shopify caps accepted changesets per checkout; when none are left, another offer could not be added.
    if (outcome.remaining <= 0) onFinish();
    else onAnswer("accepted");
  }

  function decline() {
    if (answered.current) return;
    answered.current = true;
    appClient.record(offer.id, "decline");
    onAnswer("declined");
  }

  const labels = { accept: t(`labels.${offer.labels}.accept`), decline: t(`labels.${offer.labels}.decline`) };

  if (phase.kind === "failed") {
    return (
      <BlockStack spacing="loose">
        <Banner status="critical">{t(phase.message)}</Banner>
        <Button onPress={onFinish}>{t("continue")}</Button>
      </BlockStack>
    );
  }

  const accepting = phase.kind === "accepting";
  // Shopify's figure for the line once it has one (whether a fixed discount applies per unit or per line is
  // Shopify's to say), so the big price never disagrees with the totals below; ours until then.
  const price = totals.state === "ready" && totals.totals.subtotalFromShopify ? totals.totals.subtotal : offer.offerPrice;
  const discounted = price.amount < offer.regularPrice.amount;
  return (
    <BlockStack spacing="loose">
      <CalloutBanner title={offer.headline || undefined}>{offer.body}</CalloutBanner>
      <Layout
        maxInlineSize={0.95}
        media={[
          { viewportSize: "small", sizes: [1, 0, 1], maxInlineSize: 0.9 },
          { viewportSize: "medium", sizes: [0.5, 38, 0.5], maxInlineSize: 800 },
          { viewportSize: "large", sizes: [0.5, 38, 0.5], maxInlineSize: 960 },
        ]}
      >
        {offer.imageUrl ? (
          <Image source={offer.imageUrl} description={offerItemName({ title: offer.productTitle, variantTitle: offer.variantTitle })} aspectRatio={1} fit="contain" />
        ) : (
          <View />
        )}
        <View />
        <BlockStack spacing="loose">
          <TextContainer spacing="tight">
            <Heading>{offer.productTitle}</Heading>
            {offer.variantTitle ? <TextBlock subdued>{offer.variantTitle}</TextBlock> : null}
            {offer.quantity > 1 ? <TextBlock subdued>{t("quantity", { count: offer.quantity })}</TextBlock> : null}
            <TextBlock>
              <Text size="large" emphasized>
                {money(price)}
              </Text>
              {discounted ? (
                <>
                  {" "}
                  <Text role="deletion" subdued>
                    {money(offer.regularPrice)}
                  </Text>
                </>
              ) : null}
            </TextBlock>
          </TextContainer>
          <Separator />
          {totals.state === "loading" ? (
            <InlineStack spacing="tight" alignment="center">
              <Spinner size="small" />
              <Text subdued>{t("calculating")}</Text>
            </InlineStack>
          ) : totals.state === "ready" ? (
            <BlockStack spacing="tight">
              {discounted ? (
                <>
                  <MoneyLine label={t("item")} value={money(offer.regularPrice)} />
                  <MoneyLine label={t("discount")} value={`-${money(subtract(offer.regularPrice, price))}`} />
                </>
              ) : null}
              <MoneyLine label={t("subtotal")} value={money(totals.totals.subtotal)} />
              <MoneyLine label={t("shipping")} value={money(totals.totals.shipping)} />
              <MoneyLine label={t("taxes")} value={money(totals.totals.taxes)} />
              <Separator />
              <MoneyLine label={t("total")} value={money(totals.totals.total)} strong />
            </BlockStack>
          ) : (
            <TextBlock subdued>{t("totalsUnavailable")}</TextBlock>
          )}
          {totals.state === "unavailable" ? (
            // Without the full price there is nothing the buyer may accept: only the way on.
            <Button submit onPress={onFinish}>
              {t("continue")}
            </Button>
          ) : (
            <>
              <TextBlock size="small" subdued>
                {t("paymentNote")}
              </TextBlock>
              <BlockStack spacing="tight">
                <Button submit onPress={accept} loading={accepting} loadingLabel={t("adding")} disabled={accepting || totals.state !== "ready"}>
                  {labels.accept}
                </Button>
                <Button subdued onPress={decline} disabled={accepting}>
                  {labels.decline}
                </Button>
              </BlockStack>
            </>
          )}
        </BlockStack>
      </Layout>
    </BlockStack>
  );
}

function MoneyLine({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <Tiles>
      <TextBlock emphasized={strong}>{label}</TextBlock>
      <TextContainer alignment="trailing">
        <TextBlock emphasized={strong}>{value}</TextBlock>
      </TextContainer>
    </Tiles>
  );
}
