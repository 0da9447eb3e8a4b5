import { DataTable } from "@shopify/polaris";
import { type Money, type Rate, formatMoney } from "@upstack/core";
import { formatCount, formatRate } from "./format";
import { funnelName, offerName } from "./offer-names";

export type OfferRow = {
  readonly offer: string;
  readonly impressions: number;
  readonly accepts: number;
  readonly takeRate: Rate;
  /** Net of refunds, in the shop's currency. */
  readonly revenueAdded: Money;
};

export type FunnelOffers = { readonly funnelId: string; readonly name: string | null; readonly offers: readonly OfferRow[] };

/** One row per offer of each funnel: how often it was shown and taken, and what it added. */
export function OfferTable({ funnels }: { funnels: readonly FunnelOffers[] }) {
  return (
    <DataTable
      columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
      headings={["Funnel", "Offer", "Shown", "Accepted", "Take rate", "Revenue added"]}
      rows={funnels.flatMap((funnel) =>
        funnel.offers.map((offer) => [
          funnelName(funnel.name),
          offerName(offer.offer),
          formatCount(offer.impressions),
          formatCount(offer.accepts),
          formatRate(offer.takeRate),
          formatMoney(offer.revenueAdded),
        ]),
      )}
    />
  );
}
