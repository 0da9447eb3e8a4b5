import { InlineGrid } from "@shopify/polaris";
import { type Scoreboard, formatMoney, formatMoneyDifference } from "@upstack/core";
import { formatCount, formatPercent } from "./format";
import { HoldoutLiftCard, type HoldoutNumbers } from "./holdout-lift-card";
import { MetricCard } from "./metric-card";

/** The four numbers a merchant opens Upstack for: core's scoreboard headline. */
export type HeadlineNumbers = Scoreboard["headline"];

/** The four numbers a merchant opens Upstack for, in the shop's currency, for the chosen range. */
export function Headline({
  headline,
  holdout,
  period,
}: {
  headline: HeadlineNumbers;
  holdout: HoldoutNumbers;
  /** The range inside a sentence, "in the last 7 days". */
  period: string;
}) {
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
      <MetricCard title="Average order value" value={headline.aov ? formatMoney(headline.aov) : "—"}>
        {aovContext(headline, period)}
      </MetricCard>
      <MetricCard title="Revenue added by Upstack" value={formatMoney(headline.revenueAdded)}>
        What buyers paid for the offers they accepted, {period}, less refunds of those items.
      </MetricCard>
      <MetricCard title="Orders with an accepted offer" value={formatCount(headline.ordersWithAcceptedOffer)}>
        {headline.orders === 0
          ? `No orders ${period}.`
          : `${formatPercent(headline.ordersWithAcceptedOffer / headline.orders)} of ${formatCount(headline.orders)} orders ${period}.`}
      </MetricCard>
      <HoldoutLiftCard holdout={holdout} />
    </InlineGrid>
  );
}

function aovContext(headline: HeadlineNumbers, period: string): string {
  if (!headline.aov) return `No orders ${period}.`;
  const orders = `${formatCount(headline.orders)} ${headline.orders === 1 ? "order" : "orders"} ${period}.`;
  if (!headline.baselineAov || !headline.aovChange) return `${orders} No orders from before Upstack to compare with yet.`;
  const change = formatMoneyDifference(headline.aovChange.amount, headline.aov.currency);
  const share = headline.aovChange.share === null ? "" : ` (${headline.aovChange.share >= 0 ? "+" : "\u2212"}${formatPercent(Math.abs(headline.aovChange.share))})`;
  return `${change}${share} vs ${formatMoney(headline.baselineAov)} before Upstack. ${orders}`;
}
