import { BlockStack, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import type { CurrencyAov, DateRangeKey } from "@upstack/core";
import { AovChart, type AovDay } from "./aov-chart";
import { CurrencyTable } from "./currency-table";
import { BackfillBanner, type BackfillState, LowDataBanner } from "./data-state-banner";
import { DateRangeSelect } from "./date-range-select";
import { EmptyScoreboard } from "./empty-scoreboard";
import { ExportButton } from "./export-button";
import { rangePhrase } from "./format";
import { FunnelTable, type FunnelRow } from "./funnel-table";
import { Headline, type HeadlineNumbers } from "./headline";
import type { HoldoutNumbers } from "./holdout-lift-card";
import { OfferTable, type FunnelOffers } from "./offer-table";
import { TakeRateChart } from "./take-rate-chart";

/** What the scoreboard draws (the parts of the scoreboard service's answer it reads). */
export type ScoreboardData = {
  readonly shopCurrency: string;
  readonly headline: HeadlineNumbers;
  readonly holdout: HoldoutNumbers;
  readonly aovByCurrency: readonly CurrencyAov[];
  readonly daily: readonly AovDay[];
  readonly funnels: readonly (FunnelRow & FunnelOffers)[];
  readonly backfill: BackfillState | null;
  readonly lowData: { readonly fewOrders: boolean };
};

/**
 * The scoreboard's part of the admin home, as Layout sections: range and
 * export, the state banners, the headline, the charts and the tables.
 */
export function ScoreboardSections({
  scoreboard,
  hasOrders,
  range,
  exportUrl,
  lowDataOrders,
}: {
  scoreboard: ScoreboardData;
  /** Whether the shop has any order stored, in any range: without one, the page says what will appear. */
  hasOrders: boolean;
  range: DateRangeKey;
  exportUrl: string;
  /** Orders a range needs before its averages are worth reading. */
  lowDataOrders: number;
}) {
  const { headline, holdout, funnels, backfill } = scoreboard;
  return (
    <>
      <Layout.Section>
        <InlineStack align="space-between" blockAlign="center" gap="400">
          <DateRangeSelect value={range} />
          {hasOrders ? <ExportButton url={exportUrl} /> : null}
        </InlineStack>
      </Layout.Section>
      {backfill && backfill.state !== "done" ? (
        <Layout.Section>
          <BackfillBanner backfill={backfill} />
        </Layout.Section>
      ) : null}
      {!hasOrders ? (
        <Layout.Section>
          <EmptyScoreboard reading={backfill?.state === "running"} />
        </Layout.Section>
      ) : (
        <>
          {scoreboard.lowData.fewOrders && headline.orders > 0 ? (
            <Layout.Section>
              <LowDataBanner orders={headline.orders} enough={lowDataOrders} />
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Headline headline={headline} holdout={holdout} period={rangePhrase(range)} />
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="600">
                <AovChart currency={scoreboard.shopCurrency} days={scoreboard.daily} />
                <TakeRateChart funnels={funnels} />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Funnels
                </Text>
                {funnels.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No funnel showed an offer in this range.
                  </Text>
                ) : (
                  <FunnelTable funnels={funnels} />
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
          {funnels.length > 0 ? (
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Offers
                  </Text>
                  <OfferTable funnels={funnels} />
                </BlockStack>
              </Card>
            </Layout.Section>
          ) : null}
          {scoreboard.aovByCurrency.some((row) => row.currency !== scoreboard.shopCurrency) ? (
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Average order value in each currency buyers paid in
                  </Text>
                  <CurrencyTable rows={scoreboard.aovByCurrency} />
                </BlockStack>
              </Card>
            </Layout.Section>
          ) : null}
        </>
      )}
    </>
  );
}
