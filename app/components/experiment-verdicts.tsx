import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Modal, Text } from "@shopify/polaris";
import { type Interval, type OfferDiscount, formatMoney } from "@upstack/core";
import { useState } from "react";
import type { ArmReport, ExperimentReport } from "../models/experiment-results.server";

/**
 * Experiment verdicts as a merchant reads them: per variant, the purchases
 * that saw it, its take rate and what it earned per purchase that saw it,
 * with the uncertainty once the test has its data, and the verdict in plain
 * words ("not enough data yet" until then). A running experiment can be
 * stopped, or any variant made the offer (the winner is suggested; another
 * is the merchant's call, confirmed first). Used on the funnel page and the
 * dashboard; `onAction` posts the choice (handleExperimentAction).
 */

export type ExperimentAction =
  | { intent: "stopExperiment"; experimentId: string }
  | { intent: "promoteArm"; experimentId: string; arm: string };

const SLOT_NAMES = { bump: "Order bump", upsell: "Upsell", downsell: "Downsell" } as const;

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const money = (minor: number, currency: string) => formatMoney({ amount: Math.round(minor), currency });
const range = (interval: Interval | null, show: (value: number) => string) =>
  interval ? `${show(interval.low)} to ${show(interval.high)}` : "after the test's data is in";

function discountText(discount: OfferDiscount, currency: string): string {
  if (discount.type === "percentage") return `${discount.percent}% off`;
  if (discount.type === "fixed_amount") return `${money(discount.amount, currency)} off`;
  return "no discount";
}

function verdictBadge(report: ExperimentReport) {
  if (report.endedAt) return <Badge>{report.promoted ? "Ended: variant promoted" : "Stopped"}</Badge>;
  if (report.status === "not_enough_data") return <Badge tone="info">Collecting data</Badge>;
  return report.status === "winner" ? <Badge tone="success">Winner found</Badge> : <Badge tone="attention">No clear difference</Badge>;
}

function comparisonText(arm: ArmReport, currency: string): string {
  if (arm.key === "control") return "Current offer";
  if (!arm.comparison || !arm.revenueDifference) return "Not enough data yet";
  const difference = `${money(arm.revenueDifference.estimate, currency)} per purchase (${range(arm.revenueDifference, (v) => money(v, currency))})`;
  if (arm.comparison === "better") return `Better: +${difference}`;
  if (arm.comparison === "worse") return `Worse: ${difference}`;
  return `No clear difference: ${difference}`;
}

export function ExperimentVerdicts({
  reports,
  currency,
  onAction,
  busy = false,
  showFunnel = false,
}: {
  reports: ExperimentReport[];
  currency: string;
  onAction: (action: ExperimentAction) => void;
  busy?: boolean;
  /** On the dashboard: name each experiment's funnel. */
  showFunnel?: boolean;
}) {
  const [confirm, setConfirm] = useState<{ report: ExperimentReport; arm: ArmReport } | null>(null);
  if (reports.length === 0) return null;
  return (
    <BlockStack gap="400">
      {reports.map((report) => (
        <Card key={report.id}>
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingMd">
                {SLOT_NAMES[report.slot]} test{showFunnel ? ` in “${report.funnelName}”` : ""}
              </Text>
              {verdictBadge(report)}
            </InlineStack>
            <Text as="p" tone="subdued">
              Started {report.startedAt.slice(0, 10)}
              {report.endedAt ? `, ended ${report.endedAt.slice(0, 10)}` : ""}. The verdict compares what each variant earned per
              purchase that saw it, over its first {report.horizon.toLocaleString("en-US")} purchases, so checking often cannot fool it.
            </Text>
            <Banner tone={report.status === "winner" ? "success" : "info"}>
              <p>{report.message}</p>
            </Banner>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
              headings={["Variant", "What it offers", "Purchases that saw it", "Take rate", "Revenue per purchase", "Compared with the current offer"]}
              rows={report.arms.map((arm) => [
                `${arm.name} (weight ${arm.weight})${report.promoted === arm.key ? " · promoted" : ""}`,
                `${arm.product}, ${discountText(arm.discount, currency)}: “${arm.headline}”`,
                arm.exposed.toLocaleString("en-US"),
                `${percent(arm.takeRate)}${arm.takeRateInterval ? ` (${range(arm.takeRateInterval, (v) => percent(v))})` : ""}`,
                `${arm.revenuePerExposure === null ? "–" : money(arm.revenuePerExposure, currency)}${
                  arm.revenueInterval ? ` (${range(arm.revenueInterval, (v) => money(Math.max(0, v), currency))})` : ""
                }`,
                comparisonText(arm, currency),
              ])}
            />
            {report.endedAt ? null : (
              <InlineStack gap="200">
                {report.winner && report.winner !== "control" ? (
                  <Button
                    variant="primary"
                    disabled={busy}
                    onClick={() => setConfirm({ report, arm: report.arms.find((arm) => arm.key === report.winner)! })}
                  >
                    Promote winner
                  </Button>
                ) : null}
                {report.arms
                  .filter((arm) => arm.key !== report.winner || arm.key === "control")
                  .map((arm) => (
                    <Button key={arm.key} disabled={busy} onClick={() => setConfirm({ report, arm })}>
                      {arm.key === "control" ? "Keep the current offer" : `Make ${arm.name} the offer`}
                    </Button>
                  ))}
                <Button tone="critical" variant="plain" disabled={busy} onClick={() => onAction({ intent: "stopExperiment", experimentId: report.id })}>
                  Stop without changing the offer
                </Button>
              </InlineStack>
            )}
          </BlockStack>
        </Card>
      ))}
      <Modal
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm ? `${confirm.arm.key === "control" ? "Keep the current offer" : `Make ${confirm.arm.name} the offer`}?` : ""}
        primaryAction={{
          content: confirm?.arm.key === "control" ? "Keep it and end the test" : "Make it the offer and end the test",
          loading: busy,
          onAction: () => {
            if (confirm) onAction({ intent: "promoteArm", experimentId: confirm.report.id, arm: confirm.arm.key });
            setConfirm(null);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirm(null) }]}
      >
        <Modal.Section>
          {confirm ? (
            <BlockStack gap="200">
              <Text as="p">
                Every buyer will see {confirm.arm.product}, {discountText(confirm.arm.discount, currency)}, “{confirm.arm.headline}”. The test ends
                and its results stay here.
              </Text>
              {confirm.report.winner !== confirm.arm.key ? (
                <Text as="p" tone="caution">
                  {confirm.report.status === "not_enough_data"
                    ? "The test does not have enough data yet: this choice is yours, not the test's."
                    : "This is not the variant the test picked: the choice is yours."}
                </Text>
              ) : null}
            </BlockStack>
          ) : null}
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}
