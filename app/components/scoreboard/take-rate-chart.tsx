import { DataTable } from "@shopify/polaris";
import { BarChart } from "@shopify/polaris-viz";
import type { Rate } from "@upstack/core";
import { ChartFrame } from "./chart-frame";
import { formatCount, formatPercent, formatRate } from "./format";
import { funnelName, offerName } from "./offer-names";

type FunnelTakeRates = {
  readonly funnelId: string;
  readonly name: string | null;
  readonly offers: readonly { readonly offer: string; readonly takeRate: Rate }[];
};

/** Of the buyers shown each offer, the share who took it: one bar per offer, with the counts as a table. */
export function TakeRateChart({ funnels }: { funnels: readonly FunnelTakeRates[] }) {
  const offers = funnels.flatMap((funnel) =>
    funnel.offers
      .filter((offer) => offer.takeRate.denominator > 0)
      .map((offer) => ({ name: `${funnelName(funnel.name)}: ${offerName(offer.offer)}`, takeRate: offer.takeRate })),
  );
  if (offers.length === 0) return null;
  const percentLabel = (value: string | number | null) => (value === null ? "" : formatPercent(Number(value) / 100));
  return (
    <ChartFrame
      title="Take rate per offer"
      description="Of the buyers who were shown an offer, the share who accepted it."
      height={Math.max(160, 48 * offers.length + 60)}
      chart={() => (
        <BarChart
          isAnimated={false}
          direction="horizontal"
          showLegend={false}
          data={[{ name: "Take rate", data: offers.map((offer) => ({ key: offer.name, value: (offer.takeRate.value ?? 0) * 100 })) }]}
          xAxisOptions={{ labelFormatter: percentLabel }}
          tooltipOptions={{ valueFormatter: percentLabel }}
        />
      )}
      table={
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={["Offer", "Shown", "Accepted", "Take rate"]}
          rows={offers.map((offer) => [
            offer.name,
            formatCount(offer.takeRate.denominator),
            formatCount(offer.takeRate.numerator),
            formatRate(offer.takeRate),
          ])}
        />
      }
    />
  );
}
