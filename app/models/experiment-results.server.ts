import {
  type ArmImpression,
  type ArmOfferLine,
  type ExperimentSlot,
  type Interval,
  type OfferDiscount,
  armName,
  experimentResults,
} from "@upstack/core";
import db from "../db.server";
import { listExperiments, type StoredExperiment } from "./experiment.server";

/**
 * The results of a shop's experiments, per arm: purchases that saw it, take
 * rate, and revenue per exposed purchase (what the offer's attributed order
 * lines added, net of refunds, joined to the purchase by its checkout token),
 * with the verdict of core's fixed-horizon test (experimentResults), which
 * says "not enough data yet" until every arm has its horizon of purchases.
 * Read from the events and order lines that carry the experiment's id, so an
 * ended experiment's results stay as they were.
 */

export type ArmReport = {
  key: string;
  name: string;
  weight: number;
  /** What the arm offers, in the merchant's words. */
  product: string;
  discount: OfferDiscount;
  headline: string;
  exposed: number;
  accepts: number;
  /** Net offer revenue, minor units of the shop currency. */
  revenue: number;
  takeRate: number | null;
  revenuePerExposure: number | null;
  /** From the verdict, once there is one: 95% intervals, and the difference from the current offer at the test's level. */
  takeRateInterval: Interval | null;
  revenueInterval: Interval | null;
  revenueDifference: Interval | null;
  comparison: "better" | "worse" | "no_clear_difference" | null;
};

export type ExperimentReport = {
  id: string;
  funnelId: string;
  funnelName: string;
  slot: ExperimentSlot;
  startedAt: string;
  endedAt: string | null;
  promoted: string | null;
  status: "not_enough_data" | "winner" | "no_clear_difference";
  winner: string | null;
  horizon: number;
  message: string;
  arms: ArmReport[];
};

export async function experimentReports(
  shop: string,
  options: { funnelId?: string; from?: Date; to?: Date } = {},
): Promise<ExperimentReport[]> {
  const experiments = await listExperiments(shop, options);
  if (experiments.length === 0) return [];
  const ids = experiments.map((experiment) => experiment.id);
  // By funnel too: the (shop, funnelId, ...) indexes find the rows.
  const funnelIds = [...new Set(experiments.map((experiment) => experiment.funnelId))];
  const [events, offerLines, funnels] = await Promise.all([
    db.offerEvent.findMany({
      where: { shop, funnelId: { in: funnelIds }, experimentId: { in: ids }, type: { in: ["impression", "accept"] }, purchaseKey: { not: null } },
      select: { experimentId: true, type: true, purchaseKey: true, arm: true, occurredAt: true },
    }),
    db.orderOfferLine.findMany({
      where: { shop, funnelId: { in: funnelIds }, experimentId: { in: ids } },
      select: { experimentId: true, orderId: true, lineItemId: true, amountShop: true },
    }),
    db.funnel.findMany({ where: { shop, id: { in: funnelIds } }, select: { id: true, name: true } }),
  ]);
  const orderIds = [...new Set(offerLines.map((line) => line.orderId))];
  const [orders, refunds] = await Promise.all([
    db.order.findMany({ where: { shop, orderId: { in: orderIds } }, select: { orderId: true, checkoutToken: true } }),
    db.orderRefund.findMany({ where: { shop, orderId: { in: orderIds } }, select: { lines: true } }),
  ]);
  const tokenOf = new Map(orders.map((order) => [order.orderId, order.checkoutToken]));
  const refundedOf = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of JSON.parse(refund.lines) as { lineItemId: string; amountShop: number }[]) {
      refundedOf.set(line.lineItemId, (refundedOf.get(line.lineItemId) ?? 0) + line.amountShop);
    }
  }
  const nameOf = new Map(funnels.map((funnel) => [funnel.id, funnel.name]));
  return experiments.map((experiment) => {
    const impressions: ArmImpression[] = [];
    const accepted = new Set<string>();
    for (const event of events) {
      if (event.experimentId !== experiment.id || !event.purchaseKey) continue;
      if (event.type === "impression" && event.arm) impressions.push({ purchaseKey: event.purchaseKey, arm: event.arm, occurredAt: event.occurredAt });
      if (event.type === "accept") accepted.add(event.purchaseKey);
    }
    const lines: ArmOfferLine[] = [];
    for (const line of offerLines) {
      const purchaseKey = tokenOf.get(line.orderId);
      if (line.experimentId !== experiment.id || !purchaseKey) continue;
      lines.push({ purchaseKey, amount: line.amountShop, refunded: refundedOf.get(line.lineItemId) ?? 0 });
    }
    return report(experiment, nameOf.get(experiment.funnelId) ?? "Deleted funnel", impressions, accepted, lines);
  });
}

function report(
  experiment: StoredExperiment,
  funnelName: string,
  impressions: ArmImpression[],
  accepted: Set<string>,
  lines: ArmOfferLine[],
): ExperimentReport {
  const { arms, verdict } = experimentResults({ arms: experiment.arms.map((arm) => arm.key), impressions, accepted, lines });
  const decided = verdict.status === "not_enough_data" ? null : verdict.variants;
  return {
    id: experiment.id,
    funnelId: experiment.funnelId,
    funnelName,
    slot: experiment.slot,
    startedAt: experiment.startedAt.toISOString(),
    endedAt: experiment.endedAt?.toISOString() ?? null,
    promoted: experiment.promoted,
    status: verdict.status,
    winner: verdict.status === "not_enough_data" ? null : verdict.winner,
    horizon: verdict.horizon,
    message: verdict.message,
    arms: experiment.arms.map((arm, index) => {
      const totals = arms[index]!;
      const result = decided?.find((variant) => variant.key === arm.key) ?? null;
      const product = arm.offer.product;
      return {
        key: arm.key,
        name: armName(arm.key),
        weight: arm.weight,
        product: `${product.title}${product.variantTitle ? ` (${product.variantTitle})` : ""}`,
        discount: arm.offer.discount,
        headline: "title" in arm.offer.copy ? arm.offer.copy.title : arm.offer.copy.headline,
        exposed: totals.exposed,
        accepts: totals.accepts,
        revenue: totals.revenue,
        takeRate: totals.takeRate,
        revenuePerExposure: totals.revenuePerExposure,
        takeRateInterval: result?.takeRate ?? null,
        revenueInterval: result?.revenuePerExposure ?? null,
        revenueDifference: result?.revenueDifference ?? null,
        comparison: result?.comparison ?? null,
      };
    }),
  };
}
