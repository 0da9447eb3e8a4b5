import { Banner, Text } from "@shopify/polaris";
import { formatCount, formatDate } from "./format";

export type BackfillState = {
  readonly state: "running" | "done" | "failed";
  /** ISO time: orders placed since then are read. */
  readonly since: string;
  readonly ordersRead: number;
  readonly lastError: string | null;
};

/** The backfill of past orders, while it runs or when it failed; nothing once it is done. */
export function BackfillBanner({ backfill }: { backfill: BackfillState | null }) {
  if (!backfill || backfill.state === "done") return null;
  if (backfill.state === "failed") {
    return (
      <Banner tone="critical" title="Upstack could not finish reading your past orders">
        <Text as="p">
          It read {formatCount(backfill.ordersRead)} orders placed since {formatDate(backfill.since)} and stopped:{" "}
          {backfill.lastError ?? "Shopify did not say why"}. New orders are still counted; the comparison with before
          Upstack may miss some orders.
        </Text>
      </Banner>
    );
  }
  return (
    <Banner tone="info" title="Reading your past orders">
      <Text as="p">
        Upstack is reading the orders placed since {formatDate(backfill.since)} (the last 60 days Shopify shares) to
        learn your average order value before Upstack: {formatCount(backfill.ordersRead)} read so far. The numbers below
        fill in as it goes; open this page again in a few minutes to see more.
      </Text>
    </Banner>
  );
}

/** Few orders in the range: the numbers exist but swing with every order. */
export function LowDataBanner({ orders, enough }: { orders: number; enough: number }) {
  return (
    <Banner tone="warning" title="Too few orders to read much into yet">
      <Text as="p">
        {formatCount(orders)} {orders === 1 ? "order" : "orders"} in this range. Averages and take rates swing a lot
        with each order until there are about {formatCount(enough)}: choose a longer range, or come back when more
        orders are in.
      </Text>
    </Banner>
  );
}
