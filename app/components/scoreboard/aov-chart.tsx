import { DataTable } from "@shopify/polaris";
import { LineChart } from "@shopify/polaris-viz";
import { type Money, formatMoney, minorUnitDigits, money } from "@upstack/core";
import { ChartFrame } from "./chart-frame";
import { formatCount, formatDay } from "./format";

/** A UTC calendar day ("YYYY-MM-DD") of orders in the shop's currency. */
export type AovDay = { readonly date: string; readonly orders: number; readonly aov: Money | null };

/** Average order value per day, in the shop's currency, as a line, with the same numbers as a table. */
export function AovChart({ currency, days }: { currency: string; days: readonly AovDay[] }) {
  // The chart plots major units (dollars); its labels turn them back into money.
  const factor = 10 ** minorUnitDigits(currency);
  const axisMoney = (value: string | number | null) =>
    value === null ? "" : formatMoney(money(Math.max(0, Math.round(Number(value) * factor)), currency));
  return (
    <ChartFrame
      title="Average order value over time"
      description={`Net of refunds, per day, in ${currency}. Days without orders are left blank.`}
      chart={() => (
        <LineChart
          isAnimated={false}
          data={[{ name: "Average order value", data: days.map((d) => ({ key: d.date, value: d.aov ? d.aov.amount / factor : null })) }]}
          showLegend={false}
          xAxisOptions={{ labelFormatter: (value) => formatDay(String(value)) }}
          yAxisOptions={{ labelFormatter: axisMoney }}
          tooltipOptions={{ valueFormatter: axisMoney, titleFormatter: (value) => formatDay(String(value)) }}
        />
      )}
      table={
        <DataTable
          columnContentTypes={["text", "numeric", "numeric"]}
          headings={["Day", "Orders", "Average order value"]}
          rows={days.map((d) => [formatDay(d.date), formatCount(d.orders), d.aov ? formatMoney(d.aov) : "—"])}
        />
      }
    />
  );
}
