import { DataTable, Link } from "@shopify/polaris";
import { type Money, type Rate, formatMoney } from "@upstack/core";
import { formatRate } from "./format";
import { funnelName } from "./offer-names";

export type FunnelRow = {
  readonly funnelId: string;
  /** Null when the funnel was deleted since. */
  readonly name: string | null;
  /** Accepts / impressions over all its offers. */
  readonly takeRate: Rate;
  /** Net of refunds, in the shop's currency. */
  readonly revenueAdded: Money;
  /** Downsell accepts / upsell declines. */
  readonly downsellRecovery: Rate;
};

/** One row per funnel that showed an offer or added revenue in the range. */
export function FunnelTable({ funnels }: { funnels: readonly FunnelRow[] }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric"]}
      headings={["Funnel", "Take rate", "Revenue added", "Declined upsells won back by the downsell"]}
      rows={funnels.map((funnel) => [
        funnel.name === null ? (
          funnelName(null)
        ) : (
          <Link key={funnel.funnelId} url={`/app/funnels/${funnel.funnelId}`} removeUnderline>
            {funnel.name}
          </Link>
        ),
        formatRate(funnel.takeRate),
        formatMoney(funnel.revenueAdded),
        formatRate(funnel.downsellRecovery),
      ])}
    />
  );
}
