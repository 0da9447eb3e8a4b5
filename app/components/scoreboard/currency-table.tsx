import { DataTable } from "@shopify/polaris";
import { type CurrencyAov, formatMoney } from "@upstack/core";
import { formatCount } from "./format";

/** Average order value in each currency buyers paid in: never added across currencies. */
export function CurrencyTable({ rows }: { rows: readonly CurrencyAov[] }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric"]}
      headings={["Currency buyers paid in", "Orders", "Revenue (net of refunds)", "Average order value"]}
      rows={rows.map((row) => [row.currency, formatCount(row.orders), formatMoney(row.netRevenue), row.aov ? formatMoney(row.aov) : "—"])}
    />
  );
}
